import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ChartFigure } from '../charts/ChartFigure';
import { Timeline, type TimelineRow } from '../charts/Timeline';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { TrafficLightBadge } from '../components/TrafficLight';
import { unwrap } from '../lib/api/errors';
import type { GoalView, MeasureDetail, MeasureSummary } from '../lib/api/types';
import { useApi } from '../lib/auth/context';
import { date, percent, todayIso } from '../lib/format';
import { useLookups, useMeasures } from '../lib/queries';

type Grouping = 'field' | 'department';

/** The Handlungsfeld (root goal) of a goal. */
function rootOf(goalId: number, goals: Map<number, GoalView>): GoalView | undefined {
  let goal = goals.get(goalId);
  for (let guard = 0; goal?.parent_id && guard < 20; guard++) goal = goals.get(goal.parent_id);
  return goal;
}

/** Loads details (milestones, actual dates) of many measures, six at a time. */
function useDetails(ids: number[]) {
  const api = useApi();
  return useQuery({
    queryKey: ['measures', 'roadmap-details', ids],
    enabled: ids.length > 0,
    queryFn: async () => {
      const out = new Map<number, MeasureDetail>();
      const queue = [...ids];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            out.set(
              id,
              unwrap(await api.GET('/api/v1/measures/{id}', { params: { path: { id } } })),
            );
          }
        }),
      );
      return out;
    },
  });
}

