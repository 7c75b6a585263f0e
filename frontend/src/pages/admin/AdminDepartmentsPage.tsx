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
import type { DepartmentView } from '../../lib/api/types';
import { useApi } from '../../lib/auth/context';
import {
  depths,
  intOrNull,
  isIntIn,
  patchBody,
  useEntityForm,
  withDescendants,
} from '../../lib/entityForm';
import { useDepartments } from '../../lib/queries';

const POSITION_MAX = 1_000_000;

/** Fachbereiche: the department tree, create, edit, deactivate and delete. */
export default function AdminDepartmentsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const action = useAction();
  const [editing, setEditing] = useState<DepartmentView | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['departments'] });

  const list = departments.data ?? [];
  const depth = depths(list);
  const byId = new Map(list.map((d) => [d.id, d]));

  async function toggleActive(d: DepartmentView) {
    await action.run(
      () =>
        api.PATCH('/api/v1/departments/{id}', {
          params: { path: { id: d.id }, header: { 'If-Match': etagOf(d.version) } },
          body: { active: !d.active },
        }),
      t(d.active ? 'adminDepartments.deactivated' : 'adminDepartments.activated', {
        code: d.code,
      }),
      refresh,
    );
  }

  async function remove(d: DepartmentView) {
    if (!window.confirm(t('adminDepartments.deleteConfirm', { code: d.code }))) return;
    await action.run(
      () =>
        api.DELETE('/api/v1/departments/{id}', {
          params: { path: { id: d.id }, header: { 'If-Match': etagOf(d.version) } },
        }),
      t('adminDepartments.deleted', { code: d.code }),
      refresh,
    );
  }

  return (
    <>
      <PageHeading title={t('admin.departments')}>
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          {t('adminDepartments.new')}
        </button>
      </PageHeading>
      <p className="prose">{t('adminDepartments.intro')}</p>
      <ActionNotice
        notice={action.notice}
        noticeRef={action.noticeRef}
        onReload={refresh}
        onDismiss={action.clear}
      />
      {departments.isPending ? (
        <Loading />
      ) : departments.isError ? (
        <ErrorView error={departments.error} onRetry={() => void departments.refetch()} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.departments')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('adminDepartments.code')}</th>
                <th scope="col">{t('adminDepartments.name')}</th>
                <th scope="col">{t('adminDepartments.parent')}</th>
                <th scope="col">{t('adminDepartments.status')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id} className={d.active ? undefined : 'inactive'}>
                  <td>{d.code}</td>
                  <td style={{ paddingLeft: `${0.6 + (depth.get(d.id) ?? 0) * 1.5}rem` }}>
                    {d.name}
                  </td>
                  <td>{d.parent_id ? (byId.get(d.parent_id)?.code ?? '–') : '–'}</td>
                  <td>{d.active ? t('admin.active') : t('admin.inactive')}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button"
                        aria-label={t('adminDepartments.editLabel', { code: d.code })}
                        onClick={() => setEditing(d)}
                      >
                        {t('admin.edit')}
                      </button>
                      <button
                        type="button"
                        className="button"
                        disabled={action.busy}
                        aria-label={t(
                          d.active
                            ? 'adminDepartments.deactivateLabel'
                            : 'adminDepartments.activateLabel',
                          { code: d.code },
                        )}
                        onClick={() => void toggleActive(d)}
                      >
                        {d.active
                          ? t('adminDepartments.deactivate')
                          : t('adminDepartments.activate')}
                      </button>
                      <button
                        type="button"
                        className="button button-danger"
                        disabled={action.busy}
                        aria-label={t('adminDepartments.deleteLabel', { code: d.code })}
                        onClick={() => void remove(d)}
                      >
                        {t('adminDepartments.delete')}
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
        <DepartmentDialog
          department={editing === 'new' ? null : editing}
          all={list}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            void refresh();
            action.succeed(
              t(created ? 'adminDepartments.created' : 'adminDepartments.saved', {
                code: saved.code,
              }),
            );
          }}
        />
      )}
    </>
  );
}

function DepartmentDialog({
  department,
  all,
  onClose,
  onSaved,
}: {
  department: DepartmentView | null;
  all: DepartmentView[];
  onClose: () => void;
  onSaved: (saved: DepartmentView, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const toValues = (d: DepartmentView | null) => ({
    code: d?.code ?? '',
    name: d?.name ?? '',
    parent_id: d?.parent_id ? String(d.parent_id) : '',
    position: d ? String(d.position) : '',
    active: d?.active ?? true,
  });
  const form = useEntityForm({
    initial: toValues(department),
    etag: department ? etagOf(department.version) : null,
    validate: (v) => {
      const found: Record<string, string> = {};
      if (!v.code.trim()) found.code = t('form.required');
      if (!v.name.trim()) found.name = t('form.required');
      if (!isIntIn(v.position, -POSITION_MAX, POSITION_MAX))
        found.position = t('form.intRange', { min: -POSITION_MAX, max: POSITION_MAX });
      return found;
    },
    submit: (v, base, etag) => {
      const parent = v.parent_id ? Number(v.parent_id) : null;
      if (!department) {
        const position = intOrNull(v.position);
        return api.POST('/api/v1/departments', {
          body: {
            code: v.code.trim(),
            name: v.name.trim(),
            parent_id: parent,
            active: v.active,
            ...(position !== null ? { position } : {}),
          },
        });
      }
      return api.PATCH('/api/v1/departments/{id}', {
        params: { path: { id: department.id }, header: { 'If-Match': etag ?? '' } },
        body: patchBody(v, base, {
          parent_id: (p) => (p ? Number(p) : null),
          position: (p) => intOrNull(p) ?? 0,
        }),
      });
    },
    reload: department
      ? async () => {
          const fresh = unwrapWithEtag(
            await api.GET('/api/v1/departments/{id}', {
              params: { path: { id: department.id } },
            }),
          );
          return { values: toValues(fresh.data), etag: fresh.etag };
        }
      : undefined,
    onSaved: (saved) => onSaved(saved, department === null),
  });
  const excluded = department ? withDescendants(all, department.id) : new Set<number>();
  const depth = depths(all);
  const labels = {
    code: t('adminDepartments.code'),
    name: t('adminDepartments.name'),
    parent_id: t('adminDepartments.parent'),
    position: t('adminDepartments.position'),
    active: t('admin.active'),
  };
  return (
    <FormDialog
      title={
        department
          ? t('adminDepartments.editTitle', { code: department.code })
          : t('adminDepartments.newTitle')
      }
      form={form}
      labels={labels}
      onClose={onClose}
    >
      <div className="form-row">
        <TextField
          form={form}
          name="code"
          label={labels.code}
          hint={t('adminDepartments.codeHint')}
          required
          maxLength={20}
        />
        <TextField form={form} name="name" label={labels.name} required maxLength={200} />
      </div>
      <div className="form-row">
        <SelectField
          form={form}
          name="parent_id"
          label={labels.parent_id}
          options={[
            { value: '', label: t('adminDepartments.noParent') },
            ...all
              .filter((d) => !excluded.has(d.id))
              .map((d) => ({
                value: String(d.id),
                label: `${'\u2003'.repeat(depth.get(d.id) ?? 0)}${d.code} ${d.name}`,
              })),
          ]}
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
        hint={t('adminDepartments.activeHint')}
      />
    </FormDialog>
  );
}
