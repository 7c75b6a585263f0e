import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { date, dateTime } from '../../lib/format';
import { useReports } from '../../lib/reporting';
import { byMeeting } from '../../lib/reportingView';
import '../../styles/reporting.css';

/** Sachstandsberichte: the frozen reports per council meeting; withdrawn ones marked. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const reports = useReports();
  return (
    <div className="reporting reports-page">
      <PageHeading title={t('reports.title')} />
      <p>{t('reports.intro')}</p>
      {reports.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <ErrorView error={reports.error} onRetry={() => void reports.refetch()} />
      ) : reports.data.length === 0 ? (
        <p>{t('reports.none')}</p>
      ) : (
        byMeeting(reports.data).map((group) => {
          const m = group[0]!.meeting;
          const id = `meeting-${group[0]!.id}`;
          return (
            <section key={id} className="meeting-group" aria-labelledby={id}>
              <h2 id={id}>
                {m.body}, {date(m.date)}
                {m.vorlage_number && (
                  <span className="muted">
                    {' · '}
                    {t('reporting.vorlage', { number: m.vorlage_number })}
                  </span>
                )}
              </h2>
              <ul className="report-list">
                {group.map((r) => (
                  <li key={r.id} className={r.withdrawn ? 'withdrawn' : undefined}>
                    <Link to={`/berichte/${r.id}`}>{r.title}</Link>
                    <span className="muted small">
                      {' '}
                      · {t('reports.frozenOn', { at: dateTime(r.frozen_at) })}
                    </span>
                    {r.withdrawn && (
                      <p className="withdrawn-note small">
                        <strong>{t('reports.withdrawnLabel')}</strong>{' '}
                        {t('reports.withdrawnReason', {
                          at: date(r.withdrawn.at),
                          reason: r.withdrawn.reason,
                        })}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </div>
  );
}
