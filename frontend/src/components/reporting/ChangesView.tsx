import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { date, euros, number, percent } from '../../lib/format';
import type { MeasureChanges, MeasureRef, Meeting } from '../../lib/reporting';
import { dateOrText } from '../../lib/reportingView';
import { TrafficLightBadge } from '../TrafficLight';

/** A progress difference with its sign as text: "+15 Prozentpunkte" / "−5 …". */
export function DeltaText({ delta }: { delta: number }) {
  const { t } = useTranslation();
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return (
    <span className={delta > 0 ? 'delta delta-up' : delta < 0 ? 'delta delta-down' : 'delta'}>
      <span aria-hidden="true">{delta > 0 ? '▲ ' : delta < 0 ? '▼ ' : ''}</span>
      {t('reports.changes.points', { value: `${sign}${number(Math.abs(delta))}` })}
    </span>
  );
}

/** A planned date or budget (cents) of a target change, formatted. */
function targetValue(field: string, value: string | null | undefined): string {
  if (field.endsWith('_cents') && value != null && value !== '') return euros(Number(value));
  return dateOrText(value);
}

function MeasureName({ m }: { m: MeasureRef }) {
  return (
    <>
      <span className="code">{m.code}</span> {m.title}
    </>
  );
}

function Section({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="changes-section" aria-labelledby={id}>
      <h3 id={id}>
        {title} ({count})
      </h3>
      {count === 0 ? <p className="muted">{t('reports.changes.none')}</p> : children}
    </section>
  );
}

function FromTo<T>({
  caption,
  rows,
  render,
}: {
  caption: string;
  rows: { measure: MeasureRef; from?: T | null; to?: T | null }[];
  render: (value: T | null | undefined) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reporting.measure')}</th>
            <th scope="col">{t('reports.changes.before')}</th>
            <th scope="col">{t('reports.changes.after')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.measure.id}>
              <th scope="row">
                <MeasureName m={r.measure} />
              </th>
              <td>{render(r.from)}</td>
              <td>{render(r.to)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MeasureList({ entries }: { entries: MeasureRef[] }) {
  return (
    <ul className="measure-list-plain">
      {entries.map((m) => (
        <li key={m.id}>
          <MeasureName m={m} />
        </li>
      ))}
    </ul>
  );
}

/**
 * "Änderungen seit dem letzten Bericht": status and light changes, progress deltas, new,
 * completed and cancelled measures, changed targets, each as a table or list with counts.
 */
export function ChangesView({
  changes,
  previous,
  reportLink,
}: {
  changes: MeasureChanges;
  /** The report compared with; `null` for the first report. */
  previous: { id: number; title?: string | null; meeting?: Meeting | null } | null;
  /** Where the previous report lives (signed-in: /berichte/…, public: /oeffentlich/berichte/…). */
  reportLink: (id: number) => string;
}) {
  const { t } = useTranslation();
  const removed = changes.removed_measures;
  if (!previous) {
    return <p className="notice notice-info">{t('reports.changes.first')}</p>;
  }
  const progress = [...changes.progress_changes].sort(
    (a, b) => Math.abs(b.delta) - Math.abs(a.delta),
  );
  const total =
    changes.status_changes.length +
    changes.light_changes.length +
    changes.progress_changes.length +
    changes.new_measures.length +
    changes.completed_measures.length +
    changes.cancelled_measures.length +
    removed.length +
    changes.target_changes.length;
  return (
    <div className="changes-view">
      <p>
        {t('reports.changes.against')}{' '}
        <Link to={reportLink(previous.id)}>{previous.title ?? t('reports.changes.previous')}</Link>
        {previous.meeting && ` (${previous.meeting.body}, ${date(previous.meeting.date)})`}.{' '}
        {t('reports.changes.total', { count: total })}
      </p>
      <ul className="change-counts">
        <li>{t('reports.changes.statusCount', { count: changes.status_changes.length })}</li>
        <li>{t('reports.changes.lightCount', { count: changes.light_changes.length })}</li>
        <li>{t('reports.changes.progressCount', { count: changes.progress_changes.length })}</li>
        <li>{t('reports.changes.newCount', { count: changes.new_measures.length })}</li>
        <li>{t('reports.changes.completedCount', { count: changes.completed_measures.length })}</li>
        <li>{t('reports.changes.cancelledCount', { count: changes.cancelled_measures.length })}</li>
        <li>{t('reports.changes.targetCount', { count: changes.target_changes.length })}</li>
      </ul>

      <Section title={t('reports.changes.status')} count={changes.status_changes.length}>
        <FromTo
          caption={t('reports.changes.status')}
          rows={changes.status_changes}
          render={(v) => v?.name ?? '–'}
        />
      </Section>

      <Section title={t('reports.changes.light')} count={changes.light_changes.length}>
        <FromTo
          caption={t('reports.changes.light')}
          rows={changes.light_changes}
          render={(v) => <TrafficLightBadge light={v ?? null} />}
        />
      </Section>

      <Section title={t('reports.changes.progress')} count={progress.length}>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('reports.changes.progress')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reporting.measure')}</th>
                <th scope="col" className="num">
                  {t('reports.changes.before')}
                </th>
                <th scope="col" className="num">
                  {t('reports.changes.after')}
                </th>
                <th scope="col" className="num">
                  {t('reports.changes.delta')}
                </th>
              </tr>
            </thead>
            <tbody>
              {progress.map((r) => (
                <tr key={r.measure.id}>
                  <th scope="row">
                    <MeasureName m={r.measure} />
                  </th>
                  <td className="num">{percent(r.from)}</td>
                  <td className="num">{percent(r.to)}</td>
                  <td className="num">
                    <DeltaText delta={r.delta} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title={t('reports.changes.new')} count={changes.new_measures.length}>
        <MeasureList entries={changes.new_measures} />
      </Section>
      <Section title={t('reports.changes.completed')} count={changes.completed_measures.length}>
        <MeasureList entries={changes.completed_measures} />
      </Section>
      <Section title={t('reports.changes.cancelled')} count={changes.cancelled_measures.length}>
        <MeasureList entries={changes.cancelled_measures} />
      </Section>

      {removed.length > 0 && (
        <Section title={t('reports.changes.removed')} count={removed.length}>
          <p className="muted small">{t('reports.changes.removedHint')}</p>
          <MeasureList entries={removed} />
        </Section>
      )}

      <Section title={t('reports.changes.targets')} count={changes.target_changes.length}>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('reports.changes.targets')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reporting.measure')}</th>
                <th scope="col">{t('reports.changes.field')}</th>
                <th scope="col">{t('reports.changes.before')}</th>
                <th scope="col">{t('reports.changes.after')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.target_changes.map((r, i) => (
                <tr key={`${r.measure.id}-${r.field}-${i}`}>
                  <th scope="row">
                    <MeasureName m={r.measure} />
                  </th>
                  <td>
                    {t(`reports.targetField.${r.field}` as 'reports.targetField.planned_end', {
                      defaultValue: r.field,
                    })}
                  </td>
                  <td>{targetValue(r.field, r.from)}</td>
                  <td>{targetValue(r.field, r.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}
