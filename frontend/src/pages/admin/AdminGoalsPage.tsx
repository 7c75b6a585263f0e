import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionNotice } from '../../components/ActionNotice';
import { ErrorView } from '../../components/ErrorView';
import { FormDialog, SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { useAction } from '../../lib/actions';
import { etagOf } from '../../lib/api/etag';
import { unwrap, unwrapWithEtag } from '../../lib/api/errors';
import type { components } from '../../lib/api/schema';
import type { GoalView } from '../../lib/api/types';
import { useApi } from '../../lib/auth/context';
import {
  dateOrNull,
  intOrNull,
  isIntIn,
  patchBody,
  useEntityForm,
  withDescendants,
} from '../../lib/entityForm';
import { date } from '../../lib/format';
import { useGoals } from '../../lib/queries';

type StrategyView = components['schemas']['StrategyView'];
const POSITION_MAX = 1_000_000;

/** Strategie und Ziele: the strategy (the council's resolution) and the goal tree. */
export default function AdminGoalsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const strategy = useQuery({
    queryKey: ['strategy'],
    queryFn: async () => unwrap(await api.GET('/api/v1/strategy')),
  });
  const goals = useGoals();
  const action = useAction();
  const [editingStrategy, setEditingStrategy] = useState(false);
  const [editing, setEditing] = useState<{ goal: GoalView } | { parent: number | null } | null>(
    null,
  );
  const refreshGoals = () => queryClient.invalidateQueries({ queryKey: ['goals'] });
  const list = goals.data ?? [];

  async function remove(g: GoalView) {
    if (!window.confirm(t('adminGoals.deleteConfirm', { code: g.code }))) return;
    await action.run(
      () =>
        api.DELETE('/api/v1/goals/{id}', {
          params: { path: { id: g.id }, header: { 'If-Match': etagOf(g.version) } },
        }),
      t('adminGoals.deleted', { code: g.code }),
      refreshGoals,
    );
  }

  return (
    <>
      <PageHeading title={t('admin.goals')} />
      <ActionNotice
        notice={action.notice}
        noticeRef={action.noticeRef}
        onReload={() => {
          void refreshGoals();
          void strategy.refetch();
        }}
        onDismiss={action.clear}
      />
      <section aria-labelledby="strategy-heading" className="card">
        <div className="section-heading">
          <h2 id="strategy-heading">{t('admin.strategy')}</h2>
          {strategy.data && (
            <button type="button" className="button" onClick={() => setEditingStrategy(true)}>
              {t('adminGoals.editStrategy')}
            </button>
          )}
        </div>
        {strategy.isPending ? (
          <Loading />
        ) : strategy.isError ? (
          <ErrorView error={strategy.error} onRetry={() => void strategy.refetch()} />
        ) : (
          <dl className="facts">
            <dt>{t('admin.title_')}</dt>
            <dd>{strategy.data.title}</dd>
            <dt>{t('admin.resolution')}</dt>
            <dd>
              {t('adminGoals.resolutionText', {
                number: strategy.data.resolution_number || '–',
                body: strategy.data.resolution_body || '–',
                date: date(strategy.data.resolution_date),
              })}
            </dd>
            <dt>{t('adminGoals.inForce')}</dt>
            <dd>
              {strategy.data.in_force_to
                ? t('adminGoals.inForceRange', {
                    from: date(strategy.data.in_force_from),
                    to: date(strategy.data.in_force_to),
                  })
                : t('adminGoals.inForceOpen', { from: date(strategy.data.in_force_from) })}
            </dd>
            {strategy.data.description && (
              <>
                <dt>{t('admin.description')}</dt>
                <dd className="pre-line">{strategy.data.description}</dd>
              </>
            )}
          </dl>
        )}
      </section>

      <section aria-labelledby="goals-heading">
        <div className="section-heading">
          <h2 id="goals-heading">{t('adminGoals.tree')}</h2>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setEditing({ parent: null })}
          >
            {t('adminGoals.new')}
          </button>
        </div>
        <p className="prose">{t('adminGoals.intro')}</p>
        {goals.isPending ? (
          <Loading />
        ) : goals.isError ? (
          <ErrorView error={goals.error} onRetry={() => void goals.refetch()} />
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('adminGoals.tree')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.code')}</th>
                  <th scope="col">{t('admin.title_')}</th>
                  <th scope="col">{t('admin.depth')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((g) => (
                  <tr key={g.id}>
                    <td>{g.code}</td>
                    <td style={{ paddingLeft: `${0.6 + g.depth * 1.5}rem` }}>
                      {g.depth === 0 ? <strong>{g.title}</strong> : g.title}
                    </td>
                    <td>{g.depth === 0 ? t('adminGoals.fieldOfAction') : t('adminGoals.goal')}</td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button"
                          aria-label={t('adminGoals.editLabel', { code: g.code })}
                          onClick={() => setEditing({ goal: g })}
                        >
                          {t('admin.edit')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          aria-label={t('adminGoals.addChildLabel', { code: g.code })}
                          onClick={() => setEditing({ parent: g.id })}
                        >
                          {t('adminGoals.addChild')}
                        </button>
                        <button
                          type="button"
                          className="button button-danger"
                          disabled={action.busy}
                          aria-label={t('adminGoals.deleteLabel', { code: g.code })}
                          onClick={() => void remove(g)}
                        >
                          {t('adminGoals.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {editingStrategy && strategy.data && (
        <StrategyDialog
          strategy={strategy.data}
          onClose={() => setEditingStrategy(false)}
          onSaved={(saved) => {
            setEditingStrategy(false);
            queryClient.setQueryData(['strategy'], saved);
            void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
            action.succeed(t('adminGoals.strategySaved'));
          }}
        />
      )}
      {editing && (
        <GoalDialog
          goal={'goal' in editing ? editing.goal : null}
          parent={'parent' in editing ? editing.parent : null}
          all={list}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            void refreshGoals();
            void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
            action.succeed(
              t(created ? 'adminGoals.created' : 'adminGoals.saved', { code: saved.code }),
            );
          }}
        />
      )}
    </>
  );
}

function StrategyDialog({
  strategy,
  onClose,
  onSaved,
}: {
  strategy: StrategyView;
  onClose: () => void;
  onSaved: (saved: StrategyView) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const toValues = (s: StrategyView) => ({
    title: s.title,
    description: s.description,
    resolution_number: s.resolution_number,
    resolution_body: s.resolution_body,
    resolution_date: s.resolution_date ?? '',
    in_force_from: s.in_force_from ?? '',
    in_force_to: s.in_force_to ?? '',
  });
  const labels = {
    title: t('admin.title_'),
    description: t('admin.description'),
    resolution_number: t('adminGoals.resolutionNumber'),
    resolution_body: t('adminGoals.resolutionBody'),
    resolution_date: t('adminGoals.resolutionDate'),
    in_force_from: t('adminGoals.inForceFrom'),
    in_force_to: t('adminGoals.inForceTo'),
  };
  const form = useEntityForm({
    initial: toValues(strategy),
    etag: etagOf(strategy.version),
    validate: (v) => {
      const found: Record<string, string> = {};
      if (!v.title.trim()) found.title = t('form.required');
      if (v.in_force_from && v.in_force_to && v.in_force_to < v.in_force_from)
        found.in_force_to = t('form.dateOrder', { other: labels.in_force_from });
      return found;
    },
    submit: (v, base, etag) =>
      api.PATCH('/api/v1/strategy', {
        params: { header: { 'If-Match': etag ?? '' } },
        body: patchBody(v, base, {
          description: (d) => d,
          resolution_date: dateOrNull,
          in_force_from: dateOrNull,
          in_force_to: dateOrNull,
        }),
      }),
    reload: async () => {
      const fresh = unwrapWithEtag(await api.GET('/api/v1/strategy'));
      return { values: toValues(fresh.data), etag: fresh.etag ?? etagOf(fresh.data.version) };
    },
    onSaved,
  });
  return (
    <FormDialog title={t('adminGoals.editStrategy')} form={form} labels={labels} onClose={onClose}>
      <TextField form={form} name="title" label={labels.title} required maxLength={300} />
      <TextAreaField
        form={form}
        name="description"
        label={labels.description}
        rows={4}
        maxLength={20000}
      />
      <div className="form-row">
        <TextField
          form={form}
          name="resolution_number"
          label={labels.resolution_number}
          hint={t('adminGoals.resolutionNumberHint')}
          maxLength={100}
        />
        <TextField
          form={form}
          name="resolution_body"
          label={labels.resolution_body}
          hint={t('adminGoals.resolutionBodyHint')}
          maxLength={200}
        />
        <TextField form={form} name="resolution_date" type="date" label={labels.resolution_date} />
      </div>
      <div className="form-row">
        <TextField form={form} name="in_force_from" type="date" label={labels.in_force_from} />
        <TextField
          form={form}
          name="in_force_to"
          type="date"
          label={labels.in_force_to}
          hint={t('adminGoals.inForceToHint')}
        />
      </div>
    </FormDialog>
  );
}

function GoalDialog({
  goal,
  parent,
  all,
  onClose,
  onSaved,
}: {
  goal: GoalView | null;
  parent: number | null;
  all: GoalView[];
  onClose: () => void;
  onSaved: (saved: GoalView, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const toValues = (g: GoalView | null) => ({
    parent_id: g ? (g.parent_id ? String(g.parent_id) : '') : parent ? String(parent) : '',
    code: g?.code ?? '',
    title: g?.title ?? '',
    description: g?.description ?? '',
    position: g ? String(g.position) : '',
  });
  const labels = {
    parent_id: t('adminGoals.parent'),
    code: t('admin.code'),
    title: t('admin.title_'),
    description: t('admin.description'),
    position: t('adminDepartments.position'),
  };
  const form = useEntityForm({
    initial: toValues(goal),
    etag: goal ? etagOf(goal.version) : null,
    validate: (v) => {
      const found: Record<string, string> = {};
      if (!v.code.trim()) found.code = t('form.required');
      if (!v.title.trim()) found.title = t('form.required');
      if (!isIntIn(v.position, -POSITION_MAX, POSITION_MAX))
        found.position = t('form.intRange', { min: -POSITION_MAX, max: POSITION_MAX });
      return found;
    },
    submit: (v, base, etag) => {
      if (!goal) {
        const position = intOrNull(v.position);
        return api.POST('/api/v1/goals', {
          body: {
            parent_id: v.parent_id ? Number(v.parent_id) : null,
            code: v.code.trim(),
            title: v.title.trim(),
            description: v.description.trim(),
            ...(position !== null ? { position } : {}),
          },
        });
      }
      return api.PATCH('/api/v1/goals/{id}', {
        params: { path: { id: goal.id }, header: { 'If-Match': etag ?? '' } },
        body: patchBody(v, base, {
          parent_id: (p) => (p ? Number(p) : null),
          position: (p) => intOrNull(p) ?? 0,
        }),
      });
    },
    reload: goal
      ? async () => {
          const fresh = unwrapWithEtag(
            await api.GET('/api/v1/goals/{id}', { params: { path: { id: goal.id } } }),
          );
          return { values: toValues(fresh.data), etag: fresh.etag };
        }
      : undefined,
    onSaved: (saved) => onSaved(saved, goal === null),
  });
  const excluded = goal ? withDescendants(all, goal.id) : new Set<number>();
  return (
    <FormDialog
      title={goal ? t('adminGoals.editTitle', { code: goal.code }) : t('adminGoals.newTitle')}
      form={form}
      labels={labels}
      onClose={onClose}
    >
      <SelectField
        form={form}
        name="parent_id"
        label={labels.parent_id}
        hint={t('adminGoals.parentHint')}
        options={[
          { value: '', label: t('adminGoals.noParent') },
          ...all
            .filter((g) => !excluded.has(g.id))
            .map((g) => ({
              value: String(g.id),
              label: `${'\u2003'.repeat(g.depth)}${g.code} ${g.title}`,
            })),
        ]}
      />
      <div className="form-row">
        <TextField
          form={form}
          name="code"
          label={labels.code}
          hint={t('adminGoals.codeHint')}
          required
          maxLength={20}
        />
        <TextField
          form={form}
          name="position"
          type="number"
          label={labels.position}
          hint={t('adminDepartments.positionHint')}
        />
      </div>
      <TextField form={form} name="title" label={labels.title} required maxLength={300} />
      <TextAreaField
        form={form}
        name="description"
        label={labels.description}
        rows={3}
        maxLength={20000}
      />
    </FormDialog>
  );
}
