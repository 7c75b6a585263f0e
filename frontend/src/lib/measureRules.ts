import type { MeasureSummary } from './api/types';

/** Whether the measure owes a status update: never reported, or the last one is stale. */
export function needsUpdate(m: MeasureSummary): boolean {
  return m.light.reasons.includes('never_updated') || m.light.reasons.includes('update_stale');
}

/** Never updated first, then the oldest last update, then by code. */
export function byUrgency(a: MeasureSummary, b: MeasureSummary): number {
  const da = a.last_update_date ?? '';
  const db = b.last_update_date ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return a.code.localeCompare(b.code, 'de', { numeric: true });
}
