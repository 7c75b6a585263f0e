import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { RoundProgress } from '../../components/reporting/Badges';
import { unwrap } from '../../lib/api/errors';
import { useApi, useUser } from '../../lib/auth/context';
import { can } from '../../lib/auth/permissions';
import { date } from '../../lib/format';
import { useLookups } from '../../lib/queries';
import { apiErrorOf, reportingApi, useRounds, type ReportingRound } from '../../lib/reporting';
import { serverFieldErrors } from '../../lib/serverErrors';

/** Berichtsrunden: every round with its meeting, deadline and progress; open a new one. */
export default function RoundsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const rounds = useRounds();
  const [creating, setCreating] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const mayOpen = can.manageStructure(user);
  const heading = (
    <PageHeading title={t('reporting.roundsTitle')}>
      {mayOpen && (
        <button
          ref={openButton}
          type="button"
          className="button button-primary"
          aria-expanded={creating}
          onClick={() => setCreating((c) => !c)}
        >
          {t('reporting.open')}
        </button>
      )}
    </PageHeading>
  );
  return (
    <div className="reporting">
      {heading}
      <p>{t('reporting.roundsIntro')}</p>
      {creating && (
        <OpenRoundForm
          onCancel={() => {
            setCreating(false);
            openButton.current?.focus();
          }}
        />
      )}
      {rounds.isPending ? (
        <Loading />
      ) : rounds.isError ? (
        <ErrorView error={rounds.error} onRetry={() => void rounds.refetch()} />
      ) : rounds.data.length === 0 ? (
        <p>{t('reporting.noRounds')}</p>
      ) : (
        <RoundTable rounds={rounds.data} />
      )}
    </div>
  );
}

