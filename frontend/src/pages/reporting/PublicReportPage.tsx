import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { PublicFrame } from '../../components/PublicFrame';
import { ChangesView } from '../../components/reporting/ChangesView';
import { Tabs } from '../../components/reporting/ReportTools';
import { ReportView } from '../../components/reporting/ReportView';
import { date } from '../../lib/format';
import { publicPdfUrl, usePublicReport, usePublicReports } from '../../lib/reporting';
import { publicReportView } from '../../lib/reportingView';
import '../../styles/reporting.css';

/** A published Sachstandsbericht on the transparency page (no sign-in, no personal data). */
export default function PublicReportPage() {
  const { id: param } = useParams();
  const id = Number(param);
  const valid = Number.isInteger(id) && id > 0;
  const { t } = useTranslation();
  const report = usePublicReport(valid ? id : 0);
  // The previous report's title and meeting for "Verglichen mit …" (the list is cached).
  const reports = usePublicReports();
  const [params, setParams] = useSearchParams();
  const tab = params.get('ansicht') === 'aenderungen' ? 'changes' : 'report';
  const back = (
    <p className="breadcrumb">
      <Link to="/oeffentlich">{t('publicPage.back')}</Link>
    </p>
  );
  if (!valid || report.isError) {
    return (
      <PublicFrame>
        {back}
        <PageHeading title={t('publicPage.reportTitle')} />
        <ErrorView error={report.error} onRetry={valid ? () => void report.refetch() : undefined} />
      </PublicFrame>
    );
  }
  if (report.isPending) {
    return (
      <PublicFrame>
        <Loading />
      </PublicFrame>
    );
  }
  const r = report.data;
  const previous =
    r.previous_report_id == null
      ? null
      : (reports.data?.find((p) => p.id === r.previous_report_id) ?? {
          id: r.previous_report_id,
        });
  return (
    <PublicFrame>
      <div className="reporting report-page public-report">
        {back}
        <PageHeading title={r.title} />
        <p className="lead">
          {r.meeting.body}, {date(r.meeting.date)}
          {r.meeting.vorlage_number &&
            ` · ${t('reporting.vorlage', { number: r.meeting.vorlage_number })}`}
        </p>
        <div className="report-tools">
          <div className="actions">
            <a className="button" href={publicPdfUrl(r.id)} download>
              {t('publicPage.downloadPdf')}
            </a>
          </div>
        </div>
        <Tabs
          label={t('reports.views')}
          selected={tab}
          onSelect={(key) =>
            setParams(key === 'changes' ? { ansicht: 'aenderungen' } : {}, { replace: true })
          }
          tabs={[
            {
              key: 'report',
              label: t('reports.tabReport'),
              panel: <ReportView report={publicReportView(r)} internal={false} />,
            },
            {
              key: 'changes',
              label: t('reports.changes.title'),
              panel: (
                <>
                  <h2>{t('reports.changes.title')}</h2>
                  <ChangesView
                    changes={r.changes}
                    previous={previous}
                    reportLink={(prev) => `/oeffentlich/berichte/${prev}`}
                  />
                </>
              ),
            },
          ]}
        />
      </div>
    </PublicFrame>
  );
}
