import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { ApiError, unwrap, unwrapWithEtag } from '../lib/api/errors';
import { serverFieldErrors } from '../lib/serverErrors';
import type { MeasureDetail, StatusUpdateView } from '../lib/api/types';
import { useApi, useUser } from '../lib/auth/context';
import { can } from '../lib/auth/permissions';
import { date, percent, todayIso } from '../lib/format';
import { useLookups, useMeasure } from '../lib/queries';
import { NotFoundPage } from './NotFoundPage';
import { changesFor, formFrom, type FormState, type MilestoneDraft } from '../lib/updateForm';

const draftKey = (userId: number, measureId: number) => `kurs.draft.${userId}.${measureId}`;

export default function MeasureUpdatePage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const measure = useMeasure(Number.isInteger(id) && id > 0 ? id : 0);
  const { t } = useTranslation();
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (measure.isPending) return <Loading />;
  if (measure.isError) {
    return (
      <>
        <PageHeading title={t('update.title')} />
        <ErrorView error={measure.error} onRetry={() => void measure.refetch()} />
      </>
    );
  }
  return <UpdateForm key={id} initial={measure.data.data} initialEtag={measure.data.etag} />;
}

interface Conflict {
  current: MeasureDetail;
  etag: string | null;
  newUpdates: StatusUpdateView[];
}

/**
 * One screen to report on a measure: status, progress, milestones and narrative, saved
 * together with one PATCH (If-Match). A 412 keeps everything the user typed, shows what
 * changed meanwhile and lets them save again or take over the current state.
 */
