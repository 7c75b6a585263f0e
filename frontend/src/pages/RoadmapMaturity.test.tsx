import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '../lib/api/schema';
import { FakeApi, reply } from '../test/fakeApi';
import { measureDetail, measureSummary, referenceApi, users } from '../test/fixtures';
import { renderApp } from '../test/render';

type S = components['schemas'];

const levels: S['LevelScale'] = {
  min: 0,
  max: 4,
  labels: [0, 1, 2, 3, 4].map((level) => ({ level, label: `Stufe ${level}` })),
};
const roundRef: S['RoundRef'] = {
  id: 1,
  title: 'Ist-Analyse 2022',
  round_date: '2022-06-30',
  state: 'approved',
  model_id: 1,
  model_key: 'kurs',
  model_name: 'Kurs-Modell',
  model_version: 1,
  aggregation_rule: 'mean',
};
const overall = (score: number): S['OverallScore'] => ({
  aggregation_rule: 'mean',
  score,
  formula: `Mittelwert = ${score}`,
  formula_en: `mean = ${score}`,
  dimensions_included: 2,
  dimensions_missing: [],
  limiting_dimensions: [],
  unweighted_fallback: false,
});

function maturityApi() {
  return referenceApi(new FakeApi())
    .on('get', '/api/v1/maturity/rounds', (): S['RoundView'][] => [
      {
        id: 1,
        title: 'Ist-Analyse 2022',
        description: '',
        round_date: '2022-06-30',
        state: 'approved',
        model: {
          id: 1,
          key: 'kurs',
          name: 'Kurs-Modell',
          model_version: 1,
          aggregation_rule: 'mean',
          dimension_count: 2,
        },
        includes_administration: false,
        department_ids: [1],
        completion: { expected: 2, assessed: 2 },
        version: 3,
        created_at: '2022-06-01T10:00:00Z',
        updated_at: '2022-07-01T10:00:00Z',
      },
    ])
    .on('get', '/api/v1/maturity/results', (): S['RoundResults'] => ({
      round: roundRef,
      levels,
      dimensions: [
        { code: 'strategie', title: 'Strategie', weight: 1 },
        { code: 'daten', title: 'Daten', weight: 1 },
      ],
      subjects: [
        {
          subject: { kind: 'administration', name: 'Verwaltung' },
          dimensions: [
            {
              code: 'strategie',
              title: 'Strategie',
              actual: 1,
              target: 3,
              difference: 2,
              is_gap: true,
              actual_source: 'department_mean',
              target_source: 'department_mean',
            },
            {
              code: 'daten',
              title: 'Daten',
              actual: 2,
              target: 2,
              difference: 0,
              is_gap: false,
              actual_source: 'department_mean',
              target_source: 'department_mean',
            },
          ],
          overall: overall(1.5),
          target_overall: overall(2.5),
          trend: [],
        },
      ],
    }))
    .on('get', '/api/v1/maturity/trend', (): S['Trend'] => ({
      subject: { kind: 'administration', name: 'Verwaltung' },
      rounds: [
        { round: roundRef, overall: overall(1.5), target_overall: overall(2.5), dimensions: [] },
      ],
    }))
    .on('get', '/api/v1/maturity/heatmap', (): S['Heatmap'] => ({
      round: roundRef,
      levels,
      dimensions: [
        { code: 'strategie', title: 'Strategie', weight: 1 },
        { code: 'daten', title: 'Daten', weight: 1 },
      ],
      rows: [
        {
          subject: { kind: 'department', department_id: 1, code: 'FB 1', name: 'Zentrale Dienste' },
          cells: [
            { dimension_code: 'strategie', actual: 1, target: 3, is_gap: true },
            { dimension_code: 'daten', actual: 2, target: 2, is_gap: false },
          ],
          score: 1.5,
        },
      ],
    }))
    .on('get', '/api/v1/maturity/gaps', ({ url }): S['GapReport'] => ({
      round: roundRef,
      rule: 'Eine Lücke besteht, wenn Ist < Soll.',
      rule_en: 'A gap exists when actual < target.',
      total_gaps: 1,
      uncovered_gaps: url.searchParams.get('uncovered') ? 1 : 1,
      gaps: [
        {
          subject: { kind: 'department', department_id: 1, code: 'FB 1', name: 'Zentrale Dienste' },
          dimension_code: 'strategie',
          dimension_title: 'Strategie',
          actual: 1,
          target: 3,
          difference: 2,
          actual_source: 'assessed',
          covered: false,
          covered_to_target: false,
          measures: [],
        },
      ],
    }))
    .on('get', '/api/v1/maturity/findings', (): S['Page_FindingView'] => ({
      items: [
        {
          id: 1,
          text: 'Formulare auf Papier.',
          severity: 'high',
          source: 'Interview',
          goal_ids: [11],
          measure_ids: [1],
          answered: true,
          answered_by_measure_ids: [1],
          version: 1,
          created_at: '2022-06-01T10:00:00Z',
          updated_at: '2022-06-01T10:00:00Z',
        },
      ],
      total: 1,
      page: 1,
      per_page: 200,
    }));
}

