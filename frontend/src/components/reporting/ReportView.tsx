import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { BarChart } from '../../charts/BarChart';
import { ChartFigure } from '../../charts/ChartFigure';
import { DistributionChart, type Segment } from '../../charts/DistributionChart';
import { date, dateTime, percent } from '../../lib/format';
import {
  LIGHTS,
  type ReportFieldView,
  type ReportMeasureView,
  type ReportViewModel,
} from '../../lib/reportingView';
import { TrafficLightBadge } from '../TrafficLight';
import { ItemFlags, ItemStateBadge } from './Badges';

const fieldName = (f: ReportFieldView) => [f.code, f.title].filter(Boolean).join(' ');

/**
 * The frozen content of a report: title data, summary with charts and numbers, one section
 * per Handlungsfeld with its measures, overdue items. Used signed-in and on the public page.
 */
export function ReportView({ report, internal }: { report: ReportViewModel; internal: boolean }) {
  const { t, i18n } = useTranslation();
  const s = report.summary;
  const rollup = s.strategy_rollup;
  const overall = rollup.progress ?? null;
  const formula = i18n.language === 'en' ? rollup.formula_en || rollup.formula : rollup.formula;
  const segments: Segment[] = [
    ...LIGHTS.map((l) => ({ light: l, label: t(`light.${l}`), count: s.by_light[l] })),
    { light: null, label: t('light.none'), count: s.by_light.none },
  ].filter((seg) => seg.count > 0 || seg.light !== null);
  const fields = report.fields;
  const overdue = report.openItems;
  const meeting = report.meeting;
  return (
    <div className="report-view">
      <section aria-labelledby="report-facts" className="card report-facts">
        <h2 id="report-facts">{t('reports.facts')}</h2>
        <dl className="facts">
          <dt>{t('reporting.meeting')}</dt>
          <dd>
            {meeting.body}, {date(meeting.date)}
          </dd>
          {meeting.vorlage_number && (
            <>
              <dt>{t('reporting.form.vorlage')}</dt>
              <dd>{meeting.vorlage_number}</dd>
            </>
          )}
          {report.strategyTitle && (
            <>
              <dt>{t('reports.strategy')}</dt>
              <dd>{report.strategyTitle}</dd>
            </>
          )}
          {report.round && (
            <>
              <dt>{t('reporting.round')}</dt>
              <dd>
                {report.round.title} ({t('reporting.deadline')}: {date(report.round.deadline)})
              </dd>
            </>
          )}
          <dt>{t('reports.frozenAt')}</dt>
          <dd>
            {dateTime(report.frozenAt)}
            {internal && report.frozenByName && ` · ${report.frozenByName}`}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="report-summary">
        <h2 id="report-summary">{t('reports.summary')}</h2>
        {report.published != null && <p className="muted">{t('reports.publicScope')}</p>}
        <div className="grid summary-cards">
          <div className="card stat">
            <div className="stat-label">{t('reports.measureCount')}</div>
            <div className="stat-value">{s.measure_count}</div>
            {report.published != null && (
              <div className="muted small">
                {t('reports.publishedMeasures', { count: report.published })}
              </div>
            )}
            {s.excluded_drafts > 0 && (
              <div className="muted small">
                {t('reports.excludedDrafts', { count: s.excluded_drafts })}
              </div>
            )}
          </div>
          <div className="card stat">
            <div className="stat-label">{t('reports.overallProgress')}</div>
            <div className="stat-value">{percent(overall ?? s.average_progress)}</div>
          </div>
          <div className="card stat">
            <div className="stat-label">{t('dashboard.distribution')}</div>
            <ChartFigure
              caption={t('dashboard.distributionCaption')}
              summary={segments.map((seg) => `${seg.label}: ${seg.count}`).join(', ')}
              chart={<DistributionChart segments={segments} />}
              table={
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.light')}</th>
                      <th scope="col" className="num">
                        {t('dashboard.measures')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {segments.map((seg) => (
                      <tr key={seg.label}>
                        <td>
                          <TrafficLightBadge light={seg.light} />
                        </td>
                        <td className="num">{seg.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
          </div>
        </div>
        {formula && (
          <p className="formula small">
            {t('reports.formula')}: <code>{formula}</code>
          </p>
        )}
        {Object.values(s.by_status_category).some((n) => n > 0) && (
          <p className="small">
            {t('reports.byStatus')}:{' '}
            {Object.entries(s.by_status_category)
              .filter(([, v]) => v > 0)
              .map(
                ([k, v]) =>
                  `${t(`category.${k}` as 'category.planned', { defaultValue: k })}: ${v}`,
              )
              .join(' · ')}
          </p>
        )}
        {fields.length > 0 && (
          <ChartFigure
            caption={t('dashboard.progressCaption')}
            summary={fields.map((f) => `${fieldName(f)}: ${percent(f.rollup.progress)}`).join(', ')}
            chart={
              <BarChart
                bars={fields.map((f) => ({
                  key: f.code,
                  label: fieldName(f),
                  value: f.rollup.progress ?? null,
                  valueLabel: percent(f.rollup.progress),
                  light: f.rollup.light ?? null,
                }))}
              />
            }
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.name')}</th>
                    <th scope="col" className="num">
                      {t('dashboard.progress')}
                    </th>
                    <th scope="col">{t('dashboard.light')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fields.map((f) => (
                    <tr key={f.code}>
                      <th scope="row">{fieldName(f)}</th>
                      <td className="num">{percent(f.rollup.progress)}</td>
                      <td>
                        <TrafficLightBadge light={f.rollup.light ?? null} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        )}
      </section>

      <section aria-labelledby="report-fields">
        <h2 id="report-fields">{t('reports.fields')}</h2>
        {fields.length === 0 && <p>{t('reports.noMeasures')}</p>}
        {fields.map((f) => (
          <FieldSection key={f.code} field={f} internal={internal} />
        ))}
      </section>

      {overdue.length > 0 && (
        <section aria-labelledby="report-overdue">
          <h2 id="report-overdue">
            {t('reports.overdueItems')} ({overdue.length})
          </h2>
          <p className="muted">{t('reports.overdueHint')}</p>
          <ul className="overdue-items">
            {overdue.map((o) => (
              <li key={`${o.code}-${o.department}`}>
                {o.code} {o.title} – {o.department}
                {o.state && (
                  <>
                    {' '}
                    <ItemStateBadge state={o.state} />
                  </>
                )}
                {o.overdue && (
                  <>
                    {' '}
                    <ItemFlags item={{ overdue: true, late: false }} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function FieldSection({ field, internal }: { field: ReportFieldView; internal: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="report-field" aria-labelledby={headingId}>
      <h3 id={headingId}>{fieldName(field)}</h3>
      <p className="small">
        {t('dashboard.progress')}: <strong>{percent(field.rollup.progress)}</strong> ·{' '}
        <TrafficLightBadge light={field.rollup.light ?? null} /> ·{' '}
        {t('reports.measuresInField', { count: field.measures.length })}
      </p>
      {field.measures.length > 0 && (
        <div className="table-wrap">
          <table className="report-measures">
            <caption className="visually-hidden">{fieldName(field)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('measures.code')}</th>
                <th scope="col">{t('measures.titleColumn')}</th>
                <th scope="col">{t('update.status')}</th>
                <th scope="col" className="num">
                  {t('measures.progress')}
                </th>
                <th scope="col">{t('measures.light')}</th>
                <th scope="col">{t('reports.lastUpdate')}</th>
              </tr>
            </thead>
            <tbody>
              {field.measures.map((m) => (
                <MeasureRow key={m.code} m={m} internal={internal} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MeasureRow({ m, internal }: { m: ReportMeasureView; internal: boolean }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>{m.code}</td>
      <th scope="row">
        {m.title}
        <div className="muted small">{m.lead}</div>
      </th>
      <td>{m.status}</td>
      <td className="num">{percent(m.progress)}</td>
      <td>
        <TrafficLightBadge light={m.light} overridden={m.overridden} />
        {internal && m.overrideReason && (
          <div className="small pre-line">{t('override.quoted', { text: m.overrideReason })}</div>
        )}
      </td>
      <td className="small">
        {m.lastUpdate ? (
          <>
            {date(m.lastUpdate.date)}
            {m.lastUpdate.narrative && (
              <div className="pre-line narrative-excerpt">{m.lastUpdate.narrative}</div>
            )}
          </>
        ) : (
          t('myUpdates.neverUpdated')
        )}
        {m.itemState && (
          <div className="item-in-round">
            {t('reports.itemInRound')}: <ItemStateBadge state={m.itemState} />
          </div>
        )}
      </td>
    </tr>
  );
}