function UpdateForm({
  initial,
  initialEtag,
}: {
  initial: MeasureDetail;
  initialEtag: string | null;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const lookups = useLookups();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const returnTo =
    (location.state as { returnTo?: string } | null)?.returnTo ?? `/measures/${initial.id}`;
  const storageKey = draftKey(user.id, initial.id);

  const [base, setBase] = useState(initial);
  const [etag, setEtag] = useState(initialEtag);
  const [form, setForm] = useState<FormState>(() => {
    try {
      const saved = window.sessionStorage.getItem(storageKey);
      if (saved) return JSON.parse(saved) as FormState;
    } catch {
      // ignore a broken draft
    }
    return formFrom(initial);
  });
  const [restored] = useState(() => window.sessionStorage.getItem(storageKey) !== null);
  const [progressTouched, setProgressTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const fid = (name: string) => `${idPrefix}-${name}`;

  // Keep a draft while typing, so not even an expired session loses the text.
  useEffect(() => {
    try {
      if (JSON.stringify(form) === JSON.stringify(formFrom(base))) {
        window.sessionStorage.removeItem(storageKey);
      } else {
        window.sessionStorage.setItem(storageKey, JSON.stringify(form));
      }
    } catch {
      // storage full or unavailable: the form state still lives in memory
    }
  }, [form, base, storageKey]);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  if (!can.updateMeasure(user, initial)) {
    return (
      <>
        <PageHeading title={t('update.title')} />
        <p className="notice notice-error">{t('update.forbidden')}</p>
      </>
    );
  }

  const statuses = lookups.statusList.filter((s) => s.active || s.id === form.status_id);
  const selectedStatus = lookups.statuses.get(form.status_id);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  function changeStatus(statusId: number) {
    const status = lookups.statuses.get(statusId);
    setForm((f) => ({
      ...f,
      status_id: statusId,
      progress:
        !progressTouched && status?.default_progress != null
          ? String(status.default_progress)
          : f.progress,
    }));
  }

  function setMilestone(key: string, patch: Partial<MilestoneDraft>) {
    setForm((f) => ({
      ...f,
      milestones: f.milestones.map((ms) => (ms.key === key ? { ...ms, ...patch } : ms)),
    }));
  }

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    const progress = Number(form.progress);
    if (
      form.progress.trim() === '' ||
      !Number.isInteger(progress) ||
      progress < 0 ||
      progress > 100
    ) {
      found.progress = t('update.progressHint');
    }
    if (form.narrative.trim() === '') found.narrative = t('update.narrativeRequired');
    form.milestones.forEach((ms, i) => {
      if (!ms.title.trim()) found[`milestones[${i}].title`] = t('update.milestoneTitle');
      if (!ms.due) found[`milestones[${i}].due`] = t('update.due');
    });
    return found;
  }

  async function save(withEtag: string | null, against: MeasureDetail) {
    const found = validate();
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => errorRef.current?.focus());
      return;
    }
    setBusy(true);
    const result = await api.PATCH('/api/v1/measures/{id}', {
      params: { path: { id: initial.id }, header: { 'If-Match': withEtag ?? '' } },
      body: changesFor(against, form),
    });
    if (result.response.ok) {
      window.sessionStorage.removeItem(storageKey);
      await queryClient.invalidateQueries({ queryKey: ['measures'] });
      await queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      await queryClient.invalidateQueries({ queryKey: ['audit'] });
      navigate(returnTo, { state: { saved: initial.code, savedId: initial.id } });
      return;
    }
    setBusy(false);
    const error = new ApiError(result.response.status, result.error as ApiError['problem']);
    if (error.status === 412) {
      await loadConflict();
    } else if (error.status === 422) {
      setErrors(serverFieldErrors(t, error));
      requestAnimationFrame(() => errorRef.current?.focus());
    } else {
      setFailure(error);
    }
  }

  async function loadConflict() {
    try {
      const current = unwrapWithEtag(
        await api.GET('/api/v1/measures/{id}', { params: { path: { id: initial.id } } }),
      );
      const updates = unwrap(
        await api.GET('/api/v1/measures/{id}/updates', { params: { path: { id: initial.id } } }),
      );
      const newUpdates = updates.filter((u) => u.created_at > base.updated_at);
      setConflict({ current: current.data, etag: current.etag, newUpdates });
    } catch (e) {
      setFailure(e);
    }
  }

  function reapply() {
    if (!conflict) return;
    const { current, etag: currentEtag } = conflict;
    setBase(current);
    setEtag(currentEtag);
    setConflict(null);
    void save(currentEtag, current);
  }

  function takeTheirs() {
    if (!conflict) return;
    const { current, etag: currentEtag } = conflict;
    setBase(current);
    setEtag(currentEtag);
    setForm((f) => formFrom(current, f.narrative));
    setProgressTouched(false);
    setConflict(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save(etag, base);
  }

  function cancel() {
    window.sessionStorage.removeItem(storageKey);
    navigate(returnTo);
  }

  const errorList = Object.entries(errors);
  const statusLabel = (statusId: number) => lookups.statuses.get(statusId)?.label ?? `#${statusId}`;

  return (
    <div className="update-page">
      <PageHeading title={t('update.titleFor', { code: initial.code, title: initial.title })} />
      <p>{t('update.intro')}</p>
      {restored && <p className="notice notice-info">{t('update.draftRestored')}</p>}

      {conflict && (
        <div
          className="notice notice-warning conflict"
          role="alert"
          tabIndex={-1}
          ref={conflictRef}
        >
          <h2>{t('update.conflictTitle')}</h2>
          <p>{t('update.conflictIntro')}</p>
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
                  <th scope="row">{t('update.status')}</th>
                  <td>{statusLabel(base.status_id)}</td>
                  <td>{statusLabel(conflict.current.status_id)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('measure.progress')}</th>
                  <td>{percent(base.progress)}</td>
                  <td>{percent(conflict.current.progress)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('update.milestonesChanged')}</th>
                  <td>
                    {base.milestones
                      .map((m) => `${m.title} (${date(m.due)}${m.done ? ' ✓' : ''})`)
                      .join('; ') || '–'}
                  </td>
                  <td>
                    {conflict.current.milestones
                      .map((m) => `${m.title} (${date(m.due)}${m.done ? ' ✓' : ''})`)
                      .join('; ') || '–'}
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('measures.lastUpdate')}</th>
                  <td>{date(base.last_update_date)}</td>
                  <td>{date(conflict.current.last_update_date)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          {conflict.newUpdates.map((u) => (
            <p key={u.id}>
              {t('update.conflictNewUpdates', {
                author: u.author_name,
                date: date(u.reporting_date),
                text: u.narrative.length > 300 ? `${u.narrative.slice(0, 299)}…` : u.narrative,
              })}
            </p>
          ))}
          <div className="actions">
            <button type="button" className="button button-primary" onClick={reapply}>
              {t('update.reapply')}
            </button>
            <button type="button" className="button" onClick={takeTheirs}>
              {t('update.takeTheirs')}
            </button>
          </div>
        </div>
      )}

      {errorList.length > 0 && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
          <p>{t('update.invalid')}</p>
          <ul>
            {errorList.map(([field, message]) => (
              <li key={field}>
                <code>{field}</code>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {failure !== null && <ErrorView error={failure} />}

      <form className="form update-form" onSubmit={onSubmit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('status')}>{t('update.status')}</label>
            <select
              id={fid('status')}
              value={form.status_id}
              onChange={(e) => changeStatus(Number(e.target.value))}
              aria-invalid={errors.status_id ? true : undefined}
            >
              {statuses.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
            {selectedStatus?.default_progress != null && (
              <span className="hint">
                {t('update.suggested', { value: selectedStatus.default_progress })}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={fid('progress')}>{t('update.progress')}</label>
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
                onChange={(e) => {
                  setProgressTouched(true);
                  set('progress', e.target.value);
                }}
              />
              <input
                type="range"
                min={0}
                max={100}
                step={5}
                value={Number(form.progress) || 0}
                aria-label={t('update.progress')}
                onChange={(e) => {
                  setProgressTouched(true);
                  set('progress', e.target.value);
                }}
              />
            </div>
            <span id={fid('progress-hint')} className="hint">
              {t('update.progressHint')}
            </span>
          </div>
        </div>

        <div className="field">
          <label htmlFor={fid('narrative')}>{t('update.narrative')}</label>
          <span id={fid('narrative-hint')} className="hint">
            {t('update.narrativeHint')}
          </span>
          <textarea
            id={fid('narrative')}
            rows={5}
            required
            value={form.narrative}
            aria-describedby={fid('narrative-hint')}
            aria-invalid={errors.narrative ? true : undefined}
            onChange={(e) => set('narrative', e.target.value)}
          />
          {errors.narrative && <span className="field-error">{errors.narrative}</span>}
        </div>

        <fieldset className="milestones">
          <legend>{t('update.milestones')}</legend>
          {form.milestones.map((ms, i) => (
            <div className="milestone-row" key={ms.key}>
              <div className="field">
                <label htmlFor={fid(`ms-title-${ms.key}`)}>{t('update.milestoneTitle')}</label>
                <input
                  id={fid(`ms-title-${ms.key}`)}
                  value={ms.title}
                  aria-invalid={errors[`milestones[${i}].title`] ? true : undefined}
                  onChange={(e) => setMilestone(ms.key, { title: e.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={fid(`ms-due-${ms.key}`)}>{t('update.due')}</label>
                <input
                  id={fid(`ms-due-${ms.key}`)}
                  type="date"
                  value={ms.due}
                  aria-invalid={errors[`milestones[${i}].due`] ? true : undefined}
                  onChange={(e) => setMilestone(ms.key, { due: e.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={fid(`ms-done-${ms.key}`)}>{t('update.done')}</label>
                <input
                  id={fid(`ms-done-${ms.key}`)}
                  type="date"
                  value={ms.done}
                  aria-invalid={errors[`milestones[${i}].done`] ? true : undefined}
                  onChange={(e) => setMilestone(ms.key, { done: e.target.value })}
                />
              </div>
              <div className="milestone-actions">
                {!ms.done && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => setMilestone(ms.key, { done: todayIso() })}
                    aria-label={`${t('update.markDone')}: ${ms.title}`}
                  >
                    {t('update.markDone')}
                  </button>
                )}
                <button
                  type="button"
                  className="button"
                  aria-label={t('update.removeMilestone', { title: ms.title })}
                  onClick={() =>
                    set(
                      'milestones',
                      form.milestones.filter((x) => x.key !== ms.key),
                    )
                  }
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </div>
            </div>
          ))}
          <button
            type="button"
            className="button"
            onClick={() =>
              set('milestones', [
                ...form.milestones,
                { key: `new${Date.now()}`, title: '', due: '', done: '' },
              ])
            }
          >
            {t('update.addMilestone')}
          </button>
        </fieldset>

        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('actual-start')}>{t('update.actualStart')}</label>
            <input
              id={fid('actual-start')}
              type="date"
              value={form.actual_start}
              aria-invalid={errors.actual_start ? true : undefined}
              onChange={(e) => set('actual_start', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={fid('actual-end')}>{t('update.actualEnd')}</label>
            <input
              id={fid('actual-end')}
              type="date"
              value={form.actual_end}
              aria-invalid={errors.actual_end ? true : undefined}
              onChange={(e) => set('actual_end', e.target.value)}
            />
          </div>
        </div>

        <div className="actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || conflict !== null}
          >
            {busy ? t('update.saving') : t('update.save')}
          </button>
          <button type="button" className="button" onClick={cancel}>
            {t('update.cancel')}
          </button>
          <Link to={`/measures/${initial.id}`}>{t('measure.back')}</Link>
        </div>
      </form>
    </div>
  );
}
