import type { AuditEntryView } from './api/types';

/** Fields that change on every write and say nothing to a reader. */
const NOISE = new Set(['version', 'updated_at', 'created_at', 'light']);

export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value.length > 160 ? `${value.slice(0, 159)}…` : value;
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** The fields whose values differ between `before` and `after`. */
export function changedFields(
  entry: AuditEntryView,
): { field: string; before: unknown; after: unknown }[] {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (typeof before !== 'object' || typeof after !== 'object') return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => !NOISE.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

interface OverrideShape {
  light?: string;
  reason?: string;
}

/** The override before and after an `override` entry (the measure's `light.override`). */
export function overrideChange(entry: AuditEntryView): {
  before: OverrideShape | null;
  after: OverrideShape | null;
} | null {
  if (entry.action !== 'override') return null;
  const pick = (value: unknown): OverrideShape | null => {
    if (!value || typeof value !== 'object') return null;
    const light = (value as { light?: unknown }).light;
    if (!light || typeof light !== 'object') return null;
    const override = (light as { override?: unknown }).override;
    return override && typeof override === 'object' ? (override as OverrideShape) : null;
  };
  return { before: pick(entry.before), after: pick(entry.after) };
}
