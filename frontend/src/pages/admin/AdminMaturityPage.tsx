import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionNotice } from '../../components/ActionNotice';
import { ErrorView } from '../../components/ErrorView';
import {
  CheckboxField,
  CheckboxGroupField,
  FormDialog,
  SelectField,
  TextAreaField,
  TextField,
} from '../../components/FormFields';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { useAction } from '../../lib/actions';
import { etagOf } from '../../lib/api/etag';
import { unwrapWithEtag } from '../../lib/api/errors';
import type { components } from '../../lib/api/schema';
import { useApi, useUser } from '../../lib/auth/context';
import { can } from '../../lib/auth/permissions';
import { downloadJson } from '../../lib/download';
import { depths, patchBody, useEntityForm, type FormApi } from '../../lib/entityForm';
import { date, dateTime } from '../../lib/format';
import { useModels, useRounds } from '../../lib/maturityQueries';
import { useDepartments, useUserNames } from '../../lib/queries';

type S = components['schemas'];
type ModelSummary = S['ModelSummary'];
type RoundView = S['RoundView'];
type AggregationRule = S['AggregationRule'];
const RULES: AggregationRule[] = ['mean', 'weighted_mean', 'minimum'];

/**
 * Reifegrad (administration): model versions (export and import as JSON, a new version)
 * and the assessment rounds with their life cycle: open → submitted → approved, reopened
 * only with a written reason.
 */
