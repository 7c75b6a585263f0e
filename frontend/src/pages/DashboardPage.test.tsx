import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeApi } from '../test/fakeApi';
import { dashboard, explanation, referenceApi, users } from '../test/fixtures';
import { renderApp } from '../test/render';

function api() {
  return referenceApi(new FakeApi())
    .on('get', '/api/v1/dashboard', () => dashboard())
    .on('get', '/api/v1/rollups/strategy', () => explanation())
    .on('get', '/api/v1/rollups/goals/{id}', () => explanation())
    .on('get', '/api/v1/rollups/departments/{id}', () => explanation());
}

describe('Lagebild', () => {
  it('shows the overall progress, light with text, and the lists', async () => {
    await renderApp({ api: api(), user: users.council });
    expect(await screen.findByRole('heading', { level: 1, name: 'Lagebild' })).toBeVisible();
    expect(await screen.findByRole('button', { name: /42,5\s%.*Berechnung für/ })).toBeVisible();
    // The light is text + shape, not colour alone.
    expect(screen.getAllByText('im Plan').length).toBeGreaterThan(0);
    expect(
      screen.getByRole('heading', { name: /Ohne aktuelle Sachstandsmeldung \(1\)/ }),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: 'M-002' })).toHaveAttribute('href', '/measures/2');
    expect(screen.getByText('2 Entwürfe sind noch nicht Teil des Plans.')).toBeVisible();
  });

  it('says when a list shows only the most urgent part', async () => {
    const fake = api().on('get', '/api/v1/dashboard', () => ({
      ...dashboard(),
      without_recent_update_total: 80,
    }));
    await renderApp({ api: fake, user: users.council });
    expect(
      await screen.findByRole('heading', { name: /Ohne aktuelle Sachstandsmeldung \(80\)/ }),
    ).toBeVisible();
    expect(
      screen.getByText(
        'Angezeigt werden die 1 dringendsten von 80; alle finden Sie in der Maßnahmenliste.',
      ),
    ).toBeVisible();
  });

  it('every chart has a data table', async () => {
    await renderApp({ api: api(), user: users.council });
    const figures = await screen.findAllByRole('figure');
    expect(figures.length).toBeGreaterThanOrEqual(2);
    for (const figure of figures) {
      expect(within(figure).getByRole('img')).toHaveAccessibleName();
      expect(within(figure).getByText('Daten als Tabelle anzeigen')).toBeInTheDocument();
      expect(figure.querySelector('table')).not.toBeNull();
    }
  });

  it('explains a roll-up number with formula and inputs', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.council });
    await userEvent.click(await screen.findByRole('button', { name: /42,5\s%/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading', { name: /So wird/ })).toBeVisible();
    expect(await within(dialog).findByText('(1 × 42.5) / 1 = 42.5')).toBeVisible();
    expect(within(dialog).getByRole('link', { name: 'M-001' })).toBeVisible();
    expect(fake.callsTo('get', '/api/v1/rollups/strategy')).toHaveLength(1);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Schließen' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('explains a department with its own endpoint, in English', async () => {
    const fake = api();
    await renderApp({ api: fake, user: users.council });
    await userEvent.click(await screen.findByRole('button', { name: 'Switch to English' }));
    await userEvent.click(
      await screen.findByRole('button', { name: /30%.*FB 1 Zentrale Dienste/ }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('(1 × 42.5) / 1 = 42.5 (en)')).toBeVisible();
    expect(fake.callsTo('get', '/api/v1/rollups/departments/1')).toHaveLength(1);
  });
});
