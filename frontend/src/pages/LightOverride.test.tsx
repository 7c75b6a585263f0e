import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '../lib/api/schema';
import { FakeApi, problem, reply } from '../test/fakeApi';
import { measureDetail, referenceApi, userViews, users } from '../test/fixtures';
import { renderApp } from '../test/render';

type S = components['schemas'];

const REASON = 'Das Land hat die Portalanbindung verschoben; das liegt nicht bei uns.';

function overridden(version = 4): S['MeasureDetail'] {
  const base = measureDetail();
  return measureDetail({
    version,
    light: {
      ...base.light,
      light: 'yellow',
      computed: 'red',
      reasons: ['past_planned_end'],
      override: {
        light: 'yellow',
        reason: REASON,
        by_user_id: 2,
        at: '2026-11-19T10:15:00Z',
      },
    },
  });
}

function api() {
  return referenceApi(new FakeApi())
    .on('get', '/api/v1/measures/{id}', () => reply(200, measureDetail(), { etag: '"v3"' }))
    .on('get', '/api/v1/measures/{id}/updates', () => [])
    .on('get', '/api/v1/audit', () => ({ items: [], total: 0, page: 1, per_page: 20 }))
    .on('get', '/api/v1/users', () => userViews);
}

describe('Ampel-Übersteuerung', () => {
  it('the officer sets an override with a reason; computed and manual light, who and when show', async () => {
    const fake = api().on('put', '/api/v1/measures/{id}/traffic-light-override', () =>
      reply(200, overridden(), { etag: '"v4"' }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/measures/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Ampel übersteuern' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ampel übersteuern: M-001' });
    expect(dialog).toHaveTextContent('Nach der dokumentierten Regel ergibt sich „im Plan“');

    // Nothing chosen, reason too short: both named, nothing sent.
    await userEvent.type(within(dialog).getByLabelText(/Begründung/), 'zu kurz');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ampel setzen' }));
    const summary = await within(dialog).findByRole('alert');
    expect(summary).toHaveTextContent('Ampel: Bitte wählen Sie eine Ampel.');
    expect(summary).toHaveTextContent('Begründung: Bitte mindestens 10 Zeichen eingeben.');
    expect(within(dialog).getByLabelText(/Begründung/)).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsTo('put', '/api/v1/measures/1/traffic-light-override')).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('radio', { name: 'gefährdet' }));
    await userEvent.clear(within(dialog).getByLabelText(/Begründung/));
    await userEvent.type(within(dialog).getByLabelText(/Begründung/), REASON);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ampel setzen' }));

    expect(
      await screen.findByText('Die Ampel wurde manuell auf „gefährdet“ gesetzt.'),
    ).toBeVisible();
    expect(screen.queryByRole('dialog')).toBeNull();
    const [call] = fake.callsTo('put', '/api/v1/measures/1/traffic-light-override');
    expect(call?.headers.get('if-match')).toBe('"v3"');
    expect(call?.body).toEqual({ light: 'yellow', reason: REASON });

    const card = screen.getByRole('region', { name: 'Ampel und Begründung' });
    expect(within(card).getByText('Berechnet nach der Regel').nextElementSibling).toHaveTextContent(
      'kritisch',
    );
    expect(within(card).getByText('gefährdet')).toBeVisible();
    expect(card.querySelector('.big-light')).toHaveTextContent('gefährdet(manuell gesetzt)');
    expect(card).toHaveTextContent(`„${REASON}“`);
    expect(await within(card).findByText(/von Olga Officer am 19\.11\.2026/)).toBeVisible();
    expect(within(card).getByRole('button', { name: 'Übersteuerung ändern' })).toBeVisible();
  });

  it('shows the server’s field error at the field (422)', async () => {
    const fake = api().on('put', '/api/v1/measures/{id}/traffic-light-override', () =>
      problem(422, 'validation_failed', {
        errors: [{ field: 'reason', code: 'too_long', message: 'must be at most 2000 characters' }],
      }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/measures/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Ampel übersteuern' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'kritisch' }));
    await userEvent.type(within(dialog).getByLabelText(/Begründung/), REASON);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ampel setzen' }));
    const field = within(dialog).getByLabelText(/Begründung/);
    expect(
      await within(dialog).findByText('Höchstens 2000 Zeichen.', { selector: '.field-error' }),
    ).toBeVisible();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field.getAttribute('aria-describedby')).toContain('-error');
  });

  it('on 412 keeps the reason, loads the current state and saves with the new ETag', async () => {
    let current = measureDetail();
    const fake = api()
      .on('get', '/api/v1/measures/{id}', () =>
        reply(200, current, { etag: `"v${current.version}"` }),
      )
      .on('put', '/api/v1/measures/{id}/traffic-light-override', ({ headers }) =>
        headers.get('if-match') === '"v5"'
          ? reply(200, overridden(6), { etag: '"v6"' })
          : problem(412, 'version_mismatch', { current_version: 5 }),
      );
    await renderApp({ api: fake, user: users.officer, route: '/measures/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Ampel übersteuern' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'gefährdet' }));
    await userEvent.type(within(dialog).getByLabelText(/Begründung/), REASON);
    current = measureDetail({ version: 5, progress: 70 }); // someone saves meanwhile
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ampel setzen' }));

    const conflict = await within(dialog).findByRole('alert');
    expect(conflict).toHaveTextContent('inzwischen von jemand anderem geändert');
    await userEvent.click(within(conflict).getByRole('button', { name: 'Aktuellen Stand laden' }));
    expect(await within(dialog).findByText(/Der aktuelle Stand ist geladen/)).toBeVisible();
    expect(within(dialog).getByLabelText(/Begründung/)).toHaveValue(REASON);
    expect(within(dialog).getByRole('radio', { name: 'gefährdet' })).toBeChecked();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Ampel setzen' }));
    expect(
      await screen.findByText('Die Ampel wurde manuell auf „gefährdet“ gesetzt.'),
    ).toBeVisible();
    const calls = fake.callsTo('put', '/api/v1/measures/1/traffic-light-override');
    expect(calls.map((c) => c.headers.get('if-match'))).toEqual(['"v3"', '"v5"']);
  });

  it('the officer removes the override after confirming', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = api()
      .on('get', '/api/v1/measures/{id}', () => reply(200, overridden(), { etag: '"v4"' }))
      .on('delete', '/api/v1/measures/{id}/traffic-light-override', () =>
        reply(200, measureDetail({ version: 5 }), { etag: '"v5"' }),
      );
    await renderApp({ api: fake, user: users.officer, route: '/measures/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Übersteuerung aufheben' }));
    expect(
      await screen.findByText(
        'Die Übersteuerung wurde aufgehoben. Es gilt wieder die berechnete Ampel.',
      ),
    ).toBeVisible();
    const [call] = fake.callsTo('delete', '/api/v1/measures/1/traffic-light-override');
    expect(call?.headers.get('if-match')).toBe('"v4"');
    expect(screen.getByRole('button', { name: 'Ampel übersteuern' })).toBeVisible();
  });

  it('council reads the override (role instead of a name) and sees no buttons', async () => {
    const fake = api().on('get', '/api/v1/measures/{id}', () =>
      reply(200, overridden(), { etag: '"v4"' }),
    );
    await renderApp({ api: fake, user: users.council, route: '/measures/1' });
    const card = await screen.findByRole('region', { name: 'Ampel und Begründung' });
    expect(card).toHaveTextContent(`„${REASON}“`);
    expect(card).toHaveTextContent('von der bzw. dem Digitalisierungsbeauftragten am 19.11.2026');
    expect(within(card).queryByRole('button')).toBeNull();
    expect(fake.callsTo('get', '/api/v1/users')).toHaveLength(0);
  });

  it('the admin may not override (officer only)', async () => {
    await renderApp({ api: api(), user: users.admin, route: '/measures/1' });
    await screen.findByRole('heading', { level: 1, name: 'M-001 Online-Terminvergabe' });
    expect(screen.queryByRole('button', { name: 'Ampel übersteuern' })).toBeNull();
  });

  it('lists show the manual light together with the computed one', async () => {
    const summary = overridden();
    const fake = api().on('get', '/api/v1/measures', () => ({
      items: [{ ...summary }],
      total: 1,
      page: 1,
      per_page: 25,
    }));
    await renderApp({ api: fake, user: users.council, route: '/measures' });
    const table = await screen.findByRole('table', { name: 'Maßnahmen' });
    expect(table).toHaveTextContent('gefährdet(manuell gesetzt; berechnet: kritisch)');
  });
});
