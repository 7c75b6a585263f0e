import { beforeEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { problem, reply } from '../../test/fakeApi';
import { users } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { reportingFakeApi, reportingItem as item } from '../../test/reportingFake';

function api() {
  return reportingFakeApi()
    .on('get', '/api/v1/reporting-items/{id}', () => reply(200, item(), { etag: '"v3"' }))
    .on('get', '/api/v1/reporting-items', () => [])
    .on('get', '/api/v1/measures', () => ({ items: [], total: 0, page: 1, per_page: 200 }));
}

const ROUTE = '/berichtsrunden/antwort/7';

describe('Berichtspflicht beantworten', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('saves a draft with If-Match and says so', async () => {
    const fake = api().on('put', '/api/v1/reporting-items/{id}/draft', ({ body }) =>
      reply(200, item({ version: 4, draft: { ...body, saved_at: '2027-02-20T09:00:00Z' } }), {
        etag: '"v4"',
      }),
    );
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    const progress = await screen.findByRole('spinbutton', { name: 'Fortschritt in Prozent' });
    await userEvent.clear(progress);
    await userEvent.type(progress, '55');
    await userEvent.type(screen.getByLabelText('Sachstand'), 'Ausschreibung läuft.');
    await userEvent.click(screen.getByRole('button', { name: 'Entwurf speichern' }));

    expect(await screen.findByText(/Der Entwurf wurde gespeichert/)).toBeVisible();
    const [call] = fake.callsTo('put', '/api/v1/reporting-items/7/draft');
    expect(call?.headers.get('if-match')).toBe('"v3"');
    expect(call?.body).toEqual({ status_id: 2, progress: 55, narrative: 'Ausschreibung läuft.' });
    expect(fake.callsTo('post', '/api/v1/reporting-items/7/submit')).toHaveLength(0);
    // The text stays in the form after saving.
    expect(screen.getByLabelText('Sachstand')).toHaveValue('Ausschreibung läuft.');
  });

  it('submits: saves the draft first, then submits with the new ETag', async () => {
    const fake = api()
      .on('put', '/api/v1/reporting-items/{id}/draft', ({ body }) =>
        reply(200, item({ version: 4, draft: { ...body, saved_at: '2027-02-20T09:00:00Z' } }), {
          etag: '"v4"',
        }),
      )
      .on('post', '/api/v1/reporting-items/{id}/submit', () =>
        reply(200, item({ version: 5, state: 'submitted' }), { etag: '"v5"' }),
      );
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    await userEvent.type(await screen.findByLabelText('Sachstand'), 'Pilot abgeschlossen.');
    await userEvent.click(screen.getByRole('button', { name: 'Einreichen' }));

    expect(
      await screen.findByText('Ihre Antwort zu M-001 ist eingereicht.', { exact: false }),
    ).toBeVisible();
    const [submit] = fake.callsTo('post', '/api/v1/reporting-items/7/submit');
    expect(submit?.headers.get('if-match')).toBe('"v4"');
    expect(fake.callsTo('put', '/api/v1/reporting-items/7/draft')[0]?.body).toMatchObject({
      narrative: 'Pilot abgeschlossen.',
    });
  });

  it('does not submit without a Sachstand', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    await userEvent.click(await screen.findByRole('button', { name: 'Einreichen' }));
    expect(await screen.findByText('Bitte korrigieren Sie die markierten Angaben.')).toBeVisible();
    expect(screen.getByLabelText('Sachstand')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.calls.filter((c) => c.path.includes('/reporting-items/7/'))).toHaveLength(0);
  });

  it('on 412 keeps the typed text, shows the saved state and saves again', async () => {
    let version = 3;
    const fake = api()
      .on('get', '/api/v1/reporting-items/{id}', () =>
        version === 3
          ? reply(200, item(), { etag: '"v3"' })
          : reply(
              200,
              item({
                version: 6,
                draft: {
                  status_id: 2,
                  progress: 45,
                  narrative: 'Text der Kollegin.',
                  saved_at: '2027-02-20T10:00:00Z',
                },
              }),
              { etag: '"v6"' },
            ),
      )
      .on('put', '/api/v1/reporting-items/{id}/draft', ({ headers, body }) =>
        headers.get('if-match') === '"v6"'
          ? reply(200, item({ version: 7, draft: { ...body, saved_at: '2027-02-20T11:00:00Z' } }), {
              etag: '"v7"',
            })
          : problem(412, 'version_mismatch', { current_version: 6 }),
      );
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    await userEvent.type(await screen.findByLabelText('Sachstand'), 'Mein wichtiger Text.');
    version = 6; // a colleague saves meanwhile
    await userEvent.click(screen.getByRole('button', { name: 'Entwurf speichern' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Die Antwort wurde inzwischen geändert');
    expect(alert).toHaveTextContent('Text der Kollegin.');
    expect(alert).toHaveTextContent(/45\s%/);
    expect(screen.getByLabelText('Sachstand')).toHaveValue('Mein wichtiger Text.');
    expect(screen.getByRole('button', { name: 'Entwurf speichern' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Meine Änderungen erneut speichern' }),
    );
    expect(await screen.findByText(/Der Entwurf wurde gespeichert/)).toBeVisible();
    const calls = fake.callsTo('put', '/api/v1/reporting-items/7/draft');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.headers.get('if-match')).toBe('"v6"');
    expect(calls[1]?.body).toMatchObject({ narrative: 'Mein wichtiger Text.' });
  });

  it('on 412 can take the saved state and keep the own text', async () => {
    let version = 3;
    const fake = api()
      .on('get', '/api/v1/reporting-items/{id}', () =>
        version === 3
          ? reply(200, item(), { etag: '"v3"' })
          : reply(
              200,
              item({
                version: 6,
                draft: {
                  status_id: 1,
                  progress: 10,
                  narrative: 'Alt.',
                  saved_at: '2027-02-20T10:00:00Z',
                },
              }),
              { etag: '"v6"' },
            ),
      )
      .on('put', '/api/v1/reporting-items/{id}/draft', () =>
        problem(412, 'version_mismatch', { current_version: 6 }),
      );
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    await userEvent.type(await screen.findByLabelText('Sachstand'), 'Neu.');
    version = 6;
    await userEvent.click(screen.getByRole('button', { name: 'Entwurf speichern' }));
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Gespeicherten Stand übernehmen (meinen Sachstandstext behalten)',
      }),
    );
    expect(screen.getByLabelText('Sachstand')).toHaveValue('Neu.');
    expect(screen.getByRole('spinbutton', { name: 'Fortschritt in Prozent' })).toHaveValue(10);
    expect(screen.getByLabelText('Status')).toHaveValue('1');
  });

  it('shows the officer’s return comment prominently', async () => {
    const fake = api().on('get', '/api/v1/reporting-items/{id}', () =>
      reply(
        200,
        item({
          state: 'returned',
          review_comment: 'Bitte den Zeitplan für die Einführung ergänzen.',
          reviewed_by_name: 'Olga Officer',
          reviewed_at: '2027-02-18T08:00:00Z',
          draft: {
            status_id: 2,
            progress: 50,
            narrative: 'Erster Entwurf.',
            saved_at: '2027-02-17T08:00:00Z',
          },
        }),
        { etag: '"v5"' },
      ),
    );
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    const heading = await screen.findByRole('heading', {
      name: 'Zurückgegeben – bitte überarbeiten',
    });
    expect(heading.closest('section')).toHaveTextContent(
      'Bitte den Zeitplan für die Einführung ergänzen.',
    );
    expect(screen.getByLabelText('Sachstand')).toHaveValue('Erster Entwurf.');
  });

  it('is read-only once the round is frozen', async () => {
    const fake = api().on('get', '/api/v1/reporting-items/{id}', () =>
      reply(200, item({ round_state: 'frozen', overdue: true }), { etag: '"v3"' }),
    );
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    expect(await screen.findByText(/Die Berichtsrunde ist eingefroren/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Einreichen' })).toBeNull();
    expect(screen.queryByLabelText('Sachstand')).toBeNull();
  });

  it('says why on 409 when the round was frozen meanwhile', async () => {
    let frozen = false;
    const fake = api()
      .on('get', '/api/v1/reporting-items/{id}', () =>
        reply(200, item({ round_state: frozen ? 'frozen' : 'open' }), { etag: '"v3"' }),
      )
      .on('put', '/api/v1/reporting-items/{id}/draft', () =>
        problem(409, 'conflict', {
          errors: [{ field: 'round_frozen', code: 'conflict', message: 'the round is frozen' }],
        }),
      );
    await renderApp({ api: fake, user: users.editor, route: ROUTE });
    await userEvent.type(await screen.findByLabelText('Sachstand'), 'Zu spät.');
    frozen = true;
    await userEvent.click(screen.getByRole('button', { name: 'Entwurf speichern' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Die Berichtsrunde ist inzwischen als Sachstandsbericht eingefroren',
    );
    expect(await screen.findByText(/Antworten sind nicht mehr möglich/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Einreichen' })).toBeNull();
  });

  it('shows the grace days with the deadline', async () => {
    await renderApp({ api: api(), user: users.editor, route: ROUTE });
    expect(await screen.findByText(/Frist 01\.03\.2027 \(Nachfrist 3 Tage\)/)).toBeVisible();
  });
});
