import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/PageHeading';
import type { components } from '../../lib/api/schema';
import { useApi, useSession } from '../../lib/auth/context';
import { apiBaseUrl } from '../../lib/config';

type ImportReport = components['schemas']['ImportReport'];
type ImportIssue = components['schemas']['ImportIssue'];
type Format = 'csv' | 'xlsx';

/** The largest file the server accepts. */
const MAX_BYTES = 10 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the page is doing. */
type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; applying: boolean; percent: number | null }
  | { kind: 'checked'; report: ImportReport }
  | { kind: 'applied'; report: ImportReport }
  | { kind: 'failed'; message: string };

interface UploadAnswer {
  status: number;
  body: unknown;
}

/** The media type to declare for a file (browsers often leave `.csv` untyped). */
function mediaType(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'text/csv';
  return file.type || 'application/octet-stream';
}

/**
 * Sends the file with XMLHttpRequest, whose upload events report progress (fetch cannot
 * in today's browsers without streaming bodies).
 */
function sendFile(
  url: string,
  file: File,
  token: string | null,
  onProgress: (percent: number | null) => void,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', mediaType(file));
    xhr.upload.onprogress = (event) => {
      onProgress(event.lengthComputable ? Math.round((event.loaded * 100) / event.total) : null);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(file);
  });
}

function isReport(value: unknown): value is ImportReport {
  return typeof value === 'object' && value !== null && 'errors' in value && 'rows' in value;
}

