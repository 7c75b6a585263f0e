import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '../../lib/api/schema';
import { FakeApi, reply } from '../../test/fakeApi';
import { renderApp } from '../../test/render';
import { meeting, reportChanges, reportRollup } from '../../test/reportingFake';

type S = components['schemas'];

function publicReport(): S['PublicReport'] {
  const measure: S['PublicReportMeasure'] = {
    code: 'M-001',
    title: 'Online-Terminvergabe',
    goals: [{ id: 10, code: 'HF1', title: 'Bürgerservice' }],
    lead_department: 'Zentrale Dienste',
    status: 'in Umsetzung',
    status_category: 'in_progress',
    progress: 55,
    light: 'yellow',
    light_reasons: [],
    overridden: true,
    planned_start: null,
    planned_end: null,
    budget_planned_cents: null,
    budget_spent_cents: null,
    last_update: { date: '2027-02-20', narrative: 'Pilot läuft.' },
  };
  return {
    id: 5,
    title: 'Sachstandsbericht März 2027',
    meeting,
    frozen_at: '2027-03-05T10:00:00Z',
    content_hash: '0'.repeat(64),
    previous_report_id: 4,
    content: {
      schema_version: 1,
      title: 'Sachstandsbericht März 2027',
      meeting,
      frozen_at: '2027-03-05T10:00:00Z',
      as_of: '2027-03-05',
      strategy: {
        title: 'Digitalisierungsstrategie',
        resolution_number: 'V/2025/101',
        resolution_body: 'Stadtrat',
        resolution_date: null,
      },
      summary: {
        measure_count: 2,
        excluded_drafts: 0,
        by_light: { green: 1, yellow: 1, red: 0, pending: 0, none: 0 },
        by_status_category: {
          planned: 0,
          in_progress: 2,
          completed: 0,
          deferred: 0,
          cancelled: 0,
        },
        average_progress: 47.5,
        strategy_rollup: reportRollup(),
      },
      fields: [
        { code: 'HF1', title: 'Bürgerservice', rollup: reportRollup(), measures: [measure] },
      ],
      measures: [measure],
      department_rollups: [],
      open_items: [
        {
          measure_code: 'M-002',
          measure_title: 'E-Akte',
          department: 'Finanzen',
          state: 'due',
          overdue: true,
        },
      ],
    },
    changes: reportChanges(),
  };
}

describe('Öffentlicher Sachstandsbericht', () => {
  it('shows the published measures and open items without names, and the changes', async () => {
    const fake = new FakeApi().on('get', '/api/v1/public/reports/{id}', () =>
      reply(200, publicReport()),
    );
    await renderApp({ api: fake, route: '/oeffentlich/berichte/5' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sachstandsbericht März 2027' }),
    ).toBeVisible();
    const row = screen.getByRole('row', { name: /Online-Terminvergabe/ });
    expect(row).toHaveTextContent('in Umsetzung');
    expect(row).toHaveTextContent('Zentrale Dienste');
    expect(screen.getByText(/M-002 E-Akte – Finanzen/)).toBeVisible();
    expect(document.body).not.toHaveTextContent('Olga Officer');
    expect(screen.getByRole('link', { name: 'Bericht als PDF herunterladen' })).toHaveAttribute(
      'href',
      expect.stringContaining('/api/v1/public/reports/5/export/pdf'),
    );

    await userEvent.click(screen.getByRole('tab', { name: 'Änderungen seit dem letzten Bericht' }));
    const panel = screen.getByRole('tabpanel');
    expect(within(panel).getByRole('link', { name: 'dem vorherigen Bericht' })).toHaveAttribute(
      'href',
      '/oeffentlich/berichte/4',
    );
    expect(within(panel).getByRole('table', { name: 'Fortschritt' })).toHaveTextContent(
      '+15 Prozentpunkte',
    );
  });
});
