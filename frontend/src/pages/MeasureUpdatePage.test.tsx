import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeApi, problem, reply } from '../test/fakeApi';
import { measureDetail, measureSummary, referenceApi, users } from '../test/fixtures';
import { renderApp } from '../test/render';

function api() {
  return referenceApi(new FakeApi())
    .on('get', '/api/v1/measures', () => ({
      items: [
        measureSummary(),
        measureSummary({
          id: 2,
          code: 'M-002',
          title: 'E-Akte',
          last_update_date: null,
          light: {
            light: 'pending',
            computed: 'pending',
            reasons: ['never_updated'],
            override: null,
          },
        }),
        measureSummary({ id: 3, code: 'M-003', title: 'Fremd', lead_department_id: 2 }),
      ],
      total: 3,
      page: 1,
      per_page: 200,
    }))
    .on('get', '/api/v1/measures/{id}', () => reply(200, measureDetail(), { etag: '"3"' }))
    .on('get', '/api/v1/measures/{id}/updates', () => []);
}

describe('Meine Aktualisierungen', () => {
  it('lists the editor’s measures, never updated first', async () => {
    await renderApp({ api: api(), user: users.editor, route: '/my-updates' });
    const table = await screen.findByRole('table', { name: 'Meine Aktualisierungen' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2); // M-003 belongs to another department
    expect(rows[0]).toHaveTextContent('M-002');
    expect(rows[0]).toHaveTextContent('noch nie gemeldet');
    expect(within(rows[0]!).getByRole('link', { name: 'M-002 aktualisieren' })).toHaveAttribute(
      'href',
      '/measures/2/update',
    );
    expect(screen.getByText('1 von 2 Maßnahmen brauchen eine Meldung.')).toBeVisible();
  });
});

describe('Sachstand aktualisieren', () => {
  it('saves status, progress, milestone and narrative in one PATCH with If-Match', async () => {
    const fake = api().on('patch', '/api/v1/measures/{id}', () =>
      reply(200, measureDetail({ progress: 60, version: 4 }), { etag: '"4"' }),
    );
    await renderApp({ api: fake, user: users.editor, route: '/measures/1/update' });
    const progress = await screen.findByRole('spinbutton', { name: 'Fortschritt in Prozent' });
    await userEvent.clear(progress);
    await userEvent.type(progress, '60');
    await userEvent.type(screen.getByLabelText('Sachstand'), 'Pilot abgeschlossen.');
    await userEvent.click(screen.getByRole('button', { name: 'Heute erreicht: Pilot' }));
    await userEvent.click(screen.getByRole('button', { name: 'Sachstand speichern' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'M-001 Online-Terminvergabe' }),
    ).toBeVisible();
    const [call] = fake.callsTo('patch', '/api/v1/measures/1');
    expect(call?.headers.get('if-match')).toBe('"3"');
    expect(call?.body).toMatchObject({
      progress: 60,
      status_id: 2,
      narrative: 'Pilot abgeschlossen.',
      milestones: [{ id: 5, title: 'Pilot', due: '2026-06-30' }],
    });
    const body = call?.body as { milestones: { done: string }[] };
    expect(body.milestones[0]?.done).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('requires a narrative before sending anything', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.editor, route: '/measures/1/update' });
    await userEvent.click(await screen.findByRole('button', { name: 'Sachstand speichern' }));
    expect(await screen.findByText('Bitte korrigieren Sie die markierten Angaben.')).toBeVisible();
    expect(screen.getByLabelText('Sachstand')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsTo('patch', '/api/v1/measures/1')).toHaveLength(0);
  });

  it('on 412 shows what changed, keeps the text and saves again with the new ETag', async () => {
    let version = 3;
    const fake = api()
      .on('patch', '/api/v1/measures/{id}', ({ headers }) =>
        headers.get('if-match') === '"5"'
          ? reply(200, measureDetail({ version: 6 }), { etag: '"6"' })
          : problem(412, 'version_mismatch', { current_version: 5 }),
      )
      .on('get', '/api/v1/measures/{id}', () => {
        const detail =
          version === 3
            ? measureDetail()
            : measureDetail({ progress: 55, version: 5, updated_at: '2026-11-20T10:00:00Z' });
        return reply(200, detail, { etag: `"${detail.version}"` });
      })
      .on('get', '/api/v1/measures/{id}/updates', () => [
        {
          id: 12,
          reporting_date: '2026-11-20',
          narrative: 'Kollegin hat gemeldet.',
          progress: 55,
          status_id: 2,
          status_label: 'in Umsetzung',
          author_name: 'Karl Kollege',
          created_at: '2026-11-20T10:00:00Z',
        },
      ]);
    await renderApp({ api: fake, user: users.editor, route: '/measures/1/update' });
    await userEvent.type(await screen.findByLabelText('Sachstand'), 'Mein wichtiger Text.');
    version = 5; // someone else saves meanwhile
    await userEvent.click(screen.getByRole('button', { name: 'Sachstand speichern' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Die Maßnahme wurde inzwischen geändert');
    expect(alert).toHaveTextContent(/40\s%/);
    expect(alert).toHaveTextContent(/55\s%/);
    expect(alert).toHaveTextContent('Karl Kollege');
    expect(screen.getByLabelText('Sachstand')).toHaveValue('Mein wichtiger Text.');

    await userEvent.click(
      screen.getByRole('button', { name: 'Meine Änderungen erneut speichern' }),
    );
    expect(
      await screen.findByRole('heading', { level: 1, name: 'M-001 Online-Terminvergabe' }),
    ).toBeVisible();
    const calls = fake.callsTo('patch', '/api/v1/measures/1');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.headers.get('if-match')).toBe('"5"');
    expect(calls[1]?.body).toMatchObject({ narrative: 'Mein wichtiger Text.' });
  });

  it('keeps a draft across a reload (e.g. after the session expired)', async () => {
    const first = await renderApp({ api: api(), user: users.editor, route: '/measures/1/update' });
    await userEvent.type(await screen.findByLabelText('Sachstand'), 'Halb fertig');
    first.unmount();
    await renderApp({ api: api(), user: users.editor, route: '/measures/1/update' });
    expect(await screen.findByLabelText('Sachstand')).toHaveValue('Halb fertig');
    expect(
      screen.getByText('Ihr nicht gespeicherter Entwurf wurde wiederhergestellt.'),
    ).toBeVisible();
  });

  it('returns to sign-in with a message when the session ends on save', async () => {
    const fake = api()
      .on('patch', '/api/v1/measures/{id}', () => problem(401, 'token_expired'))
      .on('post', '/api/v1/auth/refresh', () => problem(401, 'session_ended'));
    const app = await renderApp({ api: fake, user: users.editor, route: '/measures/1/update' });
    // The start-up refresh succeeded; from now on the server refuses.
    fake.on('post', '/api/v1/auth/refresh', () => problem(401, 'session_ended'));
    await userEvent.type(await screen.findByLabelText('Sachstand'), 'Text');
    await userEvent.click(screen.getByRole('button', { name: 'Sachstand speichern' }));
    expect(
      await screen.findByText('Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.'),
    ).toBeVisible();
    expect(app.session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
  });
});