describe('Reifegrad', () => {
  it('shows radar with table, overall formula, heatmap, gaps and findings', async () => {
    await renderApp({ api: maturityApi(), user: users.council, route: '/maturity' });
    expect(await screen.findByText('Mittelwert = 1.5')).toBeVisible();
    const radar = screen.getAllByRole('figure')[0]!;
    expect(within(radar).getByRole('img')).toHaveAccessibleName(/Strategie: Ist 1, Soll 3/);
    expect(radar.querySelector('table')).not.toBeNull();
    const heatmap = await screen.findByRole('table', { name: /Ist-Reifegrad je Fachbereich/ });
    expect(within(heatmap).getByText('FB 1 Zentrale Dienste')).toBeVisible();
    expect(within(heatmap).getAllByText('Lücke').length).toBe(1);
    expect(await screen.findByText('1 Lücken, davon 1 ohne Maßnahme.')).toBeVisible();
    expect(screen.getByText('▼ keine Maßnahme')).toBeVisible();
    expect(await screen.findByText('Formulare auf Papier.')).toBeVisible();
    expect(screen.getByText('HF 1.1 Online-Dienste')).toBeVisible();
    // Council reads only: no self-assessment.
    expect(screen.queryByRole('link', { name: 'Selbsteinschätzung' })).toBeNull();
  });

  it('says so when there is no round', async () => {
    const api = referenceApi(new FakeApi()).on(
      'get',
      '/api/v1/maturity/rounds',
      (): S['RoundView'][] => [],
    );
    await renderApp({ api, user: users.editor, route: '/maturity' });
    expect(await screen.findByText('Es gibt noch keine Reifegraderhebung.')).toBeVisible();
  });
});

describe('Roadmap', () => {
  it('draws a timeline per Handlungsfeld with a data table', async () => {
    const api = referenceApi(new FakeApi())
      .on('get', '/api/v1/measures', () => ({
        items: [measureSummary()],
        total: 1,
        page: 1,
        per_page: 200,
      }))
      .on('get', '/api/v1/measures/{id}', () =>
        reply(200, measureDetail({ actual_start: '2025-02-01' }), { etag: '"v3"' }),
      );
    await renderApp({ api, user: users.council, route: '/roadmap' });
    expect(
      await screen.findByRole('heading', { level: 2, name: 'HF 1 Bürgerservice' }),
    ).toBeVisible();
    const figure = screen.getByRole('figure');
    expect(within(figure).getByRole('img')).toHaveAccessibleName(/1 Maßnahmen von/);
    expect(await within(figure).findByText(/Pilot: 30\.06\.2026/)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Gruppieren nach'), 'department');
    expect(
      await screen.findByRole('heading', { level: 2, name: 'FB 1 Zentrale Dienste' }),
    ).toBeVisible();
  });
});

describe('Verwaltung', () => {
  it('the officer creates a measure', async () => {
    const api = referenceApi(new FakeApi())
      .on('post', '/api/v1/measures', ({ body }) =>
        reply(201, measureDetail({ id: 77, code: body.code, title: body.title }), { etag: '"v1"' }),
      )
      .on('get', '/api/v1/measures/{id}', () =>
        reply(200, measureDetail({ id: 77, code: 'M-077', title: 'Chatbot' }), { etag: '"v1"' }),
      )
      .on('get', '/api/v1/measures/{id}/updates', () => [])
      .on('get', '/api/v1/audit', () => ({ items: [], total: 0, page: 1, per_page: 20 }));
    await renderApp({ api, user: users.officer, route: '/admin/measures/new' });
    await userEvent.click(await screen.findByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Bitte korrigieren Sie die markierten Angaben.')).toBeVisible();
    expect(api.callsTo('post', '/api/v1/measures')).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('Kürzel'), 'M-077');
    await userEvent.type(screen.getByLabelText('Titel'), 'Chatbot');
    await userEvent.click(screen.getByLabelText('HF 1.1 Online-Dienste'));
    await userEvent.selectOptions(
      screen.getByLabelText('Federführender Fachbereich'),
      'FB 1 Zentrale Dienste',
    );
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'geplant');
    await userEvent.click(screen.getByRole('button', { name: 'Speichern' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'M-077 Chatbot' })).toBeVisible();
    expect(api.callsTo('post', '/api/v1/measures')[0]?.body).toMatchObject({
      code: 'M-077',
      title: 'Chatbot',
      goal_ids: [11],
      lead_department_id: 1,
      status_id: 1,
      participating_department_ids: [],
    });
  });

  it('is not offered to editors', async () => {
    await renderApp({
      api: referenceApi(new FakeApi()),
      user: users.editor,
      route: '/admin/measures',
    });
    expect(await screen.findByText('Sie haben keine Berechtigung für diese Aktion.')).toBeVisible();
  });
});