function RoundTable({ rounds }: { rounds: ReportingRound[] }) {
  const { t } = useTranslation();
  const sorted = [...rounds].sort((a, b) => b.meeting.date.localeCompare(a.meeting.date));
  return (
    <div className="table-wrap">
      <table className="rounds-table">
        <caption>{t('reporting.roundsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reporting.round')}</th>
            <th scope="col">{t('reporting.meeting')}</th>
            <th scope="col">{t('reporting.deadline')}</th>
            <th scope="col">{t('reporting.roundState')}</th>
            <th scope="col">{t('reporting.progress')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/berichtsrunden/${r.id}`}>{r.title}</Link>
              </th>
              <td>
                {r.meeting.body}
                <div className="muted small">
                  {date(r.meeting.date)}
                  {r.meeting.vorlage_number &&
                    ` · ${t('reporting.vorlage', { number: r.meeting.vorlage_number })}`}
                </div>
              </td>
              <td>
                {date(r.deadline)}
                {r.grace_days > 0 && (
                  <div className="muted small">
                    {t('reporting.graceDays', { count: r.grace_days })}
                  </div>
                )}
              </td>
              <td>
                {t(`reporting.roundStates.${r.state}`)}
                {r.report_id != null && (
                  <div className="small">
                    <Link to={`/berichte/${r.report_id}`}>{t('reporting.toReport')}</Link>
                  </div>
                )}
              </td>
              <td>
                <RoundProgress counts={r.counts} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Well-known bodies of a municipal council (suggestions; any text is allowed). */
const BODIES = [
  'Stadtrat',
  'Verwaltungs-, Finanz- und Personalausschuss',
  'Hauptausschuss',
  'Bau- und Umweltausschuss',
  'Ausschuss für Digitalisierung',
];

interface OpenForm {
  title: string;
  meeting_body: string;
  meeting_date: string;
  vorlage_number: string;
  deadline: string;
  grace_days: string;
  selection: boolean;
  measure_ids: number[];
}

function OpenRoundForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const lookups = useLookups();
  const prefix = useId();
  const fid = (n: string) => `${prefix}-${n}`;
  const errorRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const [form, setForm] = useState<OpenForm>({
    title: '',
    meeting_body: 'Stadtrat',
    meeting_date: '',
    vorlage_number: '',
    deadline: '',
    grace_days: '0',
    selection: false,
    measure_ids: [],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const set = <K extends keyof OpenForm>(k: K, v: OpenForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const measures = useQuery({
    queryKey: ['measures', 'list', { per_page: 200, for: 'round' }],
    enabled: form.selection,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/measures', { params: { query: { per_page: 200 } } })),
  });
  const active = (measures.data?.items ?? []).filter((m) => {
    const category = lookups.statuses.get(m.status_id)?.category;
    return (
      !m.archived &&
      m.visibility !== 'draft' &&
      category !== 'completed' &&
      category !== 'cancelled'
    );
  });

  const labels: Record<string, string> = {
    title: t('reporting.form.title'),
    meeting_body: t('reporting.form.body'),
    meeting_date: t('reporting.form.meetingDate'),
    vorlage_number: t('reporting.form.vorlage'),
    deadline: t('reporting.form.deadline'),
    grace_days: t('reporting.form.graceDays'),
    measure_ids: t('reporting.form.measures'),
  };

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!form.title.trim()) found.title = t('reporting.form.required');
    if (!form.meeting_body.trim()) found.meeting_body = t('reporting.form.required');
    if (!form.meeting_date) found.meeting_date = t('reporting.form.required');
    if (!form.deadline) found.deadline = t('reporting.form.required');
    const grace = Number(form.grace_days);
    if (!Number.isInteger(grace) || grace < 0 || grace > 60)
      found.grace_days = t('reporting.form.graceRange');
    if (form.deadline && form.meeting_date && form.deadline > form.meeting_date)
      found.deadline = t('reporting.form.deadlineAfterMeeting');
    if (form.selection && form.measure_ids.length === 0)
      found.measure_ids = t('reporting.form.chooseMeasures');
    return found;
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
    try {
      const result = await reportingApi.createRound(api, {
        title: form.title.trim(),
        meeting_body: form.meeting_body.trim(),
        meeting_date: form.meeting_date,
        vorlage_number: form.vorlage_number.trim() || null,
        deadline: form.deadline,
        grace_days: Number(form.grace_days),
        measure_ids: form.selection ? form.measure_ids : [],
      });
      if (result.data) {
        const round = result.data;
        await queryClient.invalidateQueries({ queryKey: ['reporting'] });
        navigate(`/berichtsrunden/${round.id}`, { state: { opened: true } });
        return;
      }
      const error = apiErrorOf(result);
      if (error.status === 422 || error.status === 409) {
        setErrors(serverFieldErrors(t, error));
        requestAnimationFrame(() => errorRef.current?.focus());
      } else setFailure(error);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const invalid = (n: string) => (errors[n] ? true : undefined);
  const describe = (n: string, hint?: boolean) =>
    [hint ? fid(`${n}-hint`) : null, errors[n] ? fid(`${n}-error`) : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const err = (n: string) =>
    errors[n] ? (
      <span className="field-error" id={fid(`${n}-error`)}>
        {errors[n]}
      </span>
    ) : null;
  const errorList = Object.entries(errors);

  return (
    <section className="card open-round" aria-labelledby={fid('heading')}>
      <h2 id={fid('heading')}>{t('reporting.open')}</h2>
      <p className="muted small">{t('form.requiredNote')}</p>
      {errorList.length > 0 && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
          <p>{t('form.invalid')}</p>
          <ul>
            {errorList.map(([field, message]) => (
              <li key={field}>
                <a href={`#${fid(field)}`}>{labels[field] ?? field}</a>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {failure !== null && <ErrorView error={failure} />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={fid('title')}>
            {labels.title}{' '}
            <span className="required-mark" aria-hidden="true">
              *
            </span>
          </label>
          <input
            id={fid('title')}
            ref={titleRef}
            value={form.title}
            required
            maxLength={200}
            placeholder={t('reporting.form.titlePlaceholder')}
            aria-invalid={invalid('title')}
            aria-describedby={describe('title')}
            onChange={(e) => set('title', e.target.value)}
          />
          {err('title')}
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('meeting_body')}>
              {labels.meeting_body}{' '}
              <span className="required-mark" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id={fid('meeting_body')}
              list={fid('bodies')}
              value={form.meeting_body}
              required
              aria-invalid={invalid('meeting_body')}
              aria-describedby={describe('meeting_body', true)}
              onChange={(e) => set('meeting_body', e.target.value)}
            />
            <datalist id={fid('bodies')}>
              {BODIES.map((b) => (
                <option key={b} value={b} />
              ))}
            </datalist>
            <span className="hint" id={fid('meeting_body-hint')}>
              {t('reporting.form.bodyHint')}
            </span>
            {err('meeting_body')}
          </div>
          <div className="field">
            <label htmlFor={fid('meeting_date')}>
              {labels.meeting_date}{' '}
              <span className="required-mark" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id={fid('meeting_date')}
              type="date"
              value={form.meeting_date}
              required
              aria-invalid={invalid('meeting_date')}
              aria-describedby={describe('meeting_date')}
              onChange={(e) => set('meeting_date', e.target.value)}
            />
            {err('meeting_date')}
          </div>
          <div className="field">
            <label htmlFor={fid('vorlage_number')}>{labels.vorlage_number}</label>
            <input
              id={fid('vorlage_number')}
              value={form.vorlage_number}
              placeholder="FB 1/042/2027"
              aria-invalid={invalid('vorlage_number')}
              aria-describedby={describe('vorlage_number')}
              onChange={(e) => set('vorlage_number', e.target.value)}
            />
            {err('vorlage_number')}
          </div>
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={fid('deadline')}>
              {labels.deadline}{' '}
              <span className="required-mark" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id={fid('deadline')}
              type="date"
              value={form.deadline}
              required
              aria-invalid={invalid('deadline')}
              aria-describedby={describe('deadline', true)}
              onChange={(e) => set('deadline', e.target.value)}
            />
            <span className="hint" id={fid('deadline-hint')}>
              {t('reporting.form.deadlineHint')}
            </span>
            {err('deadline')}
          </div>
          <div className="field">
            <label htmlFor={fid('grace_days')}>{labels.grace_days}</label>
            <input
              id={fid('grace_days')}
              type="number"
              min={0}
              max={60}
              inputMode="numeric"
              value={form.grace_days}
              aria-invalid={invalid('grace_days')}
              aria-describedby={describe('grace_days', true)}
              onChange={(e) => set('grace_days', e.target.value)}
            />
            <span className="hint" id={fid('grace_days-hint')}>
              {t('reporting.form.graceHint')}
            </span>
            {err('grace_days')}
          </div>
        </div>
        <fieldset className="field-group" id={fid('measure_ids')}>
          <legend>{labels.measure_ids}</legend>
          <ul className="radio-list">
            <li>
              <input
                type="radio"
                id={fid('all')}
                name={fid('selection')}
                checked={!form.selection}
                onChange={() => set('selection', false)}
              />
              <label htmlFor={fid('all')}>{t('reporting.form.allActive')}</label>
            </li>
            <li>
              <input
                type="radio"
                id={fid('some')}
                name={fid('selection')}
                checked={form.selection}
                onChange={() => set('selection', true)}
              />
              <label htmlFor={fid('some')}>{t('reporting.form.someMeasures')}</label>
            </li>
          </ul>
          {err('measure_ids')}
          {form.selection &&
            (measures.isPending ? (
              <Loading />
            ) : measures.isError ? (
              <ErrorView error={measures.error} />
            ) : (
              <>
                <p className="muted small" aria-live="polite">
                  {t('reporting.form.selected', {
                    count: form.measure_ids.length,
                    total: active.length,
                  })}
                </p>
                <ul className="checkbox-list columns measure-choice">
                  {active.map((m) => (
                    <li key={m.id}>
                      <input
                        type="checkbox"
                        id={fid(`m-${m.id}`)}
                        checked={form.measure_ids.includes(m.id)}
                        onChange={(e) =>
                          set(
                            'measure_ids',
                            e.target.checked
                              ? [...form.measure_ids, m.id]
                              : form.measure_ids.filter((x) => x !== m.id),
                          )
                        }
                      />
                      <label htmlFor={fid(`m-${m.id}`)}>
                        {m.code} {m.title}
                      </label>
                    </li>
                  ))}
                </ul>
              </>
            ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('form.saving') : t('reporting.form.submit')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
