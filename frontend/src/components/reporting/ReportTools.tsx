import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/auth/context';
import {
  fileNameOf,
  reportingApi,
  saveBlob,
  type ExportFormat,
  type ReportSummary,
} from '../../lib/reporting';

const FORMATS: ExportFormat[] = ['pdf', 'xlsx', 'csv', 'json'];

/**
 * The report's downloads. Each request carries the session's token, so the file arrives
 * as a Blob and is saved from memory; while one runs its button says "wird erstellt …" and
 * a live region announces the result.
 */
export function DownloadButtons({ report }: { report: ReportSummary }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function download(format: ExportFormat) {
    setBusy(format);
    setMessage({
      ok: true,
      text: t('reports.download.preparing', { format: t(`reports.format.${format}`) }),
    });
    try {
      const result = await reportingApi.exportFile(api, report.id, format);
      if (!result.response.ok || !(result.data instanceof Blob)) {
        setMessage({ ok: false, text: t('errors.generic', { status: result.response.status }) });
        return;
      }
      const ext = format === 'xlsx' ? 'xlsx' : format;
      const name = fileNameOf(result.response, `sachstandsbericht-${report.id}.${ext}`);
      saveBlob(result.data, name);
      setMessage({ ok: true, text: t('reports.download.done', { name }) });
    } catch {
      setMessage({ ok: false, text: t('errors.network') });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="downloads">
      <h2 className="section-heading">{t('reports.download.title')}</h2>
      <div className="actions">
        {FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            className="button"
            disabled={busy !== null}
            aria-busy={busy === f ? true : undefined}
            onClick={() => void download(f)}
          >
            {busy === f
              ? t('reports.download.busy', { format: t(`reports.format.${f}`) })
              : t('reports.download.as', { format: t(`reports.format.${f}`) })}
          </button>
        ))}
      </div>
      <div aria-live="polite" className="live-region">
        {message && <p className={`small ${message.ok ? '' : 'field-error'}`}>{message.text}</p>}
      </div>
    </div>
  );
}

/** The content hash with what it proves. */
export function ContentHash({ hash }: { hash: string }) {
  const { t } = useTranslation();
  return (
    <details className="content-hash">
      <summary>
        {t('reports.hash.label')}: <code>{hash.slice(0, 12)}…</code>
      </summary>
      <p>
        <code className="hash-full">{hash}</code>
      </p>
      <p className="small">{t('reports.hash.explain')}</p>
    </details>
  );
}

/** The stable address of the report for council members, with a copy button. */
export function CopyLink({ url }: { url: string }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      input.current?.select();
      setCopied(false);
    }
  }
  return (
    <div className="copy-link">
      <label htmlFor={id}>{t('reports.link.label')}</label>
      <div className="copy-row">
        <input id={id} ref={input} readOnly value={url} onFocus={(e) => e.target.select()} />
        <button type="button" className="button" onClick={() => void copy()}>
          {t('reports.link.copy')}
        </button>
      </div>
      <div aria-live="polite" className="live-region small">
        {copied === true && t('reports.link.copied')}
        {copied === false && t('reports.link.selectManually')}
      </div>
    </div>
  );
}

/** Two or more tabs (WAI-ARIA tabs pattern: arrow keys, Home/End, one tab stop). */
export function Tabs({
  label,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  tabs: { key: string; label: string; panel: ReactNode }[];
  selected: string;
  onSelect: (key: string) => void;
}) {
  const prefix = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(
    0,
    tabs.findIndex((tab) => tab.key === selected),
  );
  function onKeyDown(e: KeyboardEvent) {
    let next = index;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    else return;
    e.preventDefault();
    onSelect(tabs[next]!.key);
    refs.current[next]?.focus();
  }
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {tabs.map((tab, i) => (
          <button
            key={tab.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${prefix}-tab-${tab.key}`}
            aria-selected={i === index}
            aria-controls={`${prefix}-panel-${tab.key}`}
            tabIndex={i === index ? 0 : -1}
            className="tab"
            onKeyDown={onKeyDown}
            onClick={() => onSelect(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab, i) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={`${prefix}-panel-${tab.key}`}
          aria-labelledby={`${prefix}-tab-${tab.key}`}
          tabIndex={0}
          hidden={i !== index}
          className="tab-panel"
        >
          {i === index && tab.panel}
        </div>
      ))}
    </div>
  );
}
