import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { Progress } from '../components/Progress';
import { MeasureLightCell } from '../components/LightCard';
import { unwrap } from '../lib/api/errors';
import type { MeasureSummary } from '../lib/api/types';
import { useApi, useUser } from '../lib/auth/context';
import { can } from '../lib/auth/permissions';
import { daysSince } from '../lib/format';
import { useLookups } from '../lib/queries';
import { byUrgency, needsUpdate } from '../lib/measureRules';
import { OpenDuties } from '../components/reporting/OpenDuties';

const PER_PAGE = 200;

/**
 * Meine Aktualisierungen: the measures an editor reports on (their departments' measures
 * that are still running), those without a current update first, each one click from the
 * update form.
 */
export default function MyUpdatesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const lookups = useLookups();
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const steering = can.manageStructure(user);
  const departmentIds = steering ? [] : user.department_ids;

  const measures = useQuery({
    queryKey: ['measures', 'mine', user.id, departmentIds],
    enabled: steering || departmentIds.length > 0,
    queryFn: async () => {
      const scopes: (number | undefined)[] = steering ? [undefined] : departmentIds;
      const pages = await Promise.all(
        scopes.map(async (department_id) =>
          unwrap(
            await api.GET('/api/v1/measures', {
              params: { query: { department_id, per_page: PER_PAGE } },
            }),
          ),
        ),
      );
      const byId = new Map<number, MeasureSummary>();
      for (const page of pages) for (const m of page.items) byId.set(m.id, m);
      return [...byId.values()];
    },
  });

  const heading = <PageHeading title={t('myUpdates.title')} />;
  if (!steering && departmentIds.length === 0) {
    return (
      <>
        {heading}
        <p className="notice notice-warning">{t('myUpdates.noDepartments')}</p>
      </>
    );
  }
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
  const running = measures.data
    .filter((m) => {
      const category = lookups.statuses.get(m.status_id)?.category;
      return !m.archived && category !== 'completed' && category !== 'cancelled';
    })
    .filter((m) => can.updateMeasure(user, m))
    .sort(byUrgency);
  const owing = running.filter(needsUpdate);
  const ordered = [...owing, ...running.filter((m) => !needsUpdate(m))];

  return (
    <>
      {heading}
      {saved && (
        <p className="notice notice-success" role="status">
          {t('update.saved', { code: saved })}
        </p>
      )}
      <p>{steering ? t('myUpdates.introOfficer') : t('myUpdates.intro')}</p>
      {user.role === 'editor' && (
        <>
          <OpenDuties />
          <h2>{t('reporting.measuresHeading')}</h2>
        </>
      )}
      {ordered.length === 0 ? (
        <p>{t('myUpdates.none')}</p>
      ) : (
        <>
          <p className="result-count">
            {t('myUpdates.summary', { stale: owing.length, total: ordered.length })}
          </p>
          <div className="table-wrap">
            <table className="my-updates">
              <caption className="visually-hidden">{t('myUpdates.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('measures.code')}</th>
                  <th scope="col">{t('measures.titleColumn')}</th>
                  <th scope="col">{t('measures.lead')}</th>
                  <th scope="col">{t('measures.lastUpdate')}</th>
                  <th scope="col">{t('measures.progress')}</th>
                  <th scope="col">{t('measures.light')}</th>
                  <th scope="col">{t('myUpdates.action')}</th>
                </tr>
              </thead>
              <tbody>
                {ordered.map((m) => {
                  const owes = needsUpdate(m);
                  const days = m.last_update_date ? daysSince(m.last_update_date) : null;
                  return (
                    <tr key={m.id} className={owes ? 'row-due' : undefined}>
                      <td>
                        <Link to={`/measures/${m.id}`}>{m.code}</Link>
                      </td>
                      <td>{m.title}</td>
                      <td>{lookups.departments.get(m.lead_department_id)?.code ?? '–'}</td>
                      <td>
                        {days === null
                          ? t('myUpdates.neverUpdated')
                          : days === 0
                            ? t('myUpdates.today')
                            : t('myUpdates.daysAgo', { count: days })}
                        <div className={owes ? 'due-flag' : 'muted small'}>
                          {owes ? `⚠ ${t('myUpdates.due')}` : t('myUpdates.current')}
                        </div>
                      </td>
                      <td>
                        <Progress value={m.progress} />
                      </td>
                      <td>
                        <MeasureLightCell light={m.light} />
                      </td>
                      <td>
                        <Link
                          className={owes ? 'button button-primary' : 'button'}
                          to={`/measures/${m.id}/update`}
                          state={{ returnTo: '/my-updates' }}
                          aria-label={t('myUpdates.updateLabel', { code: m.code })}
                        >
                          {t('myUpdates.updateOne')}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
