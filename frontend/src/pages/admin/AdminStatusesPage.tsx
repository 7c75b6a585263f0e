import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionNotice } from '../../components/ActionNotice';
import { ErrorView } from '../../components/ErrorView';
import { CheckboxField, FormDialog, SelectField, TextField } from '../../components/FormFields';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { useAction } from '../../lib/actions';
import { etagOf } from '../../lib/api/etag';
import { unwrapWithEtag } from '../../lib/api/errors';
import type { StatusCategory, StatusView } from '../../lib/api/types';
import { useApi } from '../../lib/auth/context';
import { intOrNull, isIntIn, patchBody, useEntityForm } from '../../lib/entityForm';
import { useStatuses } from '../../lib/queries';

const CATEGORIES: StatusCategory[] = [
  'planned',
  'in_progress',
  'completed',
  'deferred',
  'cancelled',
];
const CODE_PATTERN = /^[a-z0-9_-]+$/;
const POSITION_MAX = 1_000_000;

/** Status: the configurable list with category (what the rules make of it) and default progress. */
export default function AdminStatusesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const statuses = useStatuses();
  const action = useAction();
  const [editing, setEditing] = useState<StatusView | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['statuses'] });

  async function remove(s: StatusView) {
    if (!window.confirm(t('adminStatuses.deleteConfirm', { label: s.label }))) return;
    await action.run(
      () =>
        api.DELETE('/api/v1/statuses/{id}', {
          params: { path: { id: s.id }, header: { 'If-Match': etagOf(s.version) } },
        }),
      t('adminStatuses.deleted', { label: s.label }),
      refresh,
    );
  }

  return (
    <>
      <PageHeading title={t('admin.statuses')}>
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          {t('adminStatuses.new')}
        </button>
      </PageHeading>
      <p className="prose">{t('adminStatuses.intro')}</p>
      <ActionNotice
        notice={action.notice}
        noticeRef={action.noticeRef}
        onReload={refresh}
        onDismiss={action.clear}
      />
      {statuses.isPending ? (
        <Loading />
      ) : statuses.isError ? (
        <ErrorView error={statuses.error} onRetry={() => void statuses.refetch()} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.statuses')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('adminStatuses.label')}</th>
                <th scope="col">{t('adminStatuses.code')}</th>
                <th scope="col">{t('adminStatuses.category')}</th>
                <th scope="col" className="num">
                  {t('adminStatuses.defaultProgress')}
                </th>
                <th scope="col" className="num">
                  {t('adminStatuses.position')}
                </th>
                <th scope="col">{t('adminStatuses.state')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {statuses.data.map((s) => (
                <tr key={s.id} className={s.active ? undefined : 'inactive'}>
                  <td>{s.label}</td>
                  <td>
                    <code>{s.code}</code>
                  </td>
                  <td>{t(`category.${s.category}`)}</td>
                  <td className="num">
                    {s.default_progress != null ? `${s.default_progress} %` : '–'}
                  </td>
                  <td className="num">{s.position}</td>
                  <td>{s.active ? t('admin.active') : t('admin.inactive')}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button"
                        aria-label={t('adminStatuses.editLabel', { label: s.label })}
                        onClick={() => setEditing(s)}
                      >
                        {t('admin.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button-danger"
                        disabled={action.busy}
                        aria-label={t('adminStatuses.deleteLabel', { label: s.label })}
                        onClick={() => void remove(s)}
                      >
                        {t('adminStatuses.delete')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <StatusDialog
          status={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            void refresh();
            void queryClient.invalidateQueries({ queryKey: ['measures'] });
            void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
            action.succeed(
              t(created ? 'adminStatuses.created' : 'adminStatuses.saved', { label: saved.label }),
            );
          }}
        />
      )}
    </>
  );
}

function StatusDialog({
  status,
  onClose,
  onSaved,
}: {
  status: StatusView | null;
  onClose: () => void;
  onSaved: (saved: StatusView, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const toValues = (s: StatusView | null) => ({
    label: s?.label ?? '',
    code: s?.code ?? '',
    category: s?.category ?? '',
    default_progress: s?.default_progress != null ? String(s.default_progress) : '',
    position: s ? String(s.position) : '',
    active: s?.active ?? true,
  });
  const form = useEntityForm({
    initial: toValues(status),
    etag: status ? etagOf(status.version) : null,
    validate: (v) => {
      const found: Record<string, string> = {};
      if (!v.label.trim()) found.label = t('form.required');
      if (!v.code.trim()) found.code = t('form.required');
      else if (!CODE_PATTERN.test(v.code.trim())) found.code = t('adminStatuses.codeHint');
      if (!v.category) found.category = t('form.required');
      if (!isIntIn(v.default_progress, 0, 100))
        found.default_progress = t('form.intRange', { min: 0, max: 100 });
      if (!isIntIn(v.position, -POSITION_MAX, POSITION_MAX))
        found.position = t('form.intRange', { min: -POSITION_MAX, max: POSITION_MAX });
      return found;
    },
    submit: (v, base, etag) => {
      if (!status) {
        const position = intOrNull(v.position);
        return api.POST('/api/v1/statuses', {
          body: {
            label: v.label.trim(),
            code: v.code.trim(),
            category: v.category as StatusCategory,
            default_progress: intOrNull(v.default_progress),
            active: v.active,
            ...(position !== null ? { position } : {}),
          },
        });
      }
      return api.PATCH('/api/v1/statuses/{id}', {
        params: { path: { id: status.id }, header: { 'If-Match': etag ?? '' } },
        body: patchBody(v, base, {
          default_progress: intOrNull,
          position: (p) => intOrNull(p) ?? 0,
        }),
      });
    },
    reload: status
      ? async () => {
          const fresh = unwrapWithEtag(
            await api.GET('/api/v1/statuses/{id}', { params: { path: { id: status.id } } }),
          );
          return { values: toValues(fresh.data), etag: fresh.etag };
        }
      : undefined,
    onSaved: (saved) => onSaved(saved, status === null),
  });
  const labels = {
    label: t('adminStatuses.label'),
    code: t('adminStatuses.code'),
    category: t('adminStatuses.category'),
    default_progress: t('adminStatuses.defaultProgress'),
    position: t('adminStatuses.position'),
    active: t('admin.active'),
  };
  const categoryLabel = (c: string) =>
    c ? t(`category.${c as StatusCategory}`) : t('form.choose');
  return (
    <FormDialog
      title={
        status ? t('adminStatuses.editTitle', { label: status.label }) : t('adminStatuses.newTitle')
      }
      form={form}
      labels={labels}
      onClose={onClose}
    >
      <div className="form-row">
        <TextField
          form={form}
          name="label"
          label={labels.label}
          hint={t('adminStatuses.labelHint')}
          required
          maxLength={100}
        />
        <TextField
          form={form}
          name="code"
          label={labels.code}
          hint={t('adminStatuses.codeHint')}
          required
          maxLength={50}
        />
      </div>
      <SelectField
        form={form}
        name="category"
        label={labels.category}
        hint={t('adminStatuses.categoryHint')}
        required
        options={[
          { value: '', label: t('form.choose') },
          ...CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })),
        ]}
      />
      <div className="form-row">
        <TextField
          form={form}
          name="default_progress"
          type="number"
          min={0}
          max={100}
          label={labels.default_progress}
          hint={t('adminStatuses.defaultProgressHint')}
        />
        <TextField
          form={form}
          name="position"
          type="number"
          label={labels.position}
          hint={t('adminDepartments.positionHint')}
        />
      </div>
      <CheckboxField
        form={form}
        name="active"
        label={labels.active}
        hint={t('adminStatuses.activeHint')}
      />
    </FormDialog>
  );
}
