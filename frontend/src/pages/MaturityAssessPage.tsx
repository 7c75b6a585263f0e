import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { etagOf } from '../lib/api/etag';
import { ApiError, unwrap } from '../lib/api/errors';
import { serverFieldErrors } from '../lib/serverErrors';
import type { components } from '../lib/api/schema';
import { useApi, useUser } from '../lib/auth/context';
import { can } from '../lib/auth/permissions';
import { dateTime } from '../lib/format';
import { useRounds } from '../lib/maturityQueries';
import { useLookups } from '../lib/queries';

type Dimension = components['schemas']['Dimension'];
type LevelScale = components['schemas']['LevelScale'];
type Assessment = components['schemas']['AssessmentView'];

/** Selbsteinschätzung: Ist and Soll per dimension for one department of the open round. */
export default function MaturityAssessPage() {
  const { t } = useTranslation();
  const user = useUser();
  const api = useApi();
  const lookups = useLookups();
  const rounds = useRounds();
  const round = rounds.data?.find((r) => r.state === 'open');
  const steering = can.manageStructure(user);
  const departmentChoices = (round?.department_ids ?? []).filter(
    (d) => steering || user.department_ids.includes(d),
  );
  const [department, setDepartment] = useState<string>('');
  const chosen =
    department || (departmentChoices[0] !== undefined ? String(departmentChoices[0]) : '');

  const model = useQuery({
    queryKey: ['maturity', 'model', round?.model.id],
    enabled: round !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/maturity/models/{id}', {
          params: { path: { id: round?.model.id ?? 0 } },
        }),
      ),
  });
  const assessments = useQuery({
    queryKey: ['maturity', 'assessments', round?.id, chosen],
    enabled: round !== undefined && chosen !== '',
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/maturity/rounds/{id}/assessments', {
          params: {
            path: { id: round?.id ?? 0 },
            query:
              chosen === 'admin' ? { administration: true } : { department_id: Number(chosen) },
          },
        }),
      ),
  });

  const heading = <PageHeading title={t('maturity.assess')} />;
  if (rounds.isPending)
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  if (rounds.isError)
    return (
      <>
        {heading}
        <ErrorView error={rounds.error} />
      </>
    );
  if (!round) {
    return (
      <>
        {heading}
        <p className="notice">{t('maturity.noOpenRound')}</p>
        <p>
          <Link to="/maturity">{t('nav.maturity')}</Link>
        </p>
      </>
    );
  }
  const choices: { value: string; label: string }[] = [
    ...(steering && round.includes_administration
      ? [{ value: 'admin', label: t('maturity.administration') }]
      : []),
    ...departmentChoices.map((d) => {
      const dep = lookups.departments.get(d);
      return { value: String(d), label: dep ? `${dep.code} ${dep.name}` : `#${d}` };
    }),
  ];
  return (
    <>
      {heading}
      <p>{t('maturity.assessIntro')}</p>
      <p>
        <strong>{t('maturity.assessRound', { title: round.title })}</strong>
      </p>
      {choices.length > 1 && (
        <div className="field narrow">
          <label htmlFor="assess-department">{t('maturity.department')}</label>
          <select
            id="assess-department"
            value={chosen}
            onChange={(e) => setDepartment(e.target.value)}
          >
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {model.isPending || assessments.isPending ? (
        <Loading />
      ) : model.isError ? (
        <ErrorView error={model.error} />
      ) : assessments.isError ? (
        <ErrorView error={assessments.error} />
      ) : (
        model.data.dimensions.map((dimension) => (
          <DimensionForm
            key={`${chosen}-${dimension.code}`}
            roundId={round.id}
            department={chosen === 'admin' ? null : Number(chosen)}
            dimension={dimension}
            levels={model.data.levels}
            current={assessments.data.find((a) => a.dimension_code === dimension.code)}
          />
        ))
      )}
    </>
  );
}

function DimensionForm({
  roundId,
  department,
  dimension,
  levels,
  current,
}: {
  roundId: number;
  department: number | null;
  dimension: Dimension;
  levels: LevelScale;
  current: Assessment | undefined;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [actual, setActual] = useState(current?.actual_level?.toString() ?? '');
  const [target, setTarget] = useState(current?.target_level?.toString() ?? '');
  const [evidence, setEvidence] = useState(current?.evidence ?? '');
  const [version, setVersion] = useState(current?.version);
  const [message, setMessage] = useState<{
    kind: 'ok' | 'error' | 'conflict';
    text: string;
  } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await api.PUT('/api/v1/maturity/rounds/{id}/assessments', {
      params: {
        path: { id: roundId },
        header: version !== undefined ? { 'If-Match': etagOf(version) } : {},
      },
      body: {
        department_id: department,
        dimension_code: dimension.code,
        actual_level: actual === '' ? null : Number(actual),
        target_level: target === '' ? null : Number(target),
        evidence,
      },
    });
    setBusy(false);
    if (result.data) {
      setVersion(result.data.version);
      setMessage({ kind: 'ok', text: t('maturity.saved') });
      await queryClient.invalidateQueries({ queryKey: ['maturity'] });
      return;
    }
    const error = new ApiError(result.response.status, result.error as ApiError['problem']);
    if (error.status === 412) {
      const fresh = await api.GET('/api/v1/maturity/assessments/{id}', {
        params: { path: { id: current?.id ?? 0 } },
      });
      if (fresh.data) setVersion(fresh.data.version);
      setMessage({ kind: 'conflict', text: t('maturity.conflict') });
    } else {
      setMessage({ kind: 'error', text: Object.values(serverFieldErrors(t, error)).join(' ') });
    }
  }

  const options = levels.labels.map((l) => (
    <option key={l.level} value={l.level}>
      {t('maturity.levelOption', { level: l.level, label: l.label })}
    </option>
  ));
  return (
    <form className="card assessment-dimension" onSubmit={(e) => void save(e)}>
      <h2>
        {dimension.code} {dimension.title}
      </h2>
      {dimension.description && <p className="muted">{dimension.description}</p>}
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-actual`}>{t('maturity.actual')}</label>
          <select id={`${id}-actual`} value={actual} onChange={(e) => setActual(e.target.value)}>
            <option value="">{t('maturity.notAssessed')}</option>
            {options}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-target`}>{t('maturity.target')}</label>
          <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('maturity.notAssessed')}</option>
            {options}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-evidence`}>{t('maturity.evidence')}</label>
        <textarea
          id={`${id}-evidence`}
          rows={2}
          value={evidence}
          onChange={(e) => setEvidence(e.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('maturity.saveDimension', { dimension: dimension.code })}
        </button>
        {current && (
          <span className="muted small">
            {t('maturity.assessedBy', {
              name: current.assessed_by_name,
              date: dateTime(current.assessed_at),
            })}
          </span>
        )}
        {message && (
          <span
            role={message.kind === 'ok' ? 'status' : 'alert'}
            className={message.kind === 'ok' ? 'saved-note' : 'field-error'}
          >
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}
