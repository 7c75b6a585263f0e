import { render } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import type { ReactElement } from 'react';
import { AppRoutes } from '../app/AppRoutes';
import { createQueryClient } from '../app/queryClient';
import { SessionProvider } from '../lib/auth/context';
import { Session, type User } from '../lib/auth/session';
import { FakeApi, problem } from './fakeApi';
import { token } from './fixtures';

export const BASE_URL = 'http://kurs.test';

/**
 * Renders the whole app at `route` against `api`. With `user`, the fake answers the
 * start-up refresh with a session for that user (as after a reload with a valid cookie).
 */
export async function renderApp(options: {
  api?: FakeApi;
  route?: string;
  user?: User;
  ui?: ReactElement;
}) {
  const api = options.api ?? new FakeApi();
  const { user } = options;
  api.on('post', '/api/v1/auth/refresh', () => (user ? token(user) : problem(401, 'no_session')));
  const session = new Session({ baseUrl: BASE_URL, fetch: api.fetch });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  await session.restore();
  const utils = render(
    <SessionProvider session={session}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[options.route ?? '/']}>
          {options.ui ?? <AppRoutes />}
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
  return { ...utils, api, session, queryClient };
}
