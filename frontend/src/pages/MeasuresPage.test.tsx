import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeApi, problem, reply } from '../test/fakeApi';
import { measureDetail, measureSummary, referenceApi, users } from '../test/fixtures';
import { renderApp } from '../test/render';

function api() {
  return referenceApi(new FakeApi())
    .on('get', '/api/v1/measures', ({ url }) => ({
      items: url.searchParams.get('light') === 'red' ? [] : [measureSummary()],
      total: url.searchParams.get('light') === 'red' ? 0 : 1,
      page: 1,
      per_page: 25,
    }))
    .on('get', '/api/v1/measures/{id}', () => reply(200, measureDetail(), { etag: '"3"' }))
    .on('get', '/api/v1/measures/{id}/updates', () => [
      {
        id: 9,
        reporting_date: '2026-10-01',
        narrative: 'Pilot läuft im Bürgerbüro.',
        progress: 40,
        status_id: 2,
        status_label: 'in Umsetzung',
        author_name: 'Erika Editor',
        created_at: '2026-10-01T10:00:00Z',
      },
    ])
    .on('get', '/api/v1/audit', () => ({
      items: [
        {
          id: 1,
          at: '2026-10-01T10:00:00Z',
          actor_name: 'Erika Editor',
          entity_type: 'measure',
          entity_id: 1,
          action: 'update',
          before: { progress: 30, version: 2 },
          after: { progress: 40, version: 3 },
        },
      ],
      total: 1,
      page: 1,
      per_page: 20,
    }));
}

describe('Maßnahmen', () => {
  it('lists measures with light text and filters through the URL', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.officer, route: '/measures' });
    const table = await screen.findByRole('table', { name: 'Maßnahmen' });
    expect(within(table).getByRole('link', { name: 'M-001' })).toBeVisible();
    expect(within(table).getByText('im Plan')).toBeVisible();
    expect(within(table).getByText('in Umsetzung')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('1 Maßnahme gefunden');

    await userEvent.selectOptions(screen.getByLabelText('Ampel'), 'kritisch');
    await userEvent.type(screen.getByLabelText('Suche'), 'Termin');
    await userEvent.click(screen.getByRole('button', { name: 'Filter anwenden' }));
    expect(await screen.findByText('Keine Maßnahmen entsprechen den Filtern.')).toBeVisible();
    const last = fake.callsTo('get', '/api/v1/measures').at(-1);
    expect(last?.search).toContain('light=red');
    expect(last?.search).toContain('q=Termin');
  });

  it('shows council no create button and no visibility filter', async () => {
    await renderApp({ api: api(), user: users.council, route: '/measures' });
    await screen.findByRole('table', { name: 'Maßnahmen' });
    expect(screen.queryByRole('link', { name: 'Neue Maßnahme' })).toBeNull();
    expect(screen.queryByLabelText('Sichtbarkeit')).toBeNull();
  });

  it('shows a measure with its history; the officer also sees the audit trail', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.officer, route: '/measures/1' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'M-001 Online-Terminvergabe' }),
    ).toBeVisible();
    expect(await screen.findByText('Pilot läuft im Bürgerbüro.')).toBeVisible();
    expect(await screen.findByRole('heading', { name: 'Änderungsprotokoll' })).toBeVisible();
    expect(await screen.findByText('progress')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Sachstand aktualisieren' })).toBeVisible();
  });

  it('shows council the measure read-only without the audit trail', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.council, route: '/measures/1' });
    await screen.findByRole('heading', { level: 1, name: 'M-001 Online-Terminvergabe' });
    expect(screen.queryByRole('link', { name: 'Sachstand aktualisieren' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Änderungsprotokoll' })).toBeNull();
    expect(fake.callsTo('get', '/api/v1/audit')).toHaveLength(0);
  });

  it('says so when a measure does not exist', async () => {
    const fake = api().on('get', '/api/v1/measures/{id}', () => problem(404, 'not_found'));
    await renderApp({ api: fake, user: users.council, route: '/measures/99' });
    expect(await screen.findByRole('alert')).toHaveTextContent('nicht gefunden');
  });
});
