import { useTranslation } from 'react-i18next';
import type { ItemState, ReportingItem, RoundCounts } from '../../lib/reporting';
import '../../styles/reporting.css';

const STATE_ICON: Record<ItemState, string> = {
  due: '○',
  submitted: '◐',
  returned: '↩',
  approved: '✓',
};

/** The state of a round item as icon + text (never colour alone). */
export function ItemStateBadge({ state }: { state: ItemState }) {
  const { t } = useTranslation();
  return (
    <span className={`state-badge state-${state}`}>
      <span aria-hidden="true">{STATE_ICON[state]}</span> {t(`reporting.state.${state}`)}
    </span>
  );
}

/** The overdue / late flags of an item, as text. */
export function ItemFlags({ item }: { item: Pick<ReportingItem, 'overdue' | 'late'> }) {
  const { t } = useTranslation();
  return (
    <>
      {item.overdue && (
        <span className="flag flag-overdue">
          <span aria-hidden="true">⚠</span> {t('reporting.flag.overdue')}
        </span>
      )}
      {item.late && (
        <span className="flag flag-late">
          <span aria-hidden="true">⏱</span> {t('reporting.flag.late')}
        </span>
      )}
    </>
  );
}

const SEGMENTS = ['approved', 'submitted', 'returned', 'due'] as const;

/**
 * Progress of a round: a compact stacked bar (decoration) and the same numbers as text.
 */
export function RoundProgress({ counts }: { counts: RoundCounts }) {
  const { t } = useTranslation();
  const total = counts.total || 1;
  return (
    <div className="round-progress">
      <div className="stacked-bar" aria-hidden="true">
        {SEGMENTS.map((s) =>
          counts[s] > 0 ? (
            <span
              key={s}
              className={`stacked-${s}`}
              style={{ width: `${(100 * counts[s]) / total}%` }}
            />
          ) : null,
        )}
      </div>
      <ul className="round-counts">
        {SEGMENTS.map((s) => (
          <li key={s} className={`count-${s}`}>
            <span className={`swatch stacked-${s}`} aria-hidden="true" />
            {t(`reporting.state.${s}`)}: <strong>{counts[s]}</strong>
          </li>
        ))}
        {counts.overdue > 0 && (
          <li className="count-overdue">
            <span aria-hidden="true">⚠ </span>
            {t('reporting.flag.overdue')}: <strong>{counts.overdue}</strong>
          </li>
        )}
      </ul>
      <p className="muted small round-summary">
        {t('reporting.progressSummary', { approved: counts.approved, total: counts.total })}
      </p>
    </div>
  );
}