function problemCode(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'code' in value) {
    const code = (value as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` header. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="?([^";]+)"?/.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

function saveBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Import/Export (officer, admin): downloads of all visible measures as CSV or Excel, and
 * the upload of a sheet, first checked (dry run: errors by row and column, the planned
 * changes), then applied on confirmation.
 */
export default function ImportExportPage() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const queryClient = useQueryClient();
  const fileId = useId();
  const hintId = useId();
  const errorId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [download, setDownload] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });
  const resultRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // Move focus to the result once it is there, so screen-reader and keyboard users land
  // on it (the live region announces the summary as well).
  useEffect(() => {
    if (phase.kind === 'checked' || phase.kind === 'applied' || phase.kind === 'failed') {
      resultRef.current?.focus();
    }
  }, [phase.kind]);

  async function exportFile(format: Format) {
    setDownload({ busy: true, message: t('importExport.downloading') });
    try {
      const { data, response } = await api.GET('/api/v1/measures/export', {
        params: { query: { format } },
        parseAs: 'blob',
      });
      // (No `instanceof Blob`: under test the fetch implementation's Blob is another realm's.)
      if (!response.ok || !data) throw new Error(String(response.status));
      const name = fileNameOf(response.headers.get('content-disposition'), `massnahmen.${format}`);
      saveBlob(name, data as Blob);
      setDownload({ busy: false, message: t('importExport.downloaded', { file: name }) });
    } catch {
      setDownload({ busy: false, message: t('importExport.downloadFailed') });
    }
  }

  function problemMessage(answer: UploadAnswer): string {
    const code = problemCode(answer.body);
    const known = [
      'empty_file',
      'unsupported_file',
      'legacy_excel',
      'unreadable_file',
      'no_known_columns',
      'payload_too_large',
      'unsupported_content_type',
      'conflict',
      'forbidden',
      'no_file',
    ] as const;
    const match = known.find((k) => k === code);
    if (match) return t(`importExport.problems.${match}`);
    return t('importExport.problems.other', { status: answer.status });
  }

  async function upload(dryRun: boolean) {
    if (!file) {
      setFileError(t('importExport.chooseFile'));
      inputRef.current?.focus();
      return;
    }
    if (file.size > MAX_BYTES) {
      setFileError(t('importExport.tooLarge'));
      inputRef.current?.focus();
      return;
    }
    setFileError(null);
    setPhase({ kind: 'uploading', applying: !dryRun, percent: 0 });
    const url = `${apiBaseUrl()}/api/v1/measures/import?dry_run=${dryRun}`;
    const progress = (percent: number | null) =>
      setPhase({ kind: 'uploading', applying: !dryRun, percent });
    try {
      let answer = await sendFile(url, file, session.accessToken(), progress);
      if (answer.status === 401) {
        // The access token expired: any API call through the session refreshes it.
        await api.GET('/api/v1/me');
        answer = await sendFile(url, file, session.accessToken(), progress);
      }
      if ((answer.status === 200 || answer.status === 422) && isReport(answer.body)) {
        const report = answer.body;
        if (report.applied) {
          await queryClient.invalidateQueries();
          setPhase({ kind: 'applied', report });
        } else {
          setPhase({ kind: 'checked', report });
        }
      } else {
        setPhase({ kind: 'failed', message: problemMessage(answer) });
      }
    } catch {
      setPhase({ kind: 'failed', message: t('importExport.problems.network') });
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void upload(true);
  }

  const busy = phase.kind === 'uploading';
  const report = phase.kind === 'checked' || phase.kind === 'applied' ? phase.report : null;
  const changesCount = report ? report.created.length + report.updated.length : 0;

  return (
    <>
      <PageHeading title={t('importExport.title')} />
      <p className="prose">{t('importExport.intro')}</p>

      <section aria-labelledby="export-heading" className="card">
        <div className="section-heading">
          <h2 id="export-heading">{t('importExport.exportTitle')}</h2>
        </div>
        <p className="prose">{t('importExport.exportIntro')}</p>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={download.busy}
            onClick={() => void exportFile('csv')}
          >
            {t('importExport.downloadCsv')}
          </button>
          <button
            type="button"
            className="button"
            disabled={download.busy}
            onClick={() => void exportFile('xlsx')}
          >
            {t('importExport.downloadXlsx')}
          </button>
        </div>
        <p role="status" className="muted">
          {download.message}
        </p>
      </section>

      <section aria-labelledby="import-heading" className="card">
        <div className="section-heading">
          <h2 id="import-heading">{t('importExport.importTitle')}</h2>
        </div>
        <p className="prose">{t('importExport.importIntro')}</p>
        <form className="form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={fileId}>{t('importExport.file')}</label>
            <input
              id={fileId}
              ref={inputRef}
              type="file"
              accept={`.csv,.xlsx,text/csv,${XLSX_TYPE}`}
              aria-describedby={fileError ? `${hintId} ${errorId}` : hintId}
              aria-invalid={fileError ? true : undefined}
              disabled={busy}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setFileError(null);
                setPhase({ kind: 'idle' });
              }}
            />
            <p className="hint" id={hintId}>
              {t('importExport.fileHint')}
            </p>
            {fileError && (
              <p className="field-error" id={errorId}>
                {fileError}
              </p>
            )}
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('importExport.check')}
            </button>
          </div>
        </form>

        <div aria-live="polite" className="import-status">
          {phase.kind === 'uploading' && (
            <div className="field">
              <label htmlFor={`${fileId}-progress`}>
                {phase.applying
                  ? t('importExport.applying')
                  : phase.percent === null || phase.percent >= 100
                    ? t('importExport.processing')
                    : t('importExport.uploading', { percent: phase.percent })}
              </label>
              <progress
                id={`${fileId}-progress`}
                max={100}
                value={phase.percent ?? undefined}
                aria-label={t('importExport.progressLabel')}
              />
            </div>
          )}
          {phase.kind === 'failed' && (
            <div className="notice notice-error">
              <h3 tabIndex={-1} ref={resultRef}>
                {t('importExport.failedTitle')}
              </h3>
              <p>{phase.message}</p>
            </div>
          )}
          {report && (
            <div
              className={`notice ${
                report.errors.length > 0
                  ? 'notice-error'
                  : phase.kind === 'applied'
                    ? 'notice-success'
                    : 'notice-info'
              }`}
            >
              <h3 tabIndex={-1} ref={resultRef}>
                {phase.kind === 'applied'
                  ? t('importExport.appliedTitle')
                  : t('importExport.resultTitle')}
              </h3>
              <p>
                {t('importExport.summary', {
                  rows: report.rows,
                  created: report.created.length,
                  updated: report.updated.length,
                  unchanged: report.unchanged,
                })}
              </p>
              <p>
                {phase.kind === 'applied'
                  ? t('importExport.applied', {
                      created: report.created.length,
                      updated: report.updated.length,
                    })
                  : report.errors.length > 0
                    ? t('importExport.errorsFound', { count: report.errors.length })
                    : changesCount === 0
                      ? t('importExport.noChanges')
                      : t('importExport.ready')}
              </p>
            </div>
          )}
        </div>

        {report && report.errors.length > 0 && (
          <IssueTable title={t('importExport.errorsTitle')} issues={report.errors} />
        )}
        {report && report.warnings.length > 0 && (
          <IssueTable title={t('importExport.warningsTitle')} issues={report.warnings} />
        )}
        {report && report.errors.length === 0 && report.created.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption>
                {phase.kind === 'applied'
                  ? t('importExport.createdDone')
                  : t('importExport.createdTitle')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('importExport.row')}</th>
                  <th scope="col">{t('importExport.code')}</th>
                  <th scope="col">{t('importExport.titleColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {report.created.map((c) => (
                  <tr key={`${c.row}-${c.code}`}>
                    <td>{c.row}</td>
                    <td>{c.code}</td>
                    <td>{c.title}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {report && report.errors.length === 0 && report.updated.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption>
                {phase.kind === 'applied'
                  ? t('importExport.updatedDone')
                  : t('importExport.updatedTitle')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('importExport.row')}</th>
                  <th scope="col">{t('importExport.code')}</th>
                  <th scope="col">{t('importExport.column')}</th>
                  <th scope="col">{t('importExport.from')}</th>
                  <th scope="col">{t('importExport.to')}</th>
                </tr>
              </thead>
              <tbody>
                {report.updated.flatMap((u) =>
                  u.changes.map((c) => (
                    <tr key={`${u.row}-${c.field}`}>
                      <td>{u.row}</td>
                      <td>{u.code}</td>
                      <td>{c.column}</td>
                      <td>{c.from ?? t('importExport.empty')}</td>
                      <td>{c.to ?? t('importExport.empty')}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
        {phase.kind === 'checked' && report && report.errors.length === 0 && changesCount > 0 && (
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void upload(false)}
            >
              {t('importExport.apply')}
            </button>
          </div>
        )}
      </section>
    </>
  );
}

/** Errors or warnings by row and column. */
function IssueTable({ title, issues }: { title: string; issues: ImportIssue[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('importExport.row')}</th>
            <th scope="col">{t('importExport.column')}</th>
            <th scope="col">{t('importExport.message')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, index) => (
            <tr key={`${issue.row}-${issue.column ?? ''}-${index}`}>
              <td>{issue.row}</td>
              <td>
                {issue.column ?? '–'}
                {issue.cell ? ` (${issue.cell})` : ''}
              </td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