export default function RoadmapPage() {
  const { t } = useTranslation();
  const lookups = useLookups();
  const [grouping, setGrouping] = useState<Grouping>('field');
  const [includeFinished, setIncludeFinished] = useState(false);
  const measures = useMeasures({ per_page: 200, sort: 'planned_end' });
  const all = measures.data?.items ?? [];
  const details = useDetails(all.map((m) => m.id));
  const today = todayIso();

  const heading = (
    <>
      <PageHeading title={t('roadmap.title')} />
      <p>{t('roadmap.intro')}</p>
    </>
  );
  if (measures.isPending || !lookups.ready) {
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  }
  if (measures.isError) {
    return (
      <>
        {heading}
        <ErrorView error={measures.error} onRetry={() => void measures.refetch()} />
      </>
    );
  }

  const shown = all.filter((m) => {
    const category = lookups.statuses.get(m.status_id)?.category;
    return includeFinished || (category !== 'completed' && category !== 'cancelled');
  });
  const groups = new Map<string, { title: string; order: string; items: MeasureSummary[] }>();
  for (const m of shown) {
    let key: string;
    let title: string;
    if (grouping === 'field') {
      const root = m.goal_ids[0] !== undefined ? rootOf(m.goal_ids[0], lookups.goals) : undefined;
      key = root ? `g${root.id}` : 'none';
      title = root ? `${root.code} ${root.title}` : t('roadmap.other');
    } else {
      const d = lookups.departments.get(m.lead_department_id);
      key = `d${m.lead_department_id}`;
      title = d ? `${d.code} ${d.name}` : t('roadmap.other');
    }
    const group = groups.get(key) ?? { title, order: title, items: [] };
    group.items.push(m);
    groups.set(key, group);
  }
  const sortedGroups = [...groups.values()].sort((a, b) =>
    a.order.localeCompare(b.order, 'de', { numeric: true }),
  );

  const dates = shown.flatMap((m) => [m.planned_start, m.planned_end]).filter(Boolean) as string[];
  dates.push(today);
  const from = `${dates.reduce((a, b) => (a < b ? a : b)).slice(0, 4)}-01-01`;
  const to = `${dates.reduce((a, b) => (a > b ? a : b)).slice(0, 4)}-12-31`;

  const rowOf = (m: MeasureSummary): TimelineRow => {
    const d = details.data?.get(m.id);
    return {
      id: m.id,
      label: m.code,
      plannedStart: m.planned_start ?? null,
      plannedEnd: m.planned_end ?? null,
      actualStart: d?.actual_start ?? null,
      actualEnd: d?.actual_end ?? null,
      light: m.light.light ?? null,
      milestones: (d?.milestones ?? []).map((ms) => ({ due: ms.due, done: Boolean(ms.done) })),
    };
  };

  return (
    <div className="roadmap">
      {heading}
      <div className="card filters no-print">
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="roadmap-group">{t('roadmap.groupBy')}</label>
            <select
              id="roadmap-group"
              value={grouping}
              onChange={(e) => setGrouping(e.target.value as Grouping)}
            >
              <option value="field">{t('roadmap.byField')}</option>
              <option value="department">{t('roadmap.byDepartment')}</option>
            </select>
          </div>
          <div className="field field-checkbox">
            <input
              id="roadmap-finished"
              type="checkbox"
              checked={includeFinished}
              onChange={(e) => setIncludeFinished(e.target.checked)}
            />
            <label htmlFor="roadmap-finished">{t('roadmap.includeFinished')}</label>
          </div>
        </div>
        <ul className="legend" aria-label={t('chart.legend')}>
          <li>
            <svg width="28" height="14" aria-hidden="true">
              <rect x="1" y="1" width="26" height="12" className="legend-planned" />
            </svg>
            {t('roadmap.legendPlanned')}
          </li>
          <li>
            <svg width="28" height="14" aria-hidden="true">
              <rect x="1" y="4" width="26" height="6" className="legend-actual" />
            </svg>
            {t('roadmap.legendActual')}
          </li>
          <li>
            <svg width="14" height="14" aria-hidden="true">
              <path d="M7 1 L13 7 L7 13 L1 7 Z" className="legend-milestone-open" />
            </svg>
            {t('roadmap.legendMilestoneOpen')}
          </li>
          <li>
            <svg width="14" height="14" aria-hidden="true">
              <path d="M7 1 L13 7 L7 13 L1 7 Z" className="legend-milestone-done" />
            </svg>
            {t('roadmap.legendMilestoneDone')}
          </li>
        </ul>
      </div>
      {details.isPending && <Loading label={t('roadmap.loadingDetails')} />}
      {sortedGroups.map((group) => (
        <section key={group.title} aria-label={group.title}>
          <h2>{group.title}</h2>
          <ChartFigure
            caption={t('roadmap.caption', { group: group.title })}
            summary={t('roadmap.summary', {
              count: group.items.length,
              from: date(from),
              to: date(to),
            })}
            chart={
              <Timeline
                rows={group.items.map(rowOf)}
                from={from}
                to={to}
                today={today}
                todayLabel={t('roadmap.today')}
              />
            }
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('measures.code')}</th>
                    <th scope="col">{t('measures.titleColumn')}</th>
                    <th scope="col">{t('roadmap.planned')}</th>
                    <th scope="col">{t('roadmap.actual')}</th>
                    <th scope="col">{t('measures.progress')}</th>
                    <th scope="col">{t('measures.light')}</th>
                    <th scope="col">{t('roadmap.milestones')}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.items.map((m) => {
                    const d = details.data?.get(m.id);
                    return (
                      <tr key={m.id}>
                        <td>
                          <Link to={`/measures/${m.id}`}>{m.code}</Link>
                        </td>
                        <td>{m.title}</td>
                        <td>
                          {m.planned_start || m.planned_end
                            ? `${date(m.planned_start)} – ${date(m.planned_end)}`
                            : t('roadmap.noDates')}
                        </td>
                        <td>
                          {d?.actual_start
                            ? `${date(d.actual_start)} – ${d.actual_end ? date(d.actual_end) : t('measure.open')}`
                            : '–'}
                        </td>
                        <td>{percent(m.progress)}</td>
                        <td>
                          <TrafficLightBadge light={m.light.light} />
                        </td>
                        <td>
                          {(d?.milestones ?? [])
                            .map(
                              (ms) =>
                                `${ms.title}: ${date(ms.due)}${ms.done ? ` (${t('measure.done')} ${date(ms.done)})` : ''}`,
                            )
                            .join('; ') || '–'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            }
          />
        </section>
      ))}
    </div>
  );
}
