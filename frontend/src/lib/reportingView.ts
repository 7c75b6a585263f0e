/** Pure helpers of the reporting screens (kept apart from components for fast refresh). */
import type { components } from './api/schema';
import type { TrafficLight } from './api/types';
import type { User } from './auth/session';
import { date } from './format';
import {
  meetingKey,
  type ItemState,
  type Meeting,
  type Notification,
  type PublicReport,
  type ReportDetail,
  type ReportingItem,
  type ReportRollup,
} from './reporting';

type S = components['schemas'];
type PublicMeasure = S['PublicMeasure'];

/** Where a notification leads, by the reader's role. */
export function notificationTarget(n: Notification, user: User): string | null {
  if (n.round_id != null) {
    if (user.role === 'officer' || user.role === 'admin') return `/berichtsrunden/${n.round_id}`;
    if (user.role === 'editor') return '/my-updates';
    return '/berichte';
  }
  if (n.measure_id != null) return `/measures/${n.measure_id}`;
  return null;
}

export const LIGHTS = ['green', 'yellow', 'red', 'pending'] as const;

/** A value of a target change as text: an ISO date formatted, anything else as it is. */
export function dateOrText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? date(value) : value;
}

/** The answer form's state: what the user typed (progress as typed text). */
export interface AnswerForm {
  status_id: number;
  progress: string;
  narrative: string;
}

/** The form as the item stands: its saved draft, else the published state and no text. */
export function answerFrom(item: ReportingItem): AnswerForm {
  return {
    status_id: item.draft?.status_id ?? item.current.status_id,
    progress: String(item.draft?.progress ?? item.current.progress),
    narrative: item.draft?.narrative ?? '',
  };
}

/** Whether the item can still be answered: due or returned, in a round that is not frozen. */
export function answerable(item: ReportingItem): boolean {
  return item.round_state === 'open' && (item.state === 'due' || item.state === 'returned');
}

/** Whether a measure serves the Handlungsfeld with `code` (directly or through a sub-goal). */
export function inField(measure: PublicMeasure, code: string): boolean {
  return measure.goals.some((g) => g.code === code || g.code.startsWith(`${code}.`));
}

/** Groups reports per meeting (Gremium, date, Vorlage), newest meeting first. */
export function byMeeting<R extends { meeting: Meeting; frozen_at: string }>(reports: R[]): R[][] {
  const groups = new Map<string, R[]>();
  const sorted = [...reports].sort(
    (a, b) =>
      b.meeting.date.localeCompare(a.meeting.date) || b.frozen_at.localeCompare(a.frozen_at),
  );
  for (const r of sorted) {
    const key = meetingKey(r.meeting);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------
// A report as the screen shows it: the internal report (signed in) and the public
// projection have different shapes; both become this one.
// ---------------------------------------------------------------------------------------

export interface ReportMeasureView {
  code: string;
  title: string;
  /** The lead department as one text. */
  lead: string;
  status: string;
  progress: number;
  light: TrafficLight | null;
  overridden: boolean;
  /** The override's reason: internal only. */
  overrideReason: string | null;
  lastUpdate: S['ReportLastUpdate'] | null;
  /** The measure's item in the frozen round: internal only. */
  itemState: ItemState | null;
}

export interface ReportFieldView {
  code: string;
  title: string;
  rollup: ReportRollup;
  measures: ReportMeasureView[];
}

export interface ReportOpenItemView {
  code: string;
  title: string;
  department: string;
  state: ItemState | null;
  overdue: boolean;
}

export interface ReportViewModel {
  meeting: Meeting;
  strategyTitle: string;
  round: S['ReportRound'] | null;
  frozenAt: string;
  /** Internal only (no names of people on the public page). */
  frozenByName: string | null;
  summary: S['ReportSummaryBlock'];
  /** Public only: how many measures the report lists (the published ones). */
  published: number | null;
  fields: ReportFieldView[];
  openItems: ReportOpenItemView[];
}

const ITEM_STATES: readonly string[] = ['due', 'submitted', 'returned', 'approved'];
const itemState = (value: string | null | undefined): ItemState | null =>
  value != null && ITEM_STATES.includes(value) ? (value as ItemState) : null;

const department = (d: S['ReportDepartmentRef']) => (d.code ? `${d.code} ${d.name}` : d.name);

function internalMeasure(m: S['ReportMeasure']): ReportMeasureView {
  return {
    code: m.code,
    title: m.title,
    lead: department(m.lead_department),
    status: m.status.name,
    progress: m.progress,
    light: m.light ?? null,
    overridden: m.light_override != null,
    overrideReason: m.light_override?.reason ?? null,
    lastUpdate: m.last_update ?? null,
    itemState: itemState(m.round_item_state),
  };
}

function publicMeasure(m: S['PublicReportMeasure']): ReportMeasureView {
  return {
    code: m.code,
    title: m.title,
    lead: m.lead_department,
    status: m.status,
    progress: m.progress,
    light: m.light ?? null,
    overridden: m.overridden,
    overrideReason: null,
    lastUpdate: m.last_update ?? null,
    itemState: null,
  };
}

/** A report signed in: everything the council saw. */
export function internalReportView(report: ReportDetail): ReportViewModel {
  const c = report.content;
  return {
    meeting: c.meeting,
    strategyTitle: c.strategy.title,
    round: c.round,
    frozenAt: report.frozen_at,
    frozenByName: report.frozen_by_name,
    summary: c.summary,
    published: null,
    fields: c.fields.map((f) => ({
      code: f.code,
      title: f.title,
      rollup: f.rollup,
      measures: f.measures.map(internalMeasure),
    })),
    openItems: c.overdue_items.map((o) => ({
      code: o.measure.code,
      title: o.measure.title,
      department: department(o.department),
      state: itemState(o.state),
      overdue: o.overdue,
    })),
  };
}

/** A published report on the transparency page: no names, no override reasons. */
export function publicReportView(report: PublicReport): ReportViewModel {
  const c = report.content;
  return {
    meeting: c.meeting,
    strategyTitle: c.strategy.title,
    round: null,
    frozenAt: report.frozen_at,
    frozenByName: null,
    summary: c.summary,
    published: c.measures.length,
    fields: c.fields.map((f) => ({
      code: f.code,
      title: f.title,
      rollup: f.rollup,
      measures: f.measures.map(publicMeasure),
    })),
    openItems: c.open_items.map((o) => ({
      code: o.measure_code,
      title: o.measure_title,
      department: o.department,
      state: itemState(o.state),
      overdue: o.overdue,
    })),
  };
}
