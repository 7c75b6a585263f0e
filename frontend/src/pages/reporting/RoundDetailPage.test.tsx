import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { problem, reply } from '../../test/fakeApi';
import { users } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import {
  reportDetail,
  reportingFakeApi,
  reportingItem,
  reportingRound,
} from '../../test/reportingFake';

const round = reportingRound();

const submitted = reportingItem({
  state: 'submitted',
  draft: {
    status_id: 2,
    progress: 60,
    narrative: 'Pilot abgeschlossen.',
    saved_at: '2027-02-24T09:00:00Z',
  },
  submitted_at: '2027-02-25T09:00:00Z',
  submitted_by_name: 'Erika Editor',
  version: 4,
});

const due = reportingItem({
  id: 8,
  measure: { id: 2, code: 'M-002', title: 'E-Akte' },
  department: { id: 2, name: 'Finanzen' },
  overdue: true,
  version: 1,
});

function api() {
  return reportingFakeApi()
    .on('get', '/api/v1/reporting-rounds/{id}', () => reply(200, round, { etag: '"v2"' }))
    .on('get', '/api/v1/reporting-items', () => [submitted, due]);
}

describe('Berichtsrunde (Digitalisierungsbeauftragte)', () => {
  it('groups the items per department with state and overdue flag as text', async () => {
    await renderApp({ api: api(), user: users.officer, route: '/berichtsrunden/3' });
    const finance = await screen.findByRole('table', { name: 'Finanzen' });
    expect(within(finance).getByRole('row', { name: /M-002/ })).toHaveTextContent(
      /fällig.*überfällig/,
    );
    const central = screen.getByRole('table', { name: 'Zentrale Dienste' });
    expect(within(central).getByRole('row', { name: /M-001/ })).toHaveTextContent('eingereicht');
  });

  it('returning needs a comment; approving sends If-Match of the item', async () => {
    const fake = api()
      .on('post', '/api/v1/reporting-items/{id}/approve', () => ({
        ...submitted,
        state: 'approved' as const,
      }))
      .on('post', '/api/v1/reporting-items/{id}/return', () => ({
        ...submitted,
        state: 'returned' as const,
      }));
    await renderApp({ api: fake, user: users.officer, route: '/berichtsrunden/3' });
    await userEvent.click(await screen.findByRole('button', { name: 'Prüfen: Antwort zu M-001' }));
    expect(screen.getByText('Pilot abgeschlossen.')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Zurückgeben' }));
    expect(screen.getByText('Bitte begründen Sie die Rückgabe in einem Kommentar.')).toBeVisible();
    expect(fake.callsTo('post', '/api/v1/reporting-items/7/return')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Freigeben' }));
    expect(await screen.findByText(/Die Antwort zu M-001 ist freigegeben/)).toBeVisible();
    const [call] = fake.callsTo('post', '/api/v1/reporting-items/7/approve');
    expect(call?.headers.get('if-match')).toBe('"v4"');
    // The API requires a JSON body even without a comment.
    expect(call?.body).toEqual({});
  });

  it('freezing explains immutability and opens the new report', async () => {
    const fake = api()
      .on('post', '/api/v1/reporting-rounds/{id}/freeze', () =>
        reply(201, reportDetail({ id: 12 })),
      )
      .on('get', '/api/v1/reports/{id}', () => new Promise(() => {}));
    await renderApp({ api: fake, user: users.officer, route: '/berichtsrunden/3' });
    await userEvent.click(await screen.findByRole('button', { name: 'Bericht einfrieren' }));
    const dialog = screen.getByRole('dialog', { name: 'Sachstandsbericht einfrieren' });
    expect(dialog).toHaveTextContent('kann danach nicht mehr geändert werden');
    expect(dialog).toHaveTextContent('2 Antworten sind noch nicht freigegeben.');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Jetzt endgültig einfrieren' }),
    );
    await screen.findByText('Wird geladen …');
    const [call] = fake.callsTo('post', '/api/v1/reporting-rounds/3/freeze');
    expect(call?.headers.get('if-match')).toBe('"v2"');
  });

  it('explains a 409 when the round was frozen meanwhile', async () => {
    const fake = api().on('post', '/api/v1/reporting-items/{id}/approve', () =>
      problem(409, 'conflict', {
        errors: [{ field: 'round_frozen', code: 'conflict', message: 'the round is frozen' }],
      }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/berichtsrunden/3' });
    await userEvent.click(await screen.findByRole('button', { name: 'Prüfen: Antwort zu M-001' }));
    await userEvent.click(screen.getByRole('button', { name: 'Freigeben' }));
    expect(
      await screen.findByText(/Die Berichtsrunde ist inzwischen als Sachstandsbericht eingefroren/),
    ).toBeVisible();
  });
});
