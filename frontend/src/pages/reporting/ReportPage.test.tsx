import { beforeEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { reply } from '../../test/fakeApi';
import { users } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import {
  reportChanges as changes,
  reportDetail as report,
  reportingFakeApi,
} from '../../test/reportingFake';
import type { ReportChanges } from '../../lib/reporting';

function api(withChanges: ReportChanges = changes()) {
  return reportingFakeApi()
    .on('get', '/api/v1/reports/{id}', () => reply(200, report(), { etag: '"v1"' }))
    .on('get', '/api/v1/reports/{id}/changes', () => withChanges);
}

describe('Sachstandsbericht', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('shows the report with summary, Handlungsfeld, overdue items, hash and downloads', async () => {
    await renderApp({ api: api(), user: users.council, route: '/berichte/5' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sachstandsbericht März 2027' }),
    ).toBeVisible();
    expect(screen.getByText(/Vorlage FB 1\/042\/2027/)).toBeVisible();
    expect(screen.getByRole('heading', { name: 'HF1 Bürgerservice' })).toBeVisible();
    expect(screen.getByRole('row', { name: /M-001/ })).toHaveTextContent('in Umsetzung');
    expect(screen.getByRole('heading', { name: /Überfällige/ })).toBeVisible();
    expect(screen.getByText(/M-002 E-Akte – FB 2 Finanzen/)).toBeVisible();
    expect(screen.getByText(/Prüfsumme \(SHA-256\)/)).toBeVisible();
    for (const f of ['PDF', 'Excel', 'CSV', 'JSON'])
      expect(screen.getByRole('button', { name: `Als ${f}` })).toBeEnabled();
    // Council members read; only the officer withdraws.
    expect(screen.queryByRole('button', { name: 'Bericht zurückziehen' })).toBeNull();
  });

  it('lists the changes since the last report in their own tab', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.council, route: '/berichte/5' });
    const tab = await screen.findByRole('tab', { name: 'Änderungen seit dem letzten Bericht' });
    expect(fake.callsTo('get', '/api/v1/reports/5/changes')).toHaveLength(0);
    await userEvent.click(tab);
    expect(tab).toHaveAttribute('aria-selected', 'true');
    const panel = screen.getByRole('tabpanel');

    expect(await within(panel).findByText(/Verglichen mit/)).toHaveTextContent(
      'Sachstandsbericht November 2026',
    );
    expect(panel).toHaveTextContent('Insgesamt 8 Änderungen.');
    const status = within(panel).getByRole('table', { name: 'Statusänderungen' });
    expect(within(status).getByRole('row', { name: /M-001/ })).toHaveTextContent(
      /geplant\s*in Umsetzung/,
    );
    const lights = within(panel).getByRole('table', { name: 'Ampeländerungen' });
    expect(within(lights).getByRole('row', { name: /M-002/ })).toHaveTextContent(
      /im Plan\s*kritisch/,
    );
    const progress = within(panel).getByRole('table', { name: 'Fortschritt' });
    const rows = within(progress).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('M-001');
    expect(rows[0]).toHaveTextContent('+15 Prozentpunkte');
    expect(rows[1]).toHaveTextContent('−5 Prozentpunkte');
    expect(within(panel).getByRole('heading', { name: 'Neue Maßnahmen (1)' })).toBeVisible();
    expect(panel).toHaveTextContent('M-009 Chatbot');
    expect(
      within(panel).getByRole('heading', { name: 'Abgeschlossene Maßnahmen (0)' }),
    ).toBeVisible();
    expect(panel).toHaveTextContent('M-008 Fax-Server');
    const targets = within(panel).getByRole('table', { name: 'Geänderte Ziele und Termine' });
    expect(targets).toHaveTextContent('Geplantes Ende');
    expect(targets).toHaveTextContent(/30\.06\.2027/);
    expect(targets).toHaveTextContent(/65\.000,00\s€/);
  });

  it('opens the changes tab from a link and says when there is nothing to compare', async () => {
    const first = changes({ previous_report: null });
    await renderApp({
      api: api(first),
      user: users.council,
      route: '/berichte/5?ansicht=aenderungen',
    });
    expect(await screen.findByText(/Dies ist der erste Sachstandsbericht/)).toBeVisible();
  });

  it('lets the officer withdraw the report with a reason', async () => {
    const fake = api().on('post', '/api/v1/reports/{id}/withdraw', ({ body }) =>
      reply(
        200,
        report({
          version: 2,
          withdrawn: { at: '2027-03-06T08:00:00Z', by_name: 'Olga Officer', reason: body.reason },
        }),
        { etag: '"v2"' },
      ),
    );
    await renderApp({ api: fake, user: users.officer, route: '/berichte/5' });
    await userEvent.click(await screen.findByRole('button', { name: 'Bericht zurückziehen' }));
    const dialog = screen.getByRole('dialog', { name: 'Sachstandsbericht zurückziehen' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Bericht zurückziehen' }));
    expect(within(dialog).getByText('Bitte mindestens 10 Zeichen eingeben.')).toBeVisible();
    expect(fake.callsTo('post', '/api/v1/reports/5/withdraw')).toHaveLength(0);
    await userEvent.type(
      within(dialog).getByLabelText(/Begründung/),
      'Falsche Zahlen im Handlungsfeld 2.',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Bericht zurückziehen' }));
    expect(await screen.findByText(/Der Bericht ist zurückgezogen/)).toBeVisible();
    const [call] = fake.callsTo('post', '/api/v1/reports/5/withdraw');
    expect(call?.headers.get('if-match')).toBe('"v1"');
    expect(call?.body).toEqual({ reason: 'Falsche Zahlen im Handlungsfeld 2.' });
  });
});
