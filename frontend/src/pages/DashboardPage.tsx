import { useTranslation } from 'react-i18next';
import { BarChart } from '../charts/BarChart';
import { ChartFigure } from '../charts/ChartFigure';
import { DistributionChart, type Segment } from '../charts/DistributionChart';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { DashboardMeasureTable } from '../components/MeasureTable';
import { PageHeading } from '../components/PageHeading';
import { ExplainButton } from '../components/RollupExplanation';
import { LatestReportLink } from '../components/reporting/LatestReportLink';
import { TrafficLightBadge } from '../components/TrafficLight';
import type { DepartmentView, RollupEntry } from '../lib/api/types';
import { date, number, percent } from '../lib/format';
import { useDashboard, useDepartments, type RollupTarget } from '../lib/queries';

function targetOf(entry: RollupEntry): RollupTarget {
  switch (entry.scope.kind) {
    case 'strategy':
      return { kind: 'strategy' };
    case 'department':
      return { kind: 'department', id: entry.scope.id };
    default:
      return { kind: 'goal', id: entry.scope.id };
  }
}

function scopeName(entry: RollupEntry): string {
  return entry.scope.code ? `${entry.scope.code} ${entry.scope.title}` : entry.scope.title;
}

/** Roll-ups as a table: each progress value opens its explanation. */
function RollupTable({ caption, entries }: { caption: string; entries: RollupEntry[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.code')}</th>
            <th scope="col">{t('dashboard.name')}</th>
            <th scope="col" className="num">
              {t('dashboard.progress')}
            </th>
            <th scope="col">{t('dashboard.light')}</th>
            <th scope="col" className="num">
              {t('light.green')}
            </th>
            <th scope="col" className="num">
              {t('light.yellow')}
            </th>
            <th scope="col" className="num">
              {t('light.red')}
            </th>
            <th scope="col" className="num">
              {t('light.pending')}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const { rollup } = entry;
            return (
              <tr key={`${entry.scope.kind}-${entry.scope.id}`}>
                <td>{entry.scope.code ?? ''}</td>
                <th scope="row">{entry.scope.title}</th>
                <td className="num">
                  <ExplainButton target={targetOf(entry)} name={scopeName(entry)}>
                    {percent(rollup.progress)}
                  </ExplainButton>
                </td>
                <td>
                  <TrafficLightBadge light={rollup.light} />
                </td>
                <td className="num">{rollup.counts.green}</td>
                <td className="num">{rollup.counts.yellow}</td>
                <td className="num">{rollup.counts.red}</td>
                <td className="num">{rollup.counts.pending}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Lagebild: where the strategy stands, with every number explained on request. */
/** Says when a list shows only the most urgent part of a longer one. */
function ListCut({ shown, total }: { shown: number; total: number }) {
  const { t } = useTranslation();
  if (shown >= total) return null;
  return <p className="muted">{t('dashboard.listCut', { shown, total })}</p>;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const dashboard = useDashboard();
  const departmentsQuery = useDepartments();
  const departments = new Map<number, DepartmentView>(
    (departmentsQuery.data ?? []).map((d) => [d.id, d]),
  );
  if (dashboard.isPending) {
    return (
      <>
        <PageHeading title={t('dashboard.title')} />
        <Loading />
      </>
    );
  }
  if (dashboard.isError) {
    return (
      <>
        <PageHeading title={t('dashboard.title')} />
        <ErrorView error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      </>
    );
  }
  const d = dashboard.data;
  const overall = d.overall.rollup;
  const dist = d.light_distribution;
  const segments: Segment[] = [
    { light: 'green', label: t('light.green'), count: dist.green },
    { light: 'yellow', label: t('light.yellow'), count: dist.yellow },
    { light: 'red', label: t('light.red'), count: dist.red },
    { light: 'pending', label: t('light.pending'), count: dist.pending },
    { light: null, label: t('light.none'), count: dist.none },
  ];
  const distributionSummary = segments.map((s) => `${s.label}: ${s.count}`).join(', ');
  const strategyName = d.strategy.title;
  return (
    <div className="dashboard">
      <PageHeading title={t('dashboard.title')}>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          {t('dashboard.print')}
        </button>
      </PageHeading>
      <p className="lead">
        <strong>{d.strategy.title}</strong>
        {d.strategy.resolution_number && (
          <>
            {' · '}
            {t('dashboard.adopted', {
              number: d.strategy.resolution_number,
              body: d.strategy.resolution_body,
              date: date(d.strategy.resolution_date),
            })}
          </>
        )}
        {d.strategy.in_force_from && (
          <> · {t('dashboard.inForce', { date: date(d.strategy.in_force_from) })}</>
        )}
        {' · '}
        {t('dashboard.asOf', { date: date(d.as_of) })}
      </p>
      <LatestReportLink />

      <section aria-labelledby="overall-heading" className="grid summary-cards">
        <h2 id="overall-heading" className="visually-hidden">
          {t('dashboard.overallProgress')}
        </h2>
        <div className="card stat">
          <div className="stat-label">{t('dashboard.overallProgress')}</div>
          <div className="stat-value">
            <ExplainButton target={{ kind: 'strategy' }} name={strategyName}>
              {percent(overall.progress)}
            </ExplainButton>
          </div>
          <div className="muted">
            {t('dashboard.measuresCounted', { count: overall.measures_included })}
            {overall.measures_excluded_cancelled > 0 &&
              ` · ${t('dashboard.measuresExcluded', { count: overall.measures_excluded_cancelled })}`}
          </div>
        </div>
        <div className="card stat">
          <div className="stat-label">{t('dashboard.overallLight')}</div>
          <div className="stat-value">
            <TrafficLightBadge light={overall.light} />
          </div>
          {overall.light_score !== null && overall.light_score !== undefined && (
            <div className="muted">
              <ExplainButton target={{ kind: 'strategy' }} name={strategyName}>
                {t('dashboard.score', { score: number(overall.light_score) })}
              </ExplainButton>
            </div>
          )}
        </div>
        <div className="card stat">
          <div className="stat-label">{t('dashboard.distribution')}</div>
          <ChartFigure
            caption={t('dashboard.distributionCaption')}
            summary={distributionSummary}
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
                  {segments.map((s) => (
                    <tr key={s.label}>
                      <td>
                        <TrafficLightBadge light={s.light} />
                      </td>
                      <td className="num">{s.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        </div>
      </section>
      {d.excluded_drafts > 0 && (
        <p className="muted">{t('dashboard.draftsExcluded', { count: d.excluded_drafts })}</p>
      )}

      <section aria-labelledby="fields-heading">
        <h2 id="fields-heading">{t('dashboard.fieldsOfAction')}</h2>
        <ChartFigure
          caption={t('dashboard.progressCaption')}
          summary={d.fields_of_action
            .map((e) => `${scopeName(e)}: ${percent(e.rollup.progress)}`)
            .join(', ')}
          chart={
            <BarChart
              bars={d.fields_of_action.map((e) => ({
                key: e.scope.id,
                label: scopeName(e),
                value: e.rollup.progress ?? null,
                valueLabel: percent(e.rollup.progress),
                light: e.rollup.light ?? null,
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
                {d.fields_of_action.map((e) => (
                  <tr key={e.scope.id}>
                    <th scope="row">{scopeName(e)}</th>
                    <td className="num">{percent(e.rollup.progress)}</td>
                    <td>
                      <TrafficLightBadge light={e.rollup.light} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <RollupTable caption={t('dashboard.fieldsOfAction')} entries={d.fields_of_action} />
      </section>

      <section aria-labelledby="departments-heading">
        <h2 id="departments-heading">{t('dashboard.departments')}</h2>
        <RollupTable caption={t('dashboard.departments')} entries={d.departments} />
      </section>

      <section aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">
          {t('dashboard.overdue')} ({d.overdue_total})
        </h2>
        <p className="muted">{t('dashboard.overdueHint')}</p>
        <DashboardMeasureTable
          caption={t('dashboard.overdue')}
          measures={d.overdue}
          departments={departments}
        />
        <ListCut shown={d.overdue.length} total={d.overdue_total} />
      </section>

      <section aria-labelledby="risk-heading">
        <h2 id="risk-heading">
          {t('dashboard.atRisk')} ({d.at_risk_total})
        </h2>
        <p className="muted">{t('dashboard.atRiskHint')}</p>
        <DashboardMeasureTable
          caption={t('dashboard.atRisk')}
          measures={d.at_risk}
          departments={departments}
        />
        <ListCut shown={d.at_risk.length} total={d.at_risk_total} />
      </section>

      <section aria-labelledby="stale-heading">
        <h2 id="stale-heading">
          {t('dashboard.stale')} ({d.without_recent_update_total})
        </h2>
        <p className="muted">{t('dashboard.staleHint', { days: d.rules.stale_after_days })}</p>
        <DashboardMeasureTable
          caption={t('dashboard.stale')}
          measures={d.without_recent_update}
          departments={departments}
        />
        <ListCut shown={d.without_recent_update.length} total={d.without_recent_update_total} />
      </section>

      <section aria-labelledby="rules-heading" className="card">
        <h2 id="rules-heading">{t('dashboard.rulesTitle')}</h2>
        <p>
          {t('dashboard.rules', {
            yellow: number(d.rules.yellow_gap_points),
            red: number(d.rules.red_gap_points),
            stale: d.rules.stale_after_days,
            milestone: d.rules.red_milestone_overdue_days,
          })}
        </p>
      </section>
    </div>
  );
}
