import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { ItemFlags, ItemStateBadge } from '../../components/reporting/Badges';
import { TrafficLightBadge } from '../../components/TrafficLight';
import { ApiError, unwrapWithEtag } from '../../lib/api/errors';
import { etagOf } from '../../lib/api/etag';
import type { TrafficLight } from '../../lib/api/types';
import { useApi, useUser } from '../../lib/auth/context';
import { date, dateTime, percent } from '../../lib/format';
import { useLookups } from '../../lib/queries';
import { apiErrorOf, reportingApi, useItem, type ReportingItem } from '../../lib/reporting';
import { serverFieldErrors } from '../../lib/serverErrors';
import { NotFoundPage } from '../NotFoundPage';
import { answerable, answerFrom, type AnswerForm } from '../../lib/reportingView';

const sameForm = (a: AnswerForm, b: AnswerForm) =>
  a.status_id === b.status_id && a.progress === b.progress && a.narrative === b.narrative;

const storageKey = (userId: number, itemId: number) => `kurs.answer.${userId}.${itemId}`;
const editable = answerable;

/** Answer one item of a reporting round: status, progress and Sachstand; draft or submit. */
export default function AnswerPage() {
  const { itemId } = useParams();
  const id = Number(itemId);
  const valid = Number.isInteger(id) && id > 0;
  const { t } = useTranslation();
  const item = useItem(valid ? id : 0);
  if (!valid) return <NotFoundPage />;
  if (item.isPending) return <Loading />;
  if (item.isError) {
    return (
      <>
        <PageHeading title={t('reporting.answerTitle')} />
        <ErrorView error={item.error} onRetry={() => void item.refetch()} />
      </>
    );
  }
  return <Answer key={id} initial={item.data.data} initialEtag={item.data.etag} />;
}

type Intent = 'draft' | 'submit';

interface Conflict {
  current: ReportingItem;
  etag: string | null;
  intent: Intent;
}

