/**
 * Typed test data of council reporting (rounds, items, reports, changes) for the
 * [`FakeApi`]: every builder returns a generated schema type, so when the API changes these
 * tests stop compiling. Register handlers with `fake.on(...)` as everywhere else.
 */
import type { components } from '../lib/api/schema';
import { FakeApi } from './fakeApi';
import { referenceApi, rules } from './fixtures';

type S = components['schemas'];

/** The reference data every page needs and an empty notification list (the header's bell). */
export function reportingFakeApi(): FakeApi {
  return referenceApi(new FakeApi()).on('get', '/api/v1/notifications', () => []);
}

export const meeting: S['ReportMeeting'] = {
  body: 'Stadtrat',
  date: '2027-03-18',
  vorlage_number: 'FB 1/042/2027',
};

export function reportingRound(overrides: Partial<S['ReportingRound']> = {}): S['ReportingRound'] {
  return {
    id: 3,
    title: 'Stadtrat März 2027',
    meeting,
    deadline: '2027-03-01',
    grace_days: 3,
    state: 'open',
    counts: { total: 2, due: 1, submitted: 1, returned: 0, approved: 0, overdue: 1 },
    report_id: null,
    created_by_name: 'Olga Officer',
    created_at: '2027-02-01T08:00:00Z',
    version: 2,
    ...overrides,
  };
}

export function reportingItem(overrides: Partial<S['ReportingItem']> = {}): S['ReportingItem'] {
  return {
    id: 7,
    round_id: 3,
    round_title: 'Stadtrat März 2027',
    round_state: 'open',
    deadline: '2027-03-01',
    grace_days: 3,
    measure: { id: 1, code: 'M-001', title: 'Online-Terminvergabe' },
    department: { id: 1, name: 'Zentrale Dienste' },
    state: 'due',
    overdue: false,
    late: false,
    draft: null,
    submitted_at: null,
    submitted_by_name: null,
    reviewed_at: null,
    reviewed_by_name: null,
    review_comment: null,
    status_update_id: null,
    current: { status_id: 2, progress: 40, light: 'green' },
    version: 3,
    ...overrides,
  };
}

export function reportSummary(overrides: Partial<S['ReportSummary']> = {}): S['ReportSummary'] {
  return {
    id: 5,
    round_id: 3,
    title: 'Sachstandsbericht März 2027',
    meeting,
    frozen_at: '2027-03-05T10:00:00Z',
    frozen_by_name: 'Olga Officer',
    content_hash: 'ab12cd34ef56'.padEnd(64, '0'),
    previous_report_id: 4,
    withdrawn: null,
    version: 1,
    ...overrides,
  };
}

export function reportRollup(overrides: Partial<S['ReportRollup']> = {}): S['ReportRollup'] {
  return {
    progress: 46,
    light: 'yellow',
    light_score: 1.5,
    method: 'weighted_mean',
    formula: '(40 × 1 + 55 × 1) / 2 = 47,5',
    formula_en: '(40 × 1 + 55 × 1) / 2 = 47.5',
    light_formula: '(1 × 2 + 1 × 1) / 2',
    light_formula_en: '(1 × 2 + 1 × 1) / 2',
    weighted_progress_sum: 95,
    weight_total: 2,
    measures_total: 2,
    measures_included: 2,
    measures_excluded_cancelled: 0,
    green: 1,
    yellow: 1,
    red: 0,
    pending: 0,
    ...overrides,
  };
}

export function reportMeasure(overrides: Partial<S['ReportMeasure']> = {}): S['ReportMeasure'] {
  return {
    id: 1,
    code: 'M-001',
    title: 'Online-Terminvergabe',
    visibility: 'public',
    goals: [{ id: 10, code: 'HF1', title: 'Bürgerservice' }],
    lead_department: { id: 1, code: 'FB 1', name: 'Zentrale Dienste' },
    status: { id: 2, name: 'in Umsetzung', category: 'in_progress' },
    progress: 55,
    weight: 1,
    light: 'green',
    computed_light: 'green',
    light_reasons: [],
    light_override: null,
    planned_start: '2026-01-01',
    planned_end: '2027-06-30',
    budget_planned_cents: null,
    budget_spent_cents: null,
    last_update: { date: '2027-02-20', narrative: 'Pilot läuft.' },
    round_item_state: 'approved',
    ...overrides,
  };
}

/** A report with its content (change the content by spreading: `{ ...reportDetail(), content }`). */
export function reportDetail(overrides: Partial<S['ReportSummary']> = {}): S['ReportDetail'] {
  const summary = reportSummary(overrides);
  const measure = reportMeasure();
  return {
    ...summary,
    content: {
      schema_version: 1,
      title: summary.title,
      meeting: summary.meeting,
      round: { id: 3, title: 'Stadtrat März 2027', deadline: '2027-03-01', grace_days: 3 },
      frozen_at: summary.frozen_at,
      frozen_by_name: summary.frozen_by_name,
      as_of: '2027-03-05',
      strategy: {
        title: 'Digitalisierungsstrategie',
        resolution_number: 'V/2025/101',
        resolution_body: 'Stadtrat',
        resolution_date: '2025-12-11',
      },
      rules,
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
        {
          id: 10,
          code: 'HF1',
          title: 'Bürgerservice',
          rollup: reportRollup(),
          measures: [measure],
        },
      ],
      measures: [measure],
      department_rollups: [],
      maturity: null,
      overdue_items: [
        {
          measure: { id: 2, code: 'M-002', title: 'E-Akte' },
          department: { id: 2, code: 'FB 2', name: 'Finanzen' },
          state: 'due',
          overdue: true,
        },
      ],
      uncovered_gaps: [],
    },
  };
}

const m1 = { id: 1, code: 'M-001', title: 'Online-Terminvergabe' };
const m2 = { id: 2, code: 'M-002', title: 'E-Akte' };

export function reportChanges(overrides: Partial<S['ReportChanges']> = {}): S['ReportChanges'] {
  return {
    previous_report: reportSummary({
      id: 4,
      title: 'Sachstandsbericht November 2026',
      meeting: { body: 'Stadtrat', date: '2026-11-19', vorlage_number: 'FB 1/180/2026' },
      previous_report_id: null,
    }),
    status_changes: [
      {
        measure: m1,
        from: { id: 1, name: 'geplant', category: 'planned' },
        to: { id: 2, name: 'in Umsetzung', category: 'in_progress' },
      },
    ],
    light_changes: [{ measure: m2, from: 'green', to: 'red' }],
    progress_changes: [
      { measure: m1, from: 40, to: 55, delta: 15 },
      { measure: m2, from: 30, to: 25, delta: -5 },
    ],
    new_measures: [{ id: 9, code: 'M-009', title: 'Chatbot' }],
    removed_measures: [],
    completed_measures: [],
    cancelled_measures: [{ id: 8, code: 'M-008', title: 'Fax-Server' }],
    target_changes: [
      { measure: m2, field: 'planned_end', from: '2027-06-30', to: '2027-12-31' },
      { measure: m2, field: 'budget_planned_cents', from: '5000000', to: '6500000' },
    ],
    ...overrides,
  };
}
