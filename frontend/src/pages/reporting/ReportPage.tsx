import { useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { Dialog } from '../../components/Dialog';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { ChangesView } from '../../components/reporting/ChangesView';
import {
  ContentHash,
  CopyLink,
  DownloadButtons,
  Tabs,
} from '../../components/reporting/ReportTools';
import { ReportView } from '../../components/reporting/ReportView';
import { etagOf } from '../../lib/api/etag';
import { useApi, useUser } from '../../lib/auth/context';
import { date, dateTime } from '../../lib/format';
import {
  apiErrorOf,
  reportingApi,
  useReport,
  useReportChanges,
  type ReportDetail,
} from '../../lib/reporting';
import { internalReportView } from '../../lib/reportingView';
import { serverFieldErrors } from '../../lib/serverErrors';
import { NotFoundPage } from '../NotFoundPage';

const MIN_REASON = 10;

/** One frozen report: content, changes since the last report, downloads, link, withdrawal. */
export default function ReportPage() {
  const { id: param } = useParams();
  const id = Number(param);
  const valid = Number.isInteger(id) && id > 0;
  const { t } = useTranslation();
  const report = useReport(valid ? id : 0);
  if (!valid) return <NotFoundPage />;
  if (report.isPending) return <Loading />;
  if (report.isError) {
    return (
      <>
        <PageHeading title={t('reports.title')} />
        <ErrorView error={report.error} onRetry={() => void report.refetch()} />
      </>
    );
  }
  return <ReportScreen report={report.data.data} etag={report.data.etag} />;
}

function ReportScreen({ report, etag }: { report: ReportDetail; etag: string | null }) {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('ansicht') === 'aenderungen' ? 'changes' : 'report';
  const changes = useReportChanges(report.id, tab === 'changes');
  const [withdrawing, setWithdrawing] = useState(false);
  const [withdrawn, setWithdrawn] = useState(false);
  const frozen = (location.state as { frozen?: boolean } | null)?.frozen;
  const url = `${window.location.origin}/berichte/${report.id}`;
  const w = report.withdrawn;

  return (
    <div className="reporting report-page">
      <p className="breadcrumb">
        <Link to="/berichte">{t('reports.back')}</Link>
      </p>
      <PageHeading title={report.title} />
      <p className="lead">
        {report.meeting.body}, {date(report.meeting.date)}
        {report.meeting.vorlage_number &&
          ` · ${t('reporting.vorlage', { number: report.meeting.vorlage_number })}`}
      </p>
      {frozen && (
        <p className="notice notice-success" role="status">
          {t('reports.frozenNotice')}
        </p>
      )}
      {withdrawn && (
        <p className="notice notice-success" role="status">
          {t('reports.withdrawnNotice')}
        </p>
      )}
      {w && (
        <div className="notice notice-warning withdrawn-banner">
          <p>
            <strong>{t('reports.withdrawnLabel')}</strong>{' '}
            {t('reports.withdrawnBy', {
              at: dateTime(w.at),
              name: w.by_name ?? t('override.byOfficer'),
            })}
          </p>
          <p className="pre-line">{t('override.quoted', { text: w.reason })}</p>
        </div>
      )}

      <div className="report-tools no-print">
        <DownloadButtons report={report} />
        <div className="report-meta">
          <ContentHash hash={report.content_hash} />
          {!w && <CopyLink url={url} />}
        </div>
        {user.role === 'officer' && !w && (
          <div className="actions">
            <button
              type="button"
              className="button button-danger"
              onClick={() => setWithdrawing(true)}
            >
              {t('reports.withdraw.button')}
            </button>
          </div>
        )}
      </div>
      {withdrawing && (
        <WithdrawDialog
          report={report}
          etag={etag}
          onClose={() => setWithdrawing(false)}
          onDone={() => {
            setWithdrawing(false);
            setWithdrawn(true);
          }}
        />
      )}

      <Tabs
        label={t('reports.views')}
        selected={tab}
        onSelect={(key) => {
          const next = new URLSearchParams(params);
          if (key === 'changes') next.set('ansicht', 'aenderungen');
          else next.delete('ansicht');
          setParams(next, { replace: true });
        }}
        tabs={[
          {
            key: 'report',
            label: t('reports.tabReport'),
            panel: <ReportView report={internalReportView(report)} internal />,
          },
          {
            key: 'changes',
            label: t('reports.changes.title'),
            panel: (
              <>
                <h2>{t('reports.changes.title')}</h2>
                {changes.isPending ? (
                  <Loading />
                ) : changes.isError ? (
                  <ErrorView error={changes.error} onRetry={() => void changes.refetch()} />
                ) : (
                  <ChangesView
                    changes={changes.data}
                    previous={changes.data.previous_report ?? null}
                    reportLink={(id) => `/berichte/${id}`}
                  />
                )}
              </>
            ),
          },
        ]}
      />
    </div>
  );
}

function WithdrawDialog({
  report,
  etag,
  onClose,
  onDone,
}: {
  report: ReportDetail;
  etag: string | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const prefix = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function withdraw() {
    if (reason.trim().length < MIN_REASON) {
      setError(t('form.minLength', { min: MIN_REASON }));
      ref.current?.focus();
      return;
    }
    setError(null);
    setFailure(null);
    setBusy(true);
    try {
      const result = await reportingApi.withdraw(
        api,
        report.id,
        etag ?? etagOf(report.version),
        reason.trim(),
      );
      if (result.response.ok) {
        await queryClient.invalidateQueries({ queryKey: ['reports'] });
        await queryClient.invalidateQueries({ queryKey: ['reporting'] });
        onDone();
        return;
      }
      const e = apiErrorOf(result);
      setFailure(
        e.status === 412
          ? t('form.staleAction')
          : e.status === 409 || e.status === 422
            ? Object.values(serverFieldErrors(t, e)).join(' ')
            : t('errors.generic', { status: e.status }),
      );
    } catch {
      setFailure(t('errors.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('reports.withdraw.title')} onClose={onClose}>
      <div className="form dialog-form">
        <p>{t('reports.withdraw.intro')}</p>
        {failure && (
          <div className="notice notice-error" role="alert">
            <p>{failure}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${prefix}-reason`}>
            {t('reports.withdraw.reason')}
            <span className="required-mark" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <span className="hint" id={`${prefix}-hint`}>
            {t('reports.withdraw.reasonHint', { min: MIN_REASON })}
          </span>
          <textarea
            id={`${prefix}-reason`}
            ref={ref}
            rows={4}
            required
            maxLength={2000}
            value={reason}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${prefix}-hint${error ? ` ${prefix}-error` : ''}`}
            onChange={(e) => setReason(e.target.value)}
          />
          {error && (
            <span className="field-error" id={`${prefix}-error`}>
              {error}
            </span>
          )}
        </div>
        <div className="actions">
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => void withdraw()}
          >
            {busy ? t('form.saving') : t('reports.withdraw.confirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
