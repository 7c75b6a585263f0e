import { percent } from '../lib/format';

/** Progress as a number with a small bar (the bar is decoration; the number is the data). */
export function Progress({ value }: { value: number | null | undefined }) {
  const clamped = Math.max(0, Math.min(100, value ?? 0));
  return (
    <span className="progress">
      <span className="progress-bar" aria-hidden="true">
        <span style={{ width: `${clamped}%` }} />
      </span>
      <span className="progress-value">{percent(value)}</span>
    </span>
  );
}
