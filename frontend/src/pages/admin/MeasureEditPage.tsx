import { useId, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { ApiError } from '../../lib/api/errors';
import { serverFieldErrors } from '../../lib/serverErrors';
import type {
  CreateMeasureRequest,
  MeasureDetail,
  Priority,
  UpdateMeasureRequest,
  Visibility,
} from '../../lib/api/types';
import { useApi } from '../../lib/auth/context';
import { useLookups, useMeasure } from '../../lib/queries';

const PRIORITIES: Priority[] = ['low', 'medium', 'high'];
const VISIBILITIES: Visibility[] = ['draft', 'internal', 'public'];

interface MasterData {
  code: string;
  title: string;
  description: string;
  goal_ids: number[];
  lead_department_id: string;
  participating_department_ids: number[];
  status_id: string;
  planned_start: string;
  planned_end: string;
  priority: Priority;
  weight: string;
  visibility: Visibility;
  contact_name: string;
  contact_email: string;
}

function fromMeasure(m: MeasureDetail | null): MasterData {
  return {
    code: m?.code ?? '',
    title: m?.title ?? '',
    description: m?.description ?? '',
    goal_ids: m?.goal_ids ?? [],
    lead_department_id: m ? String(m.lead_department_id) : '',
    participating_department_ids: m?.participating_department_ids ?? [],
    status_id: m ? String(m.status_id) : '',
    planned_start: m?.planned_start ?? '',
    planned_end: m?.planned_end ?? '',
    priority: m?.priority ?? 'medium',
    weight: String(m?.weight ?? 1),
    visibility: m?.visibility ?? 'internal',
    contact_name: m?.contact_name ?? '',
    contact_email: m?.contact_email ?? '',
  };
}

export default function MeasureEditPage() {
  const { id } = useParams();
  const measureId = id ? Number(id) : null;
  const measure = useMeasure(measureId ?? 0);
  const { t } = useTranslation();
  if (measureId === null) return <MeasureForm original={null} etag={null} />;
  if (measure.isPending) return <Loading />;
  if (measure.isError) {
    return (
      <>
        <PageHeading title={t('admin.measures')} />
        <ErrorView error={measure.error} />
      </>
    );
  }
  return (
    <MeasureForm
      key={measure.data.data.version}
      original={measure.data.data}
      etag={measure.data.etag}
    />
  );
}

/** Create or edit a measure's master data (officer, admin). */
function MeasureForm({
  original,
  etag: initialEtag,
}: {
  original: MeasureDetail | null;
  etag: string | null;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const lookups = useLookups();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => fromMeasure(original));
  const [etag, setEtag] = useState(initialEtag);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const prefix = useId();
  const fid = (name: string) => `${prefix}-${name}`;
  const set = <K extends keyof MasterData>(key: K, value: MasterData[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const toggle = (key: 'goal_ids' | 'participating_department_ids', id: number) =>
    setForm((f) => ({
      ...f,
      [key]: f[key].includes(id)
        ? f[key].filter((x) => x !== id)
        : [...f[key], id].sort((a, b) => a - b),
    }));

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!form.code.trim()) found.code = t('admin.required');
    if (!form.title.trim()) found.title = t('admin.required');
    if (form.goal_ids.length === 0) found.goal_ids = t('admin.required');
    if (!form.lead_department_id) found.lead_department_id = t('admin.required');
    if (!form.status_id) found.status_id = t('admin.required');
    const weight = Number(form.weight);
    if (!Number.isInteger(weight) || weight < 0 || weight > 1000)
      found.weight = t('admin.weightHint');
    return found;
  }

  function body(): CreateMeasureRequest {
    return {
      code: form.code.trim(),
      title: form.title.trim(),
      description: form.description,
      goal_ids: form.goal_ids,
      lead_department_id: Number(form.lead_department_id),
      participating_department_ids: form.participating_department_ids.filter(
        (d) => d !== Number(form.lead_department_id),
      ),
      status_id: Number(form.status_id),
      planned_start: form.planned_start || null,
      planned_end: form.planned_end || null,
      priority: form.priority,
      weight: Number(form.weight),
      visibility: form.visibility,
      contact_name: form.contact_name.trim() || null,
      contact_email: form.contact_email.trim() || null,
    };
  }

  function changes(before: MeasureDetail): UpdateMeasureRequest {
    const next = body();
    const base = fromMeasure(before);
    const patch: UpdateMeasureRequest = {};
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(form.code, base.code)) patch.code = next.code;
    if (!same(form.title, base.title)) patch.title = next.title;
    if (!same(form.description, base.description)) patch.description = next.description;
    if (!same(form.goal_ids, base.goal_ids)) patch.goal_ids = next.goal_ids;
    if (form.lead_department_id !== base.lead_department_id)
      patch.lead_department_id = next.lead_department_id;
    if (!same(form.participating_department_ids, base.participating_department_ids))
      patch.participating_department_ids = next.participating_department_ids;
    if (form.status_id !== base.status_id) patch.status_id = next.status_id;
    if (form.planned_start !== base.planned_start) patch.planned_start = next.planned_start;
    if (form.planned_end !== base.planned_end) patch.planned_end = next.planned_end;
    if (form.priority !== base.priority) patch.priority = next.priority;
    if (form.weight !== base.weight) patch.weight = next.weight;
    if (form.visibility !== base.visibility) patch.visibility = next.visibility;
    if (form.contact_name !== base.contact_name) patch.contact_name = next.contact_name;
    if (form.contact_email !== base.contact_email) patch.contact_email = next.contact_email;
    return patch;
  }

  async function finish(response: Response, error: unknown, goTo: string, notice: string) {
    if (response.ok) {
      await queryClient.invalidateQueries({ queryKey: ['measures'] });
      await queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      navigate(goTo, { state: { notice } });
      return;
    }
    setBusy(false);
    const apiError = new ApiError(response.status, error as ApiError['problem']);
    if (response.status === 422 || response.status === 409) {
      setErrors(serverFieldErrors(t, apiError));
      requestAnimationFrame(() => errorRef.current?.focus());
    } else if (response.status === 412 && original) {
      const fresh = await api.GET('/api/v1/measures/{id}', {
        params: { path: { id: original.id } },
      });
      setEtag(fresh.response.headers.get('etag'));
      setConflict(true);
    } else {
      setFailure(apiError);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => errorRef.current?.focus());
      return;
    }
    setBusy(true);
    if (!original) {
      const result = await api.POST('/api/v1/measures', { body: body() });
      const created = result.data;
      await finish(
        result.response,
        result.error,
        created ? `/measures/${created.id}` : '/admin/measures',
        t('admin.created', { code: form.code.trim() }),
      );
      return;
    }
    setConflict(false);
    const result = await api.PATCH('/api/v1/measures/{id}', {
      params: { path: { id: original.id }, header: { 'If-Match': etag ?? '' } },
      body: changes(original),
    });
    await finish(result.response, result.error, '/admin/measures', t('admin.savedChanges'));
  }

  async function archive() {
    if (!original || !window.confirm(t('admin.archiveConfirm', { code: original.code }))) return;
    setBusy(true);
    const result = await api.DELETE('/api/v1/measures/{id}', {
      params: { path: { id: original.id }, header: { 'If-Match': etag ?? '' } },
    });
    await finish(result.response, result.error, '/admin/measures', t('admin.archived'));
  }

  const invalid = (name: string) => (errors[name] ? true : undefined);
  const errorText = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={fid(`${name}-error`)}>
        {errors[name]}
      </span>
    ) : null;

  return (
    <>
      <PageHeading
        title={original ? t('admin.editMeasure', { code: original.code }) : t('admin.newMeasure')}
      />
      {Object.keys(errors).length > 0 && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
          <p>{t('admin.invalid')}</p>
          <ul>
            {Object.entries(errors).map(([field, message]) => (
              <li key={field}>
                <code>{field}</code>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {conflict && (
        <p className="notice notice-warning" role="alert">
          {t('admin.conflict')}
        </p>
      )}
      {failure !== null && <ErrorView error={failure} />}
      <form className="form admin-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('code')}>{t('admin.code')}</label>
            <input
              id={fid('code')}
              value={form.code}
              required
              aria-invalid={invalid('code')}
              aria-describedby={fid('code-hint')}
              onChange={(e) => set('code', e.target.value)}
            />
            <span className="hint" id={fid('code-hint')}>
              {t('admin.codeHint')}
            </span>
            {errorText('code')}
          </div>
          <div className="field field-wide">
            <label htmlFor={fid('title')}>{t('admin.title_')}</label>
            <input
              id={fid('title')}
              value={form.title}
              required
              aria-invalid={invalid('title')}
              onChange={(e) => set('title', e.target.value)}
            />
            {errorText('title')}
          </div>
        </div>
        <div className="field">
          <label htmlFor={fid('description')}>{t('admin.description')}</label>
          <textarea
            id={fid('description')}
            rows={4}
            value={form.description}
            onChange={(e) => set('description', e.target.value)}
          />
        </div>
        <fieldset aria-invalid={invalid('goal_ids')}>
          <legend>{t('admin.goals_')}</legend>
          {errorText('goal_ids')}
          <ul className="checkbox-list">
            {lookups.goalList.map((g) => (
              <li key={g.id} style={{ paddingLeft: `${g.depth * 1.25}rem` }}>
                <input
                  type="checkbox"
                  id={fid(`goal-${g.id}`)}
                  checked={form.goal_ids.includes(g.id)}
                  onChange={() => toggle('goal_ids', g.id)}
                />
                <label htmlFor={fid(`goal-${g.id}`)}>
                  {g.code} {g.title}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('lead')}>{t('admin.lead')}</label>
            <select
              id={fid('lead')}
              value={form.lead_department_id}
              required
              aria-invalid={invalid('lead_department_id')}
              onChange={(e) => set('lead_department_id', e.target.value)}
            >
              <option value="">{t('admin.choose')}</option>
              {lookups.departmentList.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.code} {d.name}
                </option>
              ))}
            </select>
            {errorText('lead_department_id')}
          </div>
          <div className="field">
            <label htmlFor={fid('status')}>{t('admin.status')}</label>
            <select
              id={fid('status')}
              value={form.status_id}
              required
              aria-invalid={invalid('status_id')}
              onChange={(e) => set('status_id', e.target.value)}
            >
              <option value="">{t('admin.choose')}</option>
              {lookups.statusList
                .filter((s) => s.active || String(s.id) === form.status_id)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
            </select>
            {errorText('status_id')}
          </div>
        </div>
        <fieldset>
          <legend>{t('admin.participants')}</legend>
          <ul className="checkbox-list columns">
            {lookups.departmentList.map((d) => (
              <li key={d.id}>
                <input
                  type="checkbox"
                  id={fid(`dep-${d.id}`)}
                  checked={form.participating_department_ids.includes(d.id)}
                  disabled={String(d.id) === form.lead_department_id}
                  onChange={() => toggle('participating_department_ids', d.id)}
                />
                <label htmlFor={fid(`dep-${d.id}`)}>
                  {d.code} {d.name}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('start')}>{t('admin.plannedStart')}</label>
            <input
              id={fid('start')}
              type="date"
              value={form.planned_start}
              aria-invalid={invalid('planned_start')}
              onChange={(e) => set('planned_start', e.target.value)}
            />
            {errorText('planned_start')}
          </div>
          <div className="field">
            <label htmlFor={fid('end')}>{t('admin.plannedEnd')}</label>
            <input
              id={fid('end')}
              type="date"
              value={form.planned_end}
              aria-invalid={invalid('planned_end')}
              onChange={(e) => set('planned_end', e.target.value)}
            />
            {errorText('planned_end')}
          </div>
          <div className="field">
            <label htmlFor={fid('priority')}>{t('admin.priority')}</label>
            <select
              id={fid('priority')}
              value={form.priority}
              onChange={(e) => set('priority', e.target.value as Priority)}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={fid('weight')}>{t('admin.weight')}</label>
            <input
              id={fid('weight')}
              type="number"
              min={0}
              max={1000}
              value={form.weight}
              aria-invalid={invalid('weight')}
              aria-describedby={fid('weight-hint')}
              onChange={(e) => set('weight', e.target.value)}
            />
            <span className="hint" id={fid('weight-hint')}>
              {t('admin.weightHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={fid('visibility')}>{t('admin.visibility')}</label>
            <select
              id={fid('visibility')}
              value={form.visibility}
              onChange={(e) => set('visibility', e.target.value as Visibility)}
            >
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {t(`visibility.${v}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('contact')}>{t('admin.contactName')}</label>
            <input
              id={fid('contact')}
              value={form.contact_name}
              autoComplete="off"
              onChange={(e) => set('contact_name', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={fid('email')}>{t('admin.contactEmail')}</label>
            <input
              id={fid('email')}
              type="email"
              value={form.contact_email}
              autoComplete="off"
              aria-invalid={invalid('contact_email')}
              onChange={(e) => set('contact_email', e.target.value)}
            />
            {errorText('contact_email')}
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('admin.saving') : t('admin.save')}
          </button>
          {original && !original.archived && (
            <button type="button" className="button" disabled={busy} onClick={() => void archive()}>
              {t('admin.archive')}
            </button>
          )}
          <Link to="/admin/measures">{t('update.cancel')}</Link>
        </div>
      </form>
    </>
  );
}
