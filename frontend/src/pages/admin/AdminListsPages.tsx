import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/auth/context';
import { date } from '../../lib/format';
import { useDepartments, useGoals, useStatuses, useLookups } from '../../lib/queries';

function QueryState({
  query,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}

/** The strategy (resolution) and the goal tree. */
export function AdminGoalsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const strategy = useQuery({
    queryKey: ['strategy'],
    queryFn: async () => unwrap(await api.GET('/api/v1/strategy')),
  });
  const goals = useGoals();
  return (
    <>
      <PageHeading title={t('admin.goals')} />
      <section aria-labelledby="strategy-heading" className="card">
        <h2 id="strategy-heading">{t('admin.strategy')}</h2>
        <QueryState query={strategy} />
        {strategy.data && (
          <dl className="facts">
            <dt>{t('admin.title_')}</dt>
            <dd>{strategy.data.title}</dd>
            <dt>{t('admin.resolution')}</dt>
            <dd>
              {strategy.data.resolution_number} ({strategy.data.resolution_body},{' '}
              {date(strategy.data.resolution_date)})
            </dd>
            <dt>{t('dashboard.inForce', { date: '' }).trim()}</dt>
            <dd>{date(strategy.data.in_force_from)}</dd>
          </dl>
        )}
      </section>
      <h2>{t('measure.goals')}</h2>
      <QueryState query={goals} />
      {goals.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('measure.goals')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.title_')}</th>
                <th scope="col">{t('admin.depth')}</th>
              </tr>
            </thead>
            <tbody>
              {goals.data.map((g) => (
                <tr key={g.id}>
                  <td>{g.code}</td>
                  <td style={{ paddingLeft: `${0.6 + g.depth * 1.5}rem` }}>
                    {g.depth === 0 ? <strong>{g.title}</strong> : g.title}
                  </td>
                  <td>{g.depth === 0 ? t('dashboard.fieldsOfAction') : t('measures.goal')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function AdminDepartmentsPage() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const lookups = useLookups();
  return (
    <>
      <PageHeading title={t('admin.departments')} />
      <QueryState query={departments} />
      {departments.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.departments')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.parent')}</th>
                <th scope="col">{t('admin.active')}</th>
              </tr>
            </thead>
            <tbody>
              {departments.data.map((d) => (
                <tr key={d.id}>
                  <td>{d.code}</td>
                  <td>{d.name}</td>
                  <td>{d.parent_id ? (lookups.departments.get(d.parent_id)?.code ?? '–') : '–'}</td>
                  <td>{d.active ? t('admin.active') : t('admin.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function AdminStatusesPage() {
  const { t } = useTranslation();
  const statuses = useStatuses();
  return (
    <>
      <PageHeading title={t('admin.statuses')} />
      <QueryState query={statuses} />
      {statuses.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.statuses')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.category')}</th>
                <th scope="col" className="num">
                  {t('admin.defaultProgress')}
                </th>
                <th scope="col">{t('admin.active')}</th>
              </tr>
            </thead>
            <tbody>
              {statuses.data.map((s) => (
                <tr key={s.id}>
                  <td>{s.label}</td>
                  <td>
                    <code>{s.code}</code>
                  </td>
                  <td>{t(`category.${s.category}`)}</td>
                  <td className="num">{s.default_progress ?? '–'}</td>
                  <td>{s.active ? t('admin.active') : t('admin.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function AdminUsersPage() {
  const { t } = useTranslation();
  const api = useApi();
  const lookups = useLookups();
  const users = useQuery({
    queryKey: ['users'],
    queryFn: async () => unwrap(await api.GET('/api/v1/users')),
  });
  return (
    <>
      <PageHeading title={t('admin.users')} />
      <QueryState query={users} />
      {users.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.username')}</th>
                <th scope="col">{t('admin.displayName')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.departments')}</th>
                <th scope="col">{t('admin.active')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <td>{u.username}</td>
                  <td>{u.display_name}</td>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>
                    {u.department_ids
                      .map((d) => lookups.departments.get(d)?.code ?? `#${d}`)
                      .join(', ') || '–'}
                  </td>
                  <td>{u.active ? t('admin.active') : t('admin.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
