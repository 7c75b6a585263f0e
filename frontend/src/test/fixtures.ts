/** Typed sample data for tests. */
import type { FakeApi } from './fakeApi';
import type { components } from '../lib/api/schema';

type Me = components['schemas']['MeResponse'];

export const users = {
  officer: {
    id: 2,
    username: 'officer',
    display_name: 'Olga Officer',
    role: 'officer',
    department_ids: [],
  },
  editor: {
    id: 4,
    username: 'editor1',
    display_name: 'Erika Editor',
    role: 'editor',
    department_ids: [1],
  },
  council: {
    id: 3,
    username: 'council',
    display_name: 'Carl Council',
    role: 'council',
    department_ids: [],
  },
  admin: { id: 1, username: 'admin', display_name: 'Ada Admin', role: 'admin', department_ids: [] },
} satisfies Record<string, Me>;

export function token(user: Me): components['schemas']['TokenResponse'] {
  return { access_token: `token-${user.username}`, token_type: 'Bearer', expires_in: 900, user };
}

type S = components['schemas'];

export const departments: S['DepartmentView'][] = [
  { id: 1, code: 'FB 1', name: 'Zentrale Dienste', active: true, position: 1, version: 1 },
  { id: 2, code: 'FB 2', name: 'Finanzen', active: true, position: 2, version: 1 },
];

export const goals: S['GoalView'][] = [
  {
    id: 10,
    depth: 0,
    code: 'HF 1',
    title: 'Bürgerservice',
    description: '',
    position: 1,
    version: 1,
  },
  {
    id: 11,
    parent_id: 10,
    depth: 1,
    code: 'HF 1.1',
    title: 'Online-Dienste',
    description: '',
    position: 1,
    version: 1,
  },
];

export const statuses: S['StatusView'][] = [
  {
    id: 1,
    code: 'geplant',
    label: 'geplant',
    category: 'planned',
    default_progress: 0,
    position: 1,
    active: true,
    version: 1,
  },
  {
    id: 2,
    code: 'in_umsetzung',
    label: 'in Umsetzung',
    category: 'in_progress',
    default_progress: null,
    position: 2,
    active: true,
    version: 1,
  },
  {
    id: 3,
    code: 'abgeschlossen',
    label: 'abgeschlossen',
    category: 'completed',
    default_progress: 100,
    position: 3,
    active: true,
    version: 1,
  },
];

const light = (l: S['TrafficLight'] | null, reasons: S['LightReason'][]): S['MeasureLight'] => ({
  light: l,
  computed: l,
  reasons,
  expected_progress: 50,
  override: null,
});

export function measureSummary(overrides: Partial<S['MeasureSummary']> = {}): S['MeasureSummary'] {
  return {
    id: 1,
    code: 'M-001',
    title: 'Online-Terminvergabe',
    lead_department_id: 1,
    participating_department_ids: [],
    goal_ids: [11],
    status_id: 2,
    progress: 40,
    weight: 1,
    visibility: 'internal',
    planned_start: '2025-01-01',
    planned_end: '2027-12-31',
    priority: 'medium',
    archived: false,
    last_update_date: '2026-10-01',
    light: light('green', ['on_schedule']),
    updated_at: '2026-10-01T10:00:00Z',
    version: 3,
    ...overrides,
  };
}

export function measureDetail(overrides: Partial<S['MeasureDetail']> = {}): S['MeasureDetail'] {
  const { light: l, ...summary } = measureSummary();
  return {
    ...summary,
    light: l,
    description: 'Termine online buchen.',
    milestones: [{ id: 5, title: 'Pilot', due: '2026-06-30', done: null }],
    dependencies: [],
    created_at: '2025-01-01T10:00:00Z',
    ...overrides,
  };
}

function rollup(progress: number | null, l: S['TrafficLight'] | null): S['Rollup'] {
  return {
    progress,
    light: l,
    light_score: progress,
    method: 'weighted_mean',
    formula: `(1 × ${progress}) / 1 = ${progress}`,
    formula_en: `(1 × ${progress}) / 1 = ${progress} (en)`,
    light_formula: 'grün 100 / 1 = 100',
    light_formula_en: 'green 100 / 1 = 100',
    weighted_progress_sum: progress ?? 0,
    weight_total: 1,
    measures_total: 1,
    measures_included: 1,
    measures_excluded_cancelled: 0,
    counts: { green: 1, yellow: 0, red: 0, pending: 0 },
  };
}

export const rules: S['LightRules'] = {
  yellow_gap_points: 10,
  red_gap_points: 25,
  stale_after_days: 120,
  red_milestone_overdue_days: 30,
};

export const strategy: S['StrategyView'] = {
  id: 1,
  title: 'Digitalisierungsstrategie (Beispieldaten)',
  description: '',
  resolution_number: 'FB 1/169/2022',
  resolution_body: 'Stadtrat',
  resolution_date: '2022-11-24',
  in_force_from: '2023-01-01',
  version: 1,
};

export function dashboard(): S['DashboardView'] {
  const stale: S['DashboardMeasure'] = {
    id: 2,
    code: 'M-002',
    title: 'E-Akte',
    lead_department_id: 2,
    status_category: 'in_progress',
    progress: 10,
    light: 'pending',
    reasons: ['never_updated'],
    overridden: false,
    last_update_date: null,
    planned_end: '2026-12-31',
  };
  return {
    as_of: '2026-11-28',
    strategy,
    rules,
    excluded_drafts: 2,
    overall: {
      scope: { kind: 'strategy', id: 1, title: strategy.title },
      rollup: rollup(42.5, 'green'),
    },
    fields_of_action: [
      {
        scope: { kind: 'field_of_action', id: 10, code: 'HF 1', title: 'Bürgerservice' },
        rollup: rollup(61, 'yellow'),
      },
    ],
    goals: [],
    departments: [
      {
        scope: { kind: 'department', id: 1, code: 'FB 1', title: 'Zentrale Dienste' },
        rollup: rollup(30, 'red'),
      },
    ],
    light_distribution: { green: 5, yellow: 2, red: 1, pending: 1, none: 0 },
    overdue: [],
    at_risk: [],
    without_recent_update: [stale],
    overdue_total: 0,
    at_risk_total: 0,
    without_recent_update_total: 1,
  };
}

export function explanation(): S['RollupExplanation'] {
  return {
    as_of: '2026-11-28',
    scope: { kind: 'strategy', id: 1, title: strategy.title },
    rollup: rollup(42.5, 'green'),
    rules,
    excluded_drafts: 0,
    inputs: [
      {
        measure_id: 1,
        code: 'M-001',
        title: 'Online-Terminvergabe',
        weight: 1,
        progress: 40,
        light: 'green',
        reasons: ['on_schedule'],
        overridden: false,
        status_category: 'in_progress',
        included: true,
      },
    ],
  };
}

/** A fake API with the reference data every page needs. */
export function referenceApi(api: FakeApi): FakeApi {
  return api
    .on('get', '/api/v1/departments', () => departments)
    .on('get', '/api/v1/goals', () => goals)
    .on('get', '/api/v1/statuses', () => statuses);
}

/** The accounts as the user list returns them (ids match `users`). */
export const userViews: S['UserView'][] = [
  { ...users.admin, email: null, active: true, version: 1 },
  { ...users.officer, email: 'olga@example.org', active: true, version: 1 },
  { ...users.council, email: null, active: true, version: 1 },
  { ...users.editor, email: null, active: true, version: 2 },
];
