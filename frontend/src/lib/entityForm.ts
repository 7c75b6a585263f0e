/**
 * The one way administration forms talk to the API: client-side checks first, then the
 * request; a `422` or `409` puts every server message at its field (or in the summary when
 * the form has no such field), a `412` keeps everything the user typed and offers to load
 * the current state, anything else becomes a general error. Field components
 * (`components/FormFields.tsx`) read and write through the returned [`FormApi`].
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/errors';
import { date } from './format';
import { serverFieldErrors } from './serverErrors';

export type FieldValue = string | boolean | number[];
export type FormValues = Record<string, FieldValue>;

/** What openapi-fetch answers. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** After a `412`: not yet reloaded, or reloaded with the fields that changed meanwhile. */
export type Conflict =
  | { loaded: false }
  | { loaded: true; changed: { field: string; before: FieldValue; after: FieldValue }[] };

/** The untyped view of a form that field components use. */
export interface FormApi {
  id: (name: string) => string;
  value: (name: string) => FieldValue;
  set: (name: string, value: FieldValue) => void;
  error: (name: string) => string | undefined;
  errors: Record<string, string>;
  /** Field names the form renders (errors of other fields go to the summary only). */
  fields: string[];
  busy: boolean;
  conflict: Conflict | null;
  failure: unknown;
  /** Element ids of the error summary and the conflict notice (focused when they appear). */
  summaryId: string;
  conflictId: string;
  onSubmit: (event: FormEvent) => void;
  /**
   * Loads the current state after a `412`: fields the user did not touch take the new
   * values, the user's own changes stay, and the next save sends them with the new ETag.
   */
  reloadCurrent?: () => Promise<void>;
  /** Replaces the user's input with the current state after a reload. */
  takeCurrent: () => void;
}

