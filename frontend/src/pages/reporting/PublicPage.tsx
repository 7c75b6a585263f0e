import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { Progress } from '../../components/Progress';
import { PublicFrame } from '../../components/PublicFrame';
import { TrafficLightBadge } from '../../components/TrafficLight';
import { DistributionChart, type Segment } from '../../charts/DistributionChart';
import { ChartFigure } from '../../charts/ChartFigure';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/auth/context';
import { date, percent } from '../../lib/format';
import { publicPdfUrl, usePublicReports } from '../../lib/reporting';
import { byMeeting, inField } from '../../lib/reportingView';
import '../../styles/reporting.css';

/**
 * The transparency page (no sign-in): the published measures with progress and light,
 * filterable by Handlungsfeld, and the published Sachstandsberichte with their PDFs.
 */
export default function PublicPage() {
  const { t } = useTranslation();
  const api = useApi();
  const filterId = useId();
  const [field, setField] = useState('');
  const dashboard = useQuery({
    queryKey: ['public', 'dashboard'],
    queryFn: async () => unwrap(await api.GET('/api/v1/public/dashboard')),
  });
  const measures = useQuery({
    queryKey: ['public', 'measures'],
    queryFn: async () => unwrap(await api.GET('/api/v1/public/measures')),
  });
  const reports = usePublicReports();
  const fields = dashboard.data?.fields_of_action ?? [];
  const shown = (measures.data ?? []).filter((m) => !field || inField(m, field));
  const dist = dashboard.data?.light_distribution;
  const segments: Segment[] = dist
    ? [
        { light: 'green', label: t('light.green'), count: dist.green },
        { light: 'yellow', label: t('light.yellow'), count: dist.yellow },
        { light: 'red', label: t('light.red'), count: dist.red },
        { light: 'pending', label: t('light.pending'), count: dist.pending },
        { light: null, label: t('light.none'), count: dist.none },
      ]
    : [];

  return (
    <PublicFrame>
      <div className="reporting public-page">
        <PageHeading title={t('publicPage.title')} />
        <p className="lead">{t('publicPage.intro')}</p>
        {dashboard.isPending ? (
          <Loading />
        ) : dashboard.isError ? (
          <ErrorView error={dashboard.error} onRetry={() => void dashboard.refetch()} />
        ) : (
          <section aria-labelledby="public-strategy" className="card">
            <h2 id="public-strategy">{dashboard.data.strategy.title}</h2>
            {dashboard.data.strategy.resolution_number && (
              <p className="small">
                {t('dashboard.adopted', {
                  number: dashboard.data.strategy.resolution_number,
                  body: dashboard.data.strategy.resolution_body,
                  date: date(dashboard.data.strategy.resolution_date),
                })}
              </p>
            )}
            <div className="grid summary-cards">
              <div className="card stat">
                <div className="stat-label">{t('dashboard.overallProgress')}</div>
                <div className="stat-value">{percent(dashboard.data.overall.rollup.progress)}</div>
                <div className="muted small">
                  {t('dashboard.asOf', { date: date(dashboard.data.as_of) })}
                </div>
              </div>
              <div className="card stat">
                <div className="stat-label">{t('dashboard.distribution')}</div>
                <ChartFigure
                  caption={t('dashboard.distributionCaption')}
                  summary={segments.map((s) => `${s.label}: ${s.count}`).join(', ')}
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
            </div>
          </section>
        )}

        <section aria-labelledby="public-reports">
          <h2 id="public-reports">{t('publicPage.reports')}</h2>
          {reports.isPending ? (
            <Loading />
          ) : reports.isError ? (
            <ErrorView error={reports.error} onRetry={() => void reports.refetch()} />
          ) : reports.data.length === 0 ? (
            <p>{t('publicPage.noReports')}</p>
          ) : (
            <ul className="report-list">
              {byMeeting(reports.data)
                .flat()
                .map((r) => (
                  <li key={r.id}>
                    <Link to={`/oeffentlich/berichte/${r.id}`}>{r.title}</Link>
                    <span className="muted small">
                      {' '}
                      · {r.meeting.body}, {date(r.meeting.date)}
                      {r.meeting.vorlage_number &&
                        ` · ${t('reporting.vorlage', { number: r.meeting.vorlage_number })}`}
                    </span>{' '}
                    <a
                      href={publicPdfUrl(r.id)}
                      download
                      aria-label={t('publicPage.pdfLabel', { title: r.title })}
                    >
                      {t('publicPage.pdf')}
                    </a>
                  </li>
                ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="public-measures">
          <h2 id="public-measures">{t('publicPage.measures')}</h2>
          <div className="field inline-field">
            <label htmlFor={filterId}>{t('publicPage.field')}</label>
            <select id={filterId} value={field} onChange={(e) => setField(e.target.value)}>
              <option value="">{t('publicPage.allFields')}</option>
              {fields.map((f) => (
                <option key={f.scope.id} value={f.scope.code ?? ''}>
                  {[f.scope.code, f.scope.title].filter(Boolean).join(' ')}
                </option>
              ))}
            </select>
          </div>
          {measures.isPending ? (
            <Loading />
          ) : measures.isError ? (
            <ErrorView error={measures.error} onRetry={() => void measures.refetch()} />
          ) : (
            <>
              <p className="result-count" aria-live="polite">
                {t('measures.results', { count: shown.length })}
              </p>
              <div className="table-wrap">
                <table className="public-measures">
                  <caption className="visually-hidden">{t('publicPage.measures')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('measures.code')}</th>
                      <th scope="col">{t('measures.titleColumn')}</th>
                      <th scope="col">{t('measures.status')}</th>
                      <th scope="col">{t('measures.progress')}</th>
                      <th scope="col">{t('measures.light')}</th>
                      <th scope="col">{t('measures.lead')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((m) => (
                      <tr key={m.code}>
                        <td>{m.code}</td>
                        <th scope="row">
                          {m.title}
                          <div className="muted small">
                            {m.goals.map((g) => `${g.code} ${g.title}`).join(' · ')}
                          </div>
                        </th>
                        <td>{m.status}</td>
                        <td>
                          <Progress value={m.progress} />
                        </td>
                        <td>
                          <TrafficLightBadge light={m.light} overridden={m.overridden} />
                        </td>
                        <td>{m.lead_department}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
        <p className="muted small">
          <Link to="/login">{t('publicPage.signIn')}</Link>
        </p>
      </div>
    </PublicFrame>
  );
}
