import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AuditTrail } from '../components/AuditTrail';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { Progress } from '../components/Progress';
import { LightCard } from '../components/LightCard';
import { useUser } from '../lib/auth/context';
import { can } from '../lib/auth/permissions';
import { date, euros, percent } from '../lib/format';
import { useLookups, useMeasure, useStatusUpdates } from '../lib/queries';
import { NotFoundPage } from './NotFoundPage';

export default function MeasureDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  return <MeasureDetail id={id} />;
}

function MeasureDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const user = useUser();
  const measure = useMeasure(id);
  const updates = useStatusUpdates(id);
  const lookups = useLookups();
  const queryClient = useQueryClient();

  if (measure.isPending) return <Loading />;
  if (measure.isError) {
    return (
      <>
        <PageHeading title={t('nav.measures')} />
        <ErrorView error={measure.error} onRetry={() => void measure.refetch()} />
        <p>
          <Link to="/measures">{t('measure.back')}</Link>
        </p>
      </>
    );
  }
  const m = measure.data.data;
  const light = m.light;
  const department = (depId: number) => {
    const d = lookups.departments.get(depId);
    return d ? `${d.code} ${d.name}` : `#${depId}`;
  };
  return (
    <article className="measure-detail">
      <p className="no-print">
        <Link to="/measures">{t('measure.back')}</Link>
      </p>
      <PageHeading title={`${m.code} ${m.title}`}>
        {can.updateMeasure(user, m) && !m.archived && (
          <Link className="button button-primary no-print" to={`/measures/${m.id}/update`}>
            {t('measure.update')}
          </Link>
        )}
      </PageHeading>
      <div className="detail-grid">
        <LightCard
          measure={m}
          etag={measure.data.etag}
          onChanged={(data, etag) => {
            queryClient.setQueryData(['measures', 'detail', id], { data, etag });
            for (const key of [
              ['measures', 'list'],
              ['measures', 'mine'],
              ['dashboard'],
              ['audit'],
            ])
              void queryClient.invalidateQueries({ queryKey: key });
          }}
        />
        <section className="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">{t('measure.facts')}</h2>
          <dl className="facts">
            <dt>{t('measure.status')}</dt>
            <dd>
              {lookups.statuses.get(m.status_id)?.label ?? '–'}
              {m.archived && <span className="tag">{t('measures.archived')}</span>}
            </dd>
            <dt>{t('measure.progress')}</dt>
            <dd>
              <Progress value={m.progress} />
              {light.expected_progress !== null && light.expected_progress !== undefined && (
                <div className="muted small">
                  {t('measure.expected', { value: percent(light.expected_progress) })}
                </div>
              )}
            </dd>
            <dt>{t('measure.planned')}</dt>
            <dd>
              {date(m.planned_start)} – {date(m.planned_end)}
            </dd>
            <dt>{t('measure.actual')}</dt>
            <dd>
              {date(m.actual_start)} – {m.actual_end ? date(m.actual_end) : t('measure.open')}
            </dd>
            <dt>{t('measure.lead')}</dt>
            <dd>{department(m.lead_department_id)}</dd>
            <dt>{t('measure.participants')}</dt>
            <dd>
              {m.participating_department_ids.length === 0
                ? t('measure.none')
                : m.participating_department_ids.map(department).join(', ')}
            </dd>
            <dt>{t('measure.goals')}</dt>
            <dd>
              <ul className="plain">
                {m.goal_ids.map((g) => {
                  const goal = lookups.goals.get(g);
                  return <li key={g}>{goal ? `${goal.code} ${goal.title}` : `#${g}`}</li>;
                })}
              </ul>
            </dd>
            <dt>{t('measure.priority')}</dt>
            <dd>{t(`priority.${m.priority}`)}</dd>
            <dt>{t('measure.weight')}</dt>
            <dd>{m.weight}</dd>
            {user.role !== 'council' && (
              <>
                <dt>{t('measure.visibility')}</dt>
                <dd>{t(`visibility.${m.visibility}`)}</dd>
              </>
            )}
            {(m.contact_name || m.contact_email) && (
              <>
                <dt>{t('measure.contact')}</dt>
                <dd>
                  {m.contact_name}
                  {m.contact_email && (
                    <>
                      {' '}
                      <a href={`mailto:${m.contact_email}`}>{m.contact_email}</a>
                    </>
                  )}
                </dd>
              </>
            )}
            {(m.budget_planned_cents != null || m.budget_spent_cents != null) && (
              <>
                <dt>{t('measure.budget')}</dt>
                <dd>
                  {euros(m.budget_planned_cents)} / {euros(m.budget_spent_cents)}
                </dd>
              </>
            )}
          </dl>
        </section>
      </div>

      <section aria-labelledby="description-heading">
        <h2 id="description-heading">{t('measure.description')}</h2>
        {m.description ? (
          <p className="pre-line">{m.description}</p>
        ) : (
          <p className="muted">{t('measure.noDescription')}</p>
        )}
      </section>

      <section aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">{t('measure.milestones')}</h2>
        {m.milestones.length === 0 ? (
          <p className="muted">{t('measure.noMilestones')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('measure.milestones')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('measure.milestone')}</th>
                  <th scope="col">{t('measure.due')}</th>
                  <th scope="col">{t('measure.done')}</th>
                </tr>
              </thead>
              <tbody>
                {m.milestones.map((ms) => (
                  <tr key={ms.id}>
                    <td>{ms.title}</td>
                    <td>{date(ms.due)}</td>
                    <td>{ms.done ? date(ms.done) : t('measure.open')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="deps-heading">
        <h2 id="deps-heading">{t('measure.dependencies')}</h2>
        {m.dependencies.length === 0 ? (
          <p className="muted">{t('measure.noDependencies')}</p>
        ) : (
          <ul>
            {m.dependencies.map((d) => (
              <li key={d.id}>
                <Link to={`/measures/${d.id}`}>
                  {d.code} {d.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('measure.history')}</h2>
        {updates.isPending ? (
          <Loading />
        ) : updates.isError ? (
          <ErrorView error={updates.error} onRetry={() => void updates.refetch()} />
        ) : updates.data.length === 0 ? (
          <p className="muted">{t('measure.noHistory')}</p>
        ) : (
          <ol className="history">
            {updates.data.map((u) => (
              <li key={u.id} className="history-item">
                <p className="history-meta">
                  {t('measure.reportedBy', {
                    date: date(u.reporting_date),
                    author: u.author_name,
                    status: u.status_label,
                    progress: percent(u.progress),
                  })}
                </p>
                <p className="pre-line">{u.narrative}</p>
              </li>
            ))}
          </ol>
        )}
      </section>

      {can.readAudit(user) && (
        <section aria-labelledby="audit-heading">
          <h2 id="audit-heading">{t('measure.audit')}</h2>
          <AuditTrail entityType="measure" entityId={m.id} />
        </section>
      )}
    </article>
  );
}
