/** Typed sample data for tests. */
import type { components } from '../lib/api/schema';

type Me = components['schemas']['MeResponse'];

export const users = {
  officer: {
    id: 2,
    username: 'officer',
    display_name: 'Olga Officer',
    role: 'officer',
    department_ids: [],
  },
  editor: {
    id: 4,
    username: 'editor1',
    display_name: 'Erika Editor',
    role: 'editor',
    department_ids: [1],
  },
  council: {
    id: 3,
    username: 'council',
    display_name: 'Carl Council',
    role: 'council',
    department_ids: [],
  },
  admin: { id: 1, username: 'admin', display_name: 'Ada Admin', role: 'admin', department_ids: [] },
} satisfies Record<string, Me>;

export function token(user: Me): components['schemas']['TokenResponse'] {
  return { access_token: `token-${user.username}`, token_type: 'Bearer', expires_in: 900, user };
}
