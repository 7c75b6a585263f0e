/** Number and date formatting in the user's language (German: decimal comma, 19.03.2026). */
import i18n from '../i18n';

function locale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'de-DE';
}

/** `42,5 %` / `42.5%`; `–` for no value. */
export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale(), {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value / 100);
}

export function number(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

/** An ISO date (`2026-03-19`) or date-time as a local date; `–` for none. */
export function date(value: string | null | undefined): string {
  if (!value) return '–';
  const parsed = value.length === 10 ? new Date(`${value}T12:00:00`) : new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(parsed);
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return '–';
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    parsed,
  );
}

export function euros(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '–';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(
    cents / 100,
  );
}

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from an ISO date to today (0 = today). */
export function daysSince(isoDate: string, today = todayIso()): number {
  const a = Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10));
  const b = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}
