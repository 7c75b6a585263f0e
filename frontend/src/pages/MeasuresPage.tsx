import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { Progress } from '../components/Progress';
import { MeasureLightCell } from '../components/LightCard';
import type { TrafficLight, Visibility } from '../lib/api/types';
import { useUser } from '../lib/auth/context';
import { can } from '../lib/auth/permissions';
import { date } from '../lib/format';
import { useLookups, useMeasures, type MeasureQuery } from '../lib/queries';

const SORTS = [
  'code',
  'title',
  '-progress',
  'progress',
  'planned_end',
  'light',
  '-updated_at',
] as const;
const LIGHTS: TrafficLight[] = ['green', 'yellow', 'red', 'pending'];
const VISIBILITIES: Visibility[] = ['draft', 'internal', 'public'];
const PER_PAGE = 25;

function toInt(value: string | null): number | undefined {
  if (!value) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The list state lives in the URL, so a filtered list can be bookmarked and shared. */
function queryFromParams(params: URLSearchParams): MeasureQuery {
  const light = params.get('light');
  const visibility = params.get('visibility');
  return {
    q: params.get('q') || undefined,
    department_id: toInt(params.get('department_id')),
    goal_id: toInt(params.get('goal_id')),
    status_id: toInt(params.get('status_id')),
    light: LIGHTS.includes(light as TrafficLight) ? (light as TrafficLight) : undefined,
    visibility: VISIBILITIES.includes(visibility as Visibility)
      ? (visibility as Visibility)
      : undefined,
    include_archived: params.get('include_archived') === 'true' ? true : undefined,
    sort: params.get('sort') || undefined,
    page: toInt(params.get('page')) ?? 1,
    per_page: PER_PAGE,
  };
}

export default function MeasuresPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const measures = useMeasures(query);
  const lookups = useLookups();
  const [draft, setDraft] = useState(() => Object.fromEntries(params.entries()));

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(draft)) {
      if (value && key !== 'page') next.set(key, value);
    }
    setParams(next);
  }

  function reset() {
    setDraft({});
    setParams(new URLSearchParams());
  }

  function goTo(page: number) {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    setParams(next);
  }

  const field = (key: string) => ({
    value: draft[key] ?? '',
    onChange: (e: { target: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: e.target.value })),
  });

  const total = measures.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const page = query.page ?? 1;

  return (
    <>
      <PageHeading title={t('measures.title')}>
        {can.manageStructure(user) && (
          <Link className="button button-primary" to="/admin/measures/new">
            {t('measures.create')}
          </Link>
        )}
      </PageHeading>
      <form className="filters card no-print" onSubmit={apply} aria-label={t('measures.filters')}>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="f-q">{t('measures.search')}</label>
            <input id="f-q" type="search" aria-describedby="f-q-hint" {...field('q')} />
            <span id="f-q-hint" className="hint">
              {t('measures.searchHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor="f-department">{t('measures.department')}</label>
            <select id="f-department" {...field('department_id')}>
              <option value="">{t('measures.all')}</option>
              {lookups.departmentList.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.code} {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-goal">{t('measures.goal')}</label>
            <select id="f-goal" {...field('goal_id')}>
              <option value="">{t('measures.all')}</option>
              {lookups.goalList.map((g) => (
                <option key={g.id} value={g.id}>
                  {'\u00a0\u00a0'.repeat(g.depth)}
                  {g.code} {g.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-status">{t('measures.status')}</label>
            <select id="f-status" {...field('status_id')}>
              <option value="">{t('measures.all')}</option>
              {lookups.statusList.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-light">{t('measures.light')}</label>
            <select id="f-light" {...field('light')}>
              <option value="">{t('measures.all')}</option>
              {LIGHTS.map((l) => (
                <option key={l} value={l}>
                  {t(`light.${l}`)}
                </option>
              ))}
            </select>
          </div>
          {user.role !== 'council' && (
            <div className="field">
              <label htmlFor="f-visibility">{t('measures.visibility')}</label>
              <select id="f-visibility" {...field('visibility')}>
                <option value="">{t('measures.all')}</option>
                {VISIBILITIES.map((v) => (
                  <option key={v} value={v}>
                    {t(`visibility.${v}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="f-sort">{t('measures.sort')}</label>
            <select id="f-sort" {...field('sort')}>
              {SORTS.map((s) => (
                <option key={s} value={s === 'code' ? '' : s}>
                  {t(`measures.sortBy.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {can.manageStructure(user) && (
            <div className="field field-checkbox">
              <input
                id="f-archived"
                type="checkbox"
                checked={draft.include_archived === 'true'}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, include_archived: e.target.checked ? 'true' : '' }))
                }
              />
              <label htmlFor="f-archived">{t('measures.includeArchived')}</label>
            </div>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('measures.apply')}
          </button>
          <button type="button" className="button" onClick={reset}>
            {t('measures.reset')}
          </button>
        </div>
      </form>

      {measures.isPending ? (
        <Loading />
      ) : measures.isError ? (
        <ErrorView error={measures.error} onRetry={() => void measures.refetch()} />
      ) : (
        <>
          <p role="status" className="result-count">
            {t('measures.results', { count: total })}
          </p>
          {measures.data.items.length === 0 ? (
            <p>{t('measures.noResults')}</p>
          ) : (
            <div className="table-wrap">
              <table className="measure-list" aria-busy={measures.isFetching}>
                <caption className="visually-hidden">{t('measures.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('measures.code')}</th>
                    <th scope="col">{t('measures.titleColumn')}</th>
                    <th scope="col">{t('measures.lead')}</th>
                    <th scope="col">{t('measures.status')}</th>
                    <th scope="col">{t('measures.progress')}</th>
                    <th scope="col">{t('measures.light')}</th>
                    <th scope="col">{t('measures.plannedEnd')}</th>
                    <th scope="col">{t('measures.lastUpdate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {measures.data.items.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/measures/${m.id}`}>{m.code}</Link>
                      </td>
                      <td>
                        {m.title}
                        {m.archived && <span className="tag"> {t('measures.archived')}</span>}
                        {m.visibility === 'draft' && (
                          <span className="tag"> {t('visibility.draft')}</span>
                        )}
                      </td>
                      <td>{lookups.departments.get(m.lead_department_id)?.code ?? '–'}</td>
                      <td>{lookups.statuses.get(m.status_id)?.label ?? '–'}</td>
                      <td>
                        <Progress value={m.progress} />
                      </td>
                      <td>
                        <MeasureLightCell light={m.light} />
                      </td>
                      <td>{date(m.planned_end)}</td>
                      <td>
                        {m.last_update_date ? date(m.last_update_date) : t('dashboard.never')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 && (
            <nav className="pagination no-print" aria-label={t('measures.pagination')}>
              <button
                type="button"
                className="button"
                disabled={page <= 1}
                onClick={() => goTo(page - 1)}
              >
                {t('measures.previous')}
              </button>
              <span>{t('measures.page', { page, pages })}</span>
              <button
                type="button"
                className="button"
                disabled={page >= pages}
                onClick={() => goTo(page + 1)}
              >
                {t('measures.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}