export default function AdminMaturityPage() {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const queryClient = useQueryClient();
  const models = useModels();
  const rounds = useRounds();
  const names = useUserNames(can.manageUsers(user));
  const departments = useDepartments();
  const action = useAction();
  const [dialog, setDialog] = useState<
    | { kind: 'import' }
    | { kind: 'version'; model: ModelSummary }
    | { kind: 'round' }
    | { kind: 'reopen'; round: RoundView }
    | null
  >(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['maturity'] });
  const approver = can.approveMaturityRound(user);
  const who = (id: number | null | undefined) =>
    id != null ? (names.get(id) ?? `#${id}`) : undefined;

  async function exportModel(m: ModelSummary) {
    await action.run(
      () => api.GET('/api/v1/maturity/models/{id}/export', { params: { path: { id: m.id } } }),
      t('adminMaturity.exported', { file: fileName(m) }),
      (document) => downloadJson(fileName(m), document),
    );
  }

  async function removeModel(m: ModelSummary) {
    if (
      !window.confirm(
        t('adminMaturity.deleteModelConfirm', { name: m.name, version: m.model_version }),
      )
    )
      return;
    await action.run(
      () =>
        api.DELETE('/api/v1/maturity/models/{id}', {
          params: { path: { id: m.id }, header: { 'If-Match': etagOf(m.version) } },
        }),
      t('adminMaturity.modelDeleted', { name: m.name, version: m.model_version }),
      refresh,
    );
  }

  async function roundStep(round: RoundView, step: 'submit' | 'approve' | 'delete') {
    const confirmText = {
      submit: t('adminMaturity.submitConfirm', { title: round.title }),
      approve: t('adminMaturity.approveConfirm', { title: round.title }),
      delete: t('adminMaturity.deleteRoundConfirm', { title: round.title }),
    }[step];
    if (!window.confirm(confirmText)) return;
    const options = {
      params: { path: { id: round.id }, header: { 'If-Match': etagOf(round.version) } },
    };
    const success = {
      submit: t('adminMaturity.submitted', { title: round.title }),
      approve: t('adminMaturity.approved', { title: round.title }),
      delete: t('adminMaturity.roundDeleted', { title: round.title }),
    }[step];
    await action.run(
      () =>
        step === 'submit'
          ? api.POST('/api/v1/maturity/rounds/{id}/submit', options)
          : step === 'approve'
            ? api.POST('/api/v1/maturity/rounds/{id}/approve', options)
            : api.DELETE('/api/v1/maturity/rounds/{id}', options),
      success,
      refresh,
    );
  }

  const closeWith = (text: string) => {
    setDialog(null);
    void refresh();
    action.succeed(text);
  };

  return (
    <>
      <PageHeading title={t('adminMaturity.title')} />
      <p className="prose">{t('adminMaturity.intro')}</p>
      <ActionNotice
        notice={action.notice}
        noticeRef={action.noticeRef}
        onReload={refresh}
        onDismiss={action.clear}
      />

      <section aria-labelledby="rounds-heading">
        <div className="section-heading">
          <h2 id="rounds-heading">{t('adminMaturity.rounds')}</h2>
          <button
            type="button"
            className="button button-primary"
            disabled={!models.data?.length || !departments.data}
            onClick={() => setDialog({ kind: 'round' })}
          >
            {t('adminMaturity.newRound')}
          </button>
        </div>
        <p className="prose">{t('adminMaturity.roundsIntro')}</p>
        {rounds.isPending ? (
          <Loading />
        ) : rounds.isError ? (
          <ErrorView error={rounds.error} onRetry={() => void rounds.refetch()} />
        ) : rounds.data.length === 0 ? (
          <p className="muted">{t('maturity.noRounds')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('adminMaturity.rounds')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('adminMaturity.roundTitle')}</th>
                  <th scope="col">{t('adminMaturity.roundDate')}</th>
                  <th scope="col">{t('adminMaturity.model')}</th>
                  <th scope="col">{t('adminMaturity.state')}</th>
                  <th scope="col">{t('adminMaturity.completion')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rounds.data.map((r) => (
                  <tr key={r.id}>
                    <td>{r.title}</td>
                    <td>{date(r.round_date)}</td>
                    <td>
                      {t('adminMaturity.modelVersion', {
                        name: r.model.name,
                        version: r.model.model_version,
                      })}
                    </td>
                    <td>
                      <strong>{t(`maturity.state.${r.state}`)}</strong>
                      {r.submitted_at && (
                        <div className="muted small">
                          {t('adminMaturity.submittedAt', {
                            at: dateTime(r.submitted_at),
                            by: who(r.submitted_by) ?? '–',
                          })}
                        </div>
                      )}
                      {r.approved_at && (
                        <div className="muted small">
                          {t('adminMaturity.approvedAt', {
                            at: dateTime(r.approved_at),
                            by: who(r.approved_by) ?? '–',
                          })}
                        </div>
                      )}
                    </td>
                    <td>
                      {t('adminMaturity.completionText', {
                        assessed: r.completion.assessed,
                        expected: r.completion.expected,
                      })}
                    </td>
                    <td>
                      <div className="row-actions">
                        {r.state === 'open' && (
                          <>
                            <button
                              type="button"
                              className="button"
                              disabled={action.busy}
                              aria-label={t('adminMaturity.submitLabel', { title: r.title })}
                              onClick={() => void roundStep(r, 'submit')}
                            >
                              {t('adminMaturity.submit')}
                            </button>
                            <button
                              type="button"
                              className="button button-danger"
                              disabled={action.busy}
                              aria-label={t('adminMaturity.deleteRoundLabel', { title: r.title })}
                              onClick={() => void roundStep(r, 'delete')}
                            >
                              {t('adminMaturity.delete')}
                            </button>
                          </>
                        )}
                        {r.state === 'submitted' && approver && (
                          <button
                            type="button"
                            className="button button-primary"
                            disabled={action.busy}
                            aria-label={t('adminMaturity.approveLabel', { title: r.title })}
                            onClick={() => void roundStep(r, 'approve')}
                          >
                            {t('adminMaturity.approve')}
                          </button>
                        )}
                        {r.state !== 'open' && approver && (
                          <button
                            type="button"
                            className="button"
                            aria-label={t('adminMaturity.reopenLabel', { title: r.title })}
                            onClick={() => setDialog({ kind: 'reopen', round: r })}
                          >
                            {t('adminMaturity.reopen')}
                          </button>
                        )}
                        {r.state === 'submitted' && !approver && (
                          <span className="muted small">{t('adminMaturity.awaitsOfficer')}</span>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="models-heading">
        <div className="section-heading">
          <h2 id="models-heading">{t('adminMaturity.models')}</h2>
          <button type="button" className="button" onClick={() => setDialog({ kind: 'import' })}>
            {t('adminMaturity.import')}
          </button>
        </div>
        <p className="prose">{t('adminMaturity.modelsIntro')}</p>
        {models.isPending ? (
          <Loading />
        ) : models.isError ? (
          <ErrorView error={models.error} onRetry={() => void models.refetch()} />
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('adminMaturity.models')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('adminMaturity.model')}</th>
                  <th scope="col" className="num">
                    {t('adminMaturity.version')}
                  </th>
                  <th scope="col" className="num">
                    {t('adminMaturity.dimensions')}
                  </th>
                  <th scope="col">{t('adminMaturity.rule')}</th>
                  <th scope="col">{t('adminMaturity.state')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {models.data.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name}
                      <div className="muted small">
                        <code>{m.key}</code>
                      </div>
                    </td>
                    <td className="num">
                      {m.model_version}
                      {m.latest && <span className="tag">{t('adminMaturity.latest')}</span>}
                    </td>
                    <td className="num">{m.dimension_count}</td>
                    <td>{t(`maturity.aggregation.${m.aggregation_rule}`)}</td>
                    <td>{m.frozen ? t('adminMaturity.frozen') : t('adminMaturity.editable')}</td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button"
                          disabled={action.busy}
                          aria-label={t('adminMaturity.exportLabel', {
                            name: m.name,
                            version: m.model_version,
                          })}
                          onClick={() => void exportModel(m)}
                        >
                          {t('adminMaturity.export')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          aria-label={t('adminMaturity.newVersionLabel', {
                            name: m.name,
                            version: m.model_version,
                          })}
                          onClick={() => setDialog({ kind: 'version', model: m })}
                        >
                          {t('adminMaturity.newVersion')}
                        </button>
                        {!m.frozen && (
                          <button
                            type="button"
                            className="button button-danger"
                            disabled={action.busy}
                            aria-label={t('adminMaturity.deleteModelLabel', {
                              name: m.name,
                              version: m.model_version,
                            })}
                            onClick={() => void removeModel(m)}
                          >
                            {t('adminMaturity.delete')}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {dialog?.kind === 'import' && (
        <ImportDialog
          onClose={() => setDialog(null)}
          onSaved={(m) =>
            closeWith(t('adminMaturity.imported', { name: m.name, version: m.model_version }))
          }
        />
      )}
      {dialog?.kind === 'version' && (
        <VersionDialog
          model={dialog.model}
          onClose={() => setDialog(null)}
          onSaved={(m) =>
            closeWith(t('adminMaturity.versionCreated', { name: m.name, version: m.model_version }))
          }
        />
      )}
      {dialog?.kind === 'round' && models.data && departments.data && (
        <RoundDialog
          models={models.data}
          departments={departments.data}
          onClose={() => setDialog(null)}
          onSaved={(r) => closeWith(t('adminMaturity.roundCreated', { title: r.title }))}
        />
      )}
      {dialog?.kind === 'reopen' && (
        <ReopenDialog
          round={dialog.round}
          onClose={() => setDialog(null)}
          onSaved={(r) => closeWith(t('adminMaturity.reopened', { title: r.title }))}
        />
      )}
    </>
  );
}

function fileName(m: { key: string; model_version: number }): string {
  return `${m.key}-v${m.model_version}.json`;
}

/** A JSON file whose text becomes the form value `name`. */
function FileField({
  form,
  name,
  label,
  hint,
}: {
  form: FormApi;
  name: string;
  label: string;
  hint: string;
}) {
  const describedBy =
    [`${form.id(name)}-hint`, form.error(name) ? `${form.id(name)}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={form.id(name)}>
        {label}
        <span className="required-mark" aria-hidden="true">
          {' '}
          *
        </span>
      </label>
      <input
        id={form.id(name)}
        type="file"
        accept=".json,application/json"
        required
        aria-invalid={form.error(name) ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) {
            form.set(name, '');
            return;
          }
          void file.text().then((text) => form.set(name, text));
        }}
      />
      <span className="hint" id={`${form.id(name)}-hint`}>
        {hint}
      </span>
      {form.error(name) && (
        <span className="field-error" id={`${form.id(name)}-error`}>
          {form.error(name)}
        </span>
      )}
    </div>
  );
}

function ImportDialog({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (model: S['ModelView']) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const form = useEntityForm({
    initial: { document: '' },
    validate: (v) => {
      if (!v.document) return { document: t('adminMaturity.chooseFile') };
      try {
        const parsed: unknown = JSON.parse(v.document);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
          return { document: t('adminMaturity.notADocument') };
      } catch {
        return { document: t('adminMaturity.notJson') };
      }
      return {};
    },
    submit: (v) =>
      api.POST('/api/v1/maturity/models/import', {
        body: JSON.parse(v.document) as S['ModelDocument'],
      }),
    onSaved,
  });
  const labels = { document: t('adminMaturity.file') };
  return (
    <FormDialog
      title={t('adminMaturity.importTitle')}
      form={form}
      labels={labels}
      onClose={onClose}
      submitLabel={t('adminMaturity.importSubmit')}
      intro={<p>{t('adminMaturity.importIntro')}</p>}
    >
      <FileField
        form={form}
        name="document"
        label={labels.document}
        hint={t('adminMaturity.fileHint')}
      />
    </FormDialog>
  );
}

function VersionDialog({
  model,
  onClose,
  onSaved,
}: {
  model: ModelSummary;
  onClose: () => void;
  onSaved: (model: S['ModelView']) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const initial = {
    name: model.name,
    description: model.description,
    aggregation_rule: model.aggregation_rule as string,
  };
  const form = useEntityForm({
    initial,
    validate: (v) => (v.name.trim() ? {} : { name: t('form.required') }),
    submit: (v, base) =>
      api.POST('/api/v1/maturity/models/{id}/versions', {
        params: { path: { id: model.id } },
        body: patchBody(v, base, { description: (d) => d }),
      }),
    onSaved,
  });
  const labels = {
    name: t('adminMaturity.name'),
    description: t('admin.description'),
    aggregation_rule: t('adminMaturity.rule'),
  };
  return (
    <FormDialog
      title={t('adminMaturity.versionTitle', { name: model.name, version: model.model_version })}
      form={form}
      labels={labels}
      onClose={onClose}
      submitLabel={t('adminMaturity.versionSubmit')}
      intro={<p>{t('adminMaturity.versionIntro', { version: model.model_version })}</p>}
    >
      <TextField form={form} name="name" label={labels.name} required maxLength={200} />
      <TextAreaField
        form={form}
        name="description"
        label={labels.description}
        rows={4}
        maxLength={4000}
      />
      <SelectField
        form={form}
        name="aggregation_rule"
        label={labels.aggregation_rule}
        hint={t('adminMaturity.ruleHint')}
        options={RULES.map((r) => ({ value: r, label: t(`maturity.aggregation.${r}`) }))}
      />
    </FormDialog>
  );
}

function RoundDialog({
  models,
  departments: list,
  onClose,
  onSaved,
}: {
  models: ModelSummary[];
  departments: S['DepartmentView'][];
  onClose: () => void;
  onSaved: (round: RoundView) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const depth = depths(list);
  const latest = models.find((m) => m.latest) ?? models[0];
  const form = useEntityForm({
    initial: {
      title: '',
      description: '',
      round_date: '',
      model_id: latest ? String(latest.id) : '',
      includes_administration: false,
      department_ids: list.filter((d) => d.active).map((d) => d.id),
    },
    validate: (v) => {
      const found: Record<string, string> = {};
      if (!v.title.trim()) found.title = t('form.required');
      if (!v.round_date) found.round_date = t('form.required');
      if (!v.model_id) found.model_id = t('form.required');
      if (v.department_ids.length === 0 && !v.includes_administration)
        found.department_ids = t('adminMaturity.chooseDepartments');
      return found;
    },
    submit: (v) =>
      api.POST('/api/v1/maturity/rounds', {
        body: {
          title: v.title.trim(),
          description: v.description.trim(),
          round_date: v.round_date,
          model_id: Number(v.model_id),
          includes_administration: v.includes_administration,
          department_ids: v.department_ids,
        },
      }),
    onSaved,
  });
  const labels = {
    title: t('adminMaturity.roundTitle'),
    description: t('admin.description'),
    round_date: t('adminMaturity.roundDate'),
    model_id: t('adminMaturity.modelVersionField'),
    includes_administration: t('adminMaturity.includesAdministration'),
    department_ids: t('adminMaturity.departments'),
  };
  return (
    <FormDialog
      title={t('adminMaturity.newRound')}
      form={form}
      labels={labels}
      onClose={onClose}
      submitLabel={t('adminMaturity.createRound')}
    >
      <div className="form-row">
        <TextField
          form={form}
          name="title"
          label={labels.title}
          hint={t('adminMaturity.roundTitleHint')}
          required
          maxLength={200}
        />
        <TextField
          form={form}
          name="round_date"
          type="date"
          label={labels.round_date}
          hint={t('adminMaturity.roundDateHint')}
          required
        />
      </div>
      <TextAreaField
        form={form}
        name="description"
        label={labels.description}
        rows={2}
        maxLength={4000}
      />
      <SelectField
        form={form}
        name="model_id"
        label={labels.model_id}
        hint={t('adminMaturity.modelFrozenHint')}
        required
        options={models.map((m) => ({
          value: String(m.id),
          label: t('adminMaturity.modelVersion', { name: m.name, version: m.model_version }),
        }))}
      />
      <CheckboxField
        form={form}
        name="includes_administration"
        label={labels.includes_administration}
        hint={t('adminMaturity.includesAdministrationHint')}
      />
      <CheckboxGroupField
        form={form}
        name="department_ids"
        label={labels.department_ids}
        hint={t('adminMaturity.departmentsHint')}
        columns
        options={list
          .filter((d) => d.active)
          .map((d) => ({ id: d.id, label: `${d.code} ${d.name}`, depth: depth.get(d.id) ?? 0 }))}
      />
    </FormDialog>
  );
}

function ReopenDialog({
  round,
  onClose,
  onSaved,
}: {
  round: RoundView;
  onClose: () => void;
  onSaved: (round: RoundView) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const form = useEntityForm({
    initial: { reason: '' },
    etag: etagOf(round.version),
    validate: (v) => (v.reason.trim() ? {} : { reason: t('form.required') }),
    submit: (v, _base, etag) =>
      api.POST('/api/v1/maturity/rounds/{id}/reopen', {
        params: { path: { id: round.id }, header: { 'If-Match': etag ?? '' } },
        body: { reason: v.reason.trim() },
      }),
    reload: async () => {
      const fresh = unwrapWithEtag(
        await api.GET('/api/v1/maturity/rounds/{id}', { params: { path: { id: round.id } } }),
      );
      return { values: { reason: '' }, etag: fresh.etag ?? etagOf(fresh.data.version) };
    },
    onSaved,
  });
  const labels = { reason: t('adminMaturity.reopenReason') };
  return (
    <FormDialog
      title={t('adminMaturity.reopenTitle', { title: round.title })}
      form={form}
      labels={labels}
      onClose={onClose}
      submitLabel={t('adminMaturity.reopen')}
      intro={<p>{t('adminMaturity.reopenIntro', { state: t(`maturity.state.${round.state}`) })}</p>}
    >
      <TextAreaField
        form={form}
        name="reason"
        label={labels.reason}
        hint={t('adminMaturity.reopenReasonHint')}
        required
        rows={4}
        maxLength={2000}
      />
    </FormDialog>
  );
}