function Answer({ initial, initialEtag }: { initial: ReportingItem; initialEtag: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const lookups = useLookups();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = storageKey(user.id, initial.id);
  const prefix = useId();
  const fid = (n: string) => `${prefix}-${n}`;

  const [base, setBase] = useState(initial);
  const [etag, setEtag] = useState<string | null>(initialEtag ?? etagOf(initial.version));
  const [form, setForm] = useState<AnswerForm>(() => {
    try {
      const saved = window.sessionStorage.getItem(key);
      if (saved) return JSON.parse(saved) as AnswerForm;
    } catch {
      // a broken stored draft is ignored
    }
    return answerFrom(initial);
  });
  const [restored] = useState(() => window.sessionStorage.getItem(key) !== null);
  const [busy, setBusy] = useState<Intent | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  /** A `409`: the answer moved on or the round was frozen meanwhile (the reason, translated). */
  const [closed, setClosed] = useState<string | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // Keep what the user typed in the tab's storage until it is saved on the server.
  useEffect(() => {
    try {
      if (sameForm(form, answerFrom(base))) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, JSON.stringify(form));
    } catch {
      // storage unavailable: the input still lives in memory
    }
  }, [form, base, key]);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const statusLabel = (sid: number | null | undefined) =>
    sid == null ? '–' : (lookups.statuses.get(sid)?.label ?? `#${sid}`);
  const statuses = lookups.statusList.filter((s) => s.active || s.id === form.status_id);
  const set = <K extends keyof AnswerForm>(k: K, v: AnswerForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  function validate(intent: Intent): Record<string, string> {
    const found: Record<string, string> = {};
    const p = Number(form.progress);
    if (form.progress.trim() === '' || !Number.isInteger(p) || p < 0 || p > 100)
      found.progress = t('update.progressHint');
    if (intent === 'submit' && form.narrative.trim() === '')
      found.narrative = t('update.narrativeRequired');
    return found;
  }

  /** Saves the draft (when changed) and, for `submit`, submits; `against` is the base. */
  async function send(intent: Intent, against: ReportingItem, withEtag: string | null) {
    const found = validate(intent);
    setErrors(found);
    setFailure(null);
    setClosed(null);
    setSavedAt(null);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => errorRef.current?.focus());
      return;
    }
    setBusy(intent);
    try {
      let current = against;
      let currentEtag = withEtag ?? etagOf(against.version);
      const unsaved = !against.draft || !sameForm(form, answerFrom(against));
      if (unsaved || intent === 'draft') {
        const saved = await reportingApi.saveDraft(api, against.id, currentEtag, {
          status_id: form.status_id,
          progress: Number(form.progress),
          narrative: form.narrative.trim(),
        });
        if (!saved.data) return await failed(apiErrorOf(saved), intent);
        current = saved.data;
        currentEtag = saved.response.headers.get('etag') ?? etagOf(current.version);
        setBase(current);
        setEtag(currentEtag);
        // The draft is on the server now: the tab's copy is no longer needed.
        setForm(answerFrom(current));
      }
      if (intent === 'draft') {
        await queryClient.invalidateQueries({ queryKey: ['reporting'] });
        setSavedAt(current.draft?.saved_at ?? new Date().toISOString());
        return;
      }
      const submitted = await reportingApi.submit(api, against.id, currentEtag);
      if (!submitted.response.ok) return await failed(apiErrorOf(submitted), intent);
      window.sessionStorage.removeItem(key);
      await queryClient.invalidateQueries({ queryKey: ['reporting'] });
      navigate('/my-updates', { state: { submitted: initial.measure.code } });
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  }

  async function failed(error: ApiError, intent: Intent) {
    if (error.status === 412) {
      try {
        const fresh = unwrapWithEtag(await reportingApi.item(api, initial.id));
        setConflict({ current: fresh.data, etag: fresh.etag, intent });
      } catch (e) {
        setFailure(e);
      }
    } else if (error.status === 409) {
      // The answer was submitted or reviewed meanwhile, or the round was frozen: say why and
      // show the current state (the typed text stays in the tab's storage).
      setClosed(Object.values(serverFieldErrors(t, error)).join(' '));
      try {
        const fresh = unwrapWithEtag(await reportingApi.item(api, initial.id));
        setBase(fresh.data);
        setEtag(fresh.etag);
      } catch (e) {
        setFailure(e);
      }
    } else if (error.status === 422) {
      setErrors(serverFieldErrors(t, error));
      requestAnimationFrame(() => errorRef.current?.focus());
    } else {
      setFailure(error);
    }
  }

  function reapply() {
    if (!conflict) return;
    const { current, etag: currentEtag, intent } = conflict;
    setBase(current);
    setEtag(currentEtag);
    setConflict(null);
    void send(intent, current, currentEtag);
  }

  function takeTheirs() {
    if (!conflict) return;
    const { current, etag: currentEtag } = conflict;
    setBase(current);
    setEtag(currentEtag);
    // Their status and progress, the user's own text.
    setForm((f) => ({ ...answerFrom(current), narrative: f.narrative }));
    setConflict(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void send('submit', base, etag);
  }

  const errorList = Object.entries(errors);
  const labels: Record<string, string> = {
    status_id: t('update.status'),
    progress: t('update.progress'),
    narrative: t('update.narrative'),
  };
  const canEdit = editable(base);
  const stillEditable = conflict ? editable(conflict.current) : true;

  return (
    <div className="reporting answer-page">
      <p className="breadcrumb">
        <Link to="/my-updates">{t('reporting.backToMyUpdates')}</Link>
      </p>
      <PageHeading
        title={t('reporting.answerFor', {
          code: initial.measure.code,
          title: initial.measure.title,
        })}
      />
      <p className="lead">
        {t('reporting.answerRound', {
          round: initial.round_title,
          deadline:
            initial.grace_days > 0
              ? `${date(initial.deadline)} (${t('reporting.graceDays', { count: initial.grace_days })})`
              : date(initial.deadline),
        })}{' '}
        <ItemStateBadge state={base.state} /> <ItemFlags item={base} />
      </p>

      {base.state === 'returned' && base.review_comment && (
        <section className="notice notice-warning return-comment" aria-labelledby={fid('ret')}>
          <h2 id={fid('ret')}>{t('reporting.returnedTitle')}</h2>
          <p className="pre-line">
            <strong>{base.review_comment}</strong>
          </p>
          {base.reviewed_by_name && (
            <p className="muted small">
              {t('reporting.reviewedBy', {
                name: base.reviewed_by_name,
                at: dateTime(base.reviewed_at),
              })}
            </p>
          )}
        </section>
      )}

      <section className="card published-state" aria-labelledby={fid('pub')}>
        <h2 id={fid('pub')}>{t('reporting.publishedState')}</h2>
        <dl className="facts">
          <dt>{t('update.status')}</dt>
          <dd>{statusLabel(base.current.status_id)}</dd>
          <dt>{t('measure.progress')}</dt>
          <dd>{percent(base.current.progress)}</dd>
          <dt>{t('measures.light')}</dt>
          <dd>
            <TrafficLightBadge light={(base.current.light ?? null) as TrafficLight | null} />
          </dd>
        </dl>
        <p className="muted small">{t('reporting.answerHint')}</p>
      </section>

      {restored && canEdit && <p className="notice notice-info">{t('update.draftRestored')}</p>}

      {conflict && (
        <div
          className="notice notice-warning conflict"
          role="alert"
          tabIndex={-1}
          ref={conflictRef}
        >
          <h2>{t('reporting.conflictTitle')}</h2>
          <p>{stillEditable ? t('reporting.conflictIntro') : t('reporting.conflictClosed')}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('update.conflictField')}</th>
                  <th scope="col">{t('update.conflictYours')}</th>
                  <th scope="col">{t('update.conflictTheirs')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('reporting.itemState')}</th>
                  <td>{t(`reporting.state.${base.state}`)}</td>
                  <td>{t(`reporting.state.${conflict.current.state}`)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('update.status')}</th>
                  <td>{statusLabel(answerFrom(base).status_id)}</td>
                  <td>{statusLabel(answerFrom(conflict.current).status_id)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('measure.progress')}</th>
                  <td>{percent(Number(answerFrom(base).progress))}</td>
                  <td>{percent(Number(answerFrom(conflict.current).progress))}</td>
                </tr>
                <tr>
                  <th scope="row">{t('update.narrative')}</th>
                  <td className="pre-line">{base.draft?.narrative || '–'}</td>
                  <td className="pre-line">{conflict.current.draft?.narrative || '–'}</td>
                </tr>
                <tr>
                  <th scope="row">{t('reporting.savedAt')}</th>
                  <td>{dateTime(base.draft?.saved_at)}</td>
                  <td>{dateTime(conflict.current.draft?.saved_at)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          {stillEditable && (
            <div className="actions">
              <button type="button" className="button button-primary" onClick={reapply}>
                {t('update.reapply')}
              </button>
              <button type="button" className="button" onClick={takeTheirs}>
                {t('reporting.takeTheirs')}
              </button>
            </div>
          )}
        </div>
      )}

      {errorList.length > 0 && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
          <p>{t('update.invalid')}</p>
          <ul>
            {errorList.map(([field, message]) => (
              <li key={field}>
                {labels[field] ? (
                  <a href={`#${fid(field)}`}>{labels[field]}</a>
                ) : (
                  <code>{field}</code>
                )}
                : {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {closed && (
        <div className="notice notice-error" role="alert">
          <p>{closed}</p>
        </div>
      )}
      {failure !== null && <ErrorView error={failure} />}
      <div aria-live="polite" className="live-region">
        {savedAt && (
          <p className="notice notice-success">
            {t('reporting.draftSavedNotice', { at: dateTime(savedAt) })}
          </p>
        )}
      </div>

      {!canEdit && !conflict ? (
        <section className="card" aria-labelledby={fid('sent')}>
          <h2 id={fid('sent')}>{t('reporting.yourAnswer')}</h2>
          <p>
            {base.round_state === 'frozen' && base.state !== 'approved'
              ? t('reporting.readOnly.frozen')
              : t(`reporting.readOnly.${base.state}`)}
          </p>
          <dl className="facts">
            <dt>{t('update.status')}</dt>
            <dd>{statusLabel(base.draft?.status_id)}</dd>
            <dt>{t('measure.progress')}</dt>
            <dd>{percent(base.draft?.progress)}</dd>
            <dt>{t('update.narrative')}</dt>
            <dd className="pre-line">{base.draft?.narrative || '–'}</dd>
          </dl>
        </section>
      ) : (
        <form className="form update-form" onSubmit={onSubmit} noValidate>
          <div className="form-row">
            <div className="field">
              <label htmlFor={fid('status_id')}>{labels.status_id}</label>
              <select
                id={fid('status_id')}
                value={form.status_id}
                onChange={(e) => set('status_id', Number(e.target.value))}
              >
                {statuses.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={fid('progress')}>{labels.progress}</label>
              <div className="progress-input">
                <input
                  id={fid('progress')}
                  type="number"
                  min={0}
                  max={100}
                  step={5}
                  inputMode="numeric"
                  value={form.progress}
                  aria-describedby={fid('progress-hint')}
                  aria-invalid={errors.progress ? true : undefined}
                  onChange={(e) => set('progress', e.target.value)}
                />
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={5}
                  value={Number(form.progress) || 0}
                  aria-label={labels.progress}
                  onChange={(e) => set('progress', e.target.value)}
                />
              </div>
              <span id={fid('progress-hint')} className="hint">
                {t('update.progressHint')}
              </span>
            </div>
          </div>
          <div className="field">
            <label htmlFor={fid('narrative')}>{labels.narrative}</label>
            <span id={fid('narrative-hint')} className="hint">
              {t('reporting.narrativeHint')}
            </span>
            <textarea
              id={fid('narrative')}
              rows={7}
              value={form.narrative}
              aria-describedby={fid('narrative-hint')}
              aria-invalid={errors.narrative ? true : undefined}
              onChange={(e) => set('narrative', e.target.value)}
            />
            {errors.narrative && <span className="field-error">{errors.narrative}</span>}
          </div>
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={busy !== null || conflict !== null}
              onClick={() => void send('draft', base, etag)}
            >
              {busy === 'draft' ? t('update.saving') : t('reporting.saveDraft')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={busy !== null || conflict !== null}
            >
              {busy === 'submit' ? t('reporting.submitting') : t('reporting.submit')}
            </button>
            <Link to="/my-updates">{t('update.cancel')}</Link>
          </div>
          <p className="muted small">{t('reporting.submitHint')}</p>
        </form>
      )}
    </div>
  );
}