export interface EntityFormOptions<V extends FormValues, T> {
  initial: V;
  /** The If-Match value for the first save (`null` when creating). */
  etag?: string | null;
  /** Client-side checks: a message per invalid field. */
  validate?: (values: V) => Record<string, string | undefined>;
  /** Sends the form. `base` is the state the user started from (for PATCH diffs). */
  submit: (values: V, base: V, etag: string | null) => Promise<ApiResult<T>>;
  /** Reads the current state after a `412`; without it a `412` is a general error. */
  reload?: () => Promise<{ values: V; etag: string | null }>;
  onSaved: (data: T) => void | Promise<void>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose values differ between two states of a form. */
export function changedFields<V extends FormValues>(before: V, after: V): (keyof V & string)[] {
  return Object.keys(after).filter((k) => !same(before[k], after[k]));
}

export function useEntityForm<V extends FormValues, T>(options: EntityFormOptions<V, T>) {
  const { t } = useTranslation();
  const prefix = useId();
  const [values, setValues] = useState<V>(options.initial);
  const [base, setBase] = useState<V>(options.initial);
  const [current, setCurrent] = useState<V | null>(null);
  const [etag, setEtag] = useState<string | null>(options.etag ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const summaryId = `${prefix}-summary`;
  const conflictId = `${prefix}-conflict`;
  const focus = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  const set = useCallback((name: string, value: FieldValue) => {
    setValues((v) => ({ ...v, [name]: value }));
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found = Object.fromEntries(
      Object.entries(options.validate?.(values) ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focus(summaryId);
      return;
    }
    setBusy(true);
    let result: ApiResult<T>;
    try {
      result = await options.submit(values, base, etag);
    } catch (e) {
      setBusy(false);
      setFailure(e);
      return;
    }
    if (result.response.ok) {
      setConflict(null);
      await options.onSaved(result.data as T);
      setBusy(false);
      return;
    }
    setBusy(false);
    const error = new ApiError(result.response.status, result.error as ApiError['problem']);
    if (error.status === 422 || error.status === 409) {
      setErrors(serverFieldErrors(t, error));
      focus(summaryId);
    } else if (error.status === 412 && options.reload) {
      setConflict({ loaded: false });
      focus(conflictId);
    } else {
      setFailure(error);
    }
  }

  async function reloadCurrent() {
    if (!options.reload) return;
    setFailure(null);
    try {
      const fresh = await options.reload();
      const changed = changedFields(base, fresh.values).map((field) => ({
        field,
        before: base[field] as FieldValue,
        after: fresh.values[field] as FieldValue,
      }));
      // Fields the user left alone take the new state; the user's own changes stay.
      setValues((mine) => {
        const merged = { ...mine };
        for (const { field, after } of changed) {
          if (same(mine[field], base[field])) (merged as FormValues)[field] = after;
        }
        return merged;
      });
      setBase(fresh.values);
      setCurrent(fresh.values);
      setEtag(fresh.etag);
      setConflict({ loaded: true, changed });
      focus(conflictId);
    } catch (e) {
      setFailure(e);
    }
  }

  function takeCurrent() {
    if (current) setValues(current);
    setConflict(null);
    setErrors({});
  }

  const api: FormApi = {
    id: (name) => `${prefix}-${name}`,
    value: (name) => values[name] as FieldValue,
    set,
    error: (name) => errors[name],
    errors,
    fields: Object.keys(options.initial),
    busy,
    conflict,
    failure,
    summaryId,
    conflictId,
    onSubmit: (event) => void save(event),
    reloadCurrent: options.reload ? reloadCurrent : undefined,
    takeCurrent,
  };
  return { ...api, values, base, etag };
}

/** Trimmed text, or `null` when empty (optional API fields). */
export const textOrNull = (value: FieldValue | undefined): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** A date input's value, or `null` when empty. */
export const dateOrNull = (value: FieldValue | undefined): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** A whole number from a number input, or `null` when empty. */
export const intOrNull = (value: FieldValue | undefined): number | null =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : null;

/** Whether a number input holds a whole number in `min..=max` (empty is allowed). */
export function isIntIn(value: FieldValue | undefined, min: number, max: number): boolean {
  if (typeof value !== 'string' || value.trim() === '') return true;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max;
}

/** A form value as text (conflict notices): dates formatted, booleans as yes/no. */
export function useShowValue() {
  const { t } = useTranslation();
  return (value: FieldValue | undefined): string => {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
      return '–';
    if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
    if (Array.isArray(value)) return value.join(', ');
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return date(value);
    return value.length > 120 ? `${value.slice(0, 119)}…` : value;
  };
}

/**
 * A PATCH body: only the fields that differ from `base`, each turned into its API value by
 * `convert` (fields without a converter are sent as they are).
 */
export function patchBody<V extends FormValues>(
  values: V,
  base: V,
  convert: Partial<Record<keyof V, (value: FieldValue) => unknown>> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of changedFields(base, values)) {
    const value = values[field] as FieldValue;
    const fn = convert[field];
    body[field] = fn ? fn(value) : typeof value === 'string' ? value.trim() : value;
  }
  return body;
}

/** Depth of every node of a parent-linked tree (0 at the top). */
export function depths<T extends { id: number; parent_id?: number | null }>(
  items: T[],
): Map<number, number> {
  const parent = new Map(items.map((i) => [i.id, i.parent_id ?? null]));
  const result = new Map<number, number>();
  for (const item of items) {
    let depth = 0;
    let p = parent.get(item.id) ?? null;
    const seen = new Set<number>();
    while (p !== null && !seen.has(p)) {
      seen.add(p);
      depth += 1;
      p = parent.get(p) ?? null;
    }
    result.set(item.id, depth);
  }
  return result;
}

/** `id` and every node below it (a node cannot move below itself). */
export function withDescendants<T extends { id: number; parent_id?: number | null }>(
  items: T[],
  id: number,
): Set<number> {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (item.parent_id != null && found.has(item.parent_id) && !found.has(item.id)) {
        found.add(item.id);
        grew = true;
      }
    }
  }
  return found;
}
