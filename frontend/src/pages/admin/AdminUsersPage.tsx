import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionNotice } from '../../components/ActionNotice';
import { ErrorView } from '../../components/ErrorView';
import {
  CheckboxField,
  CheckboxGroupField,
  FormDialog,
  SelectField,
  TextField,
} from '../../components/FormFields';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { useAction } from '../../lib/actions';
import { etagOf } from '../../lib/api/etag';
import { unwrap, unwrapWithEtag } from '../../lib/api/errors';
import type { Role, UserView } from '../../lib/api/types';
import { useApi, useUser } from '../../lib/auth/context';
import { can } from '../../lib/auth/permissions';
import { depths, patchBody, textOrNull, useEntityForm } from '../../lib/entityForm';
import { useDepartments, useLookups } from '../../lib/queries';

const ROLES: Role[] = ['editor', 'council', 'officer', 'admin'];
const MIN_PASSWORD = 12;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Benutzer und Rollen: accounts with role, departments and state. Officers manage every
 * account except administrators; only administrators see and assign the admin role.
 */
export default function AdminUsersPage() {
  const { t } = useTranslation();
  const api = useApi();
  const me = useUser();
  const queryClient = useQueryClient();
  const lookups = useLookups();
  const users = useQuery({
    queryKey: ['users'],
    queryFn: async () => unwrap(await api.GET('/api/v1/users')),
  });
  const action = useAction();
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });

  return (
    <>
      <PageHeading title={t('admin.users')}>
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          {t('adminUsers.new')}
        </button>
      </PageHeading>
      <p className="prose">{t('adminUsers.intro')}</p>
      <ActionNotice
        notice={action.notice}
        noticeRef={action.noticeRef}
        onReload={refresh}
        onDismiss={action.clear}
      />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorView error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.username')}</th>
                <th scope="col">{t('admin.displayName')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.departments')}</th>
                <th scope="col">{t('adminUsers.state')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                  <td>{u.username}</td>
                  <td>
                    {u.display_name}
                    {u.email && <div className="muted small">{u.email}</div>}
                  </td>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>
                    {u.department_ids
                      .map((d) => lookups.departments.get(d)?.code ?? `#${d}`)
                      .join(', ') || '–'}
                  </td>
                  <td>{u.active ? t('admin.active') : t('admin.inactive')}</td>
                  <td>
                    {can.assignRole(me, u.role) ? (
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button"
                          aria-label={t('adminUsers.editLabel', { name: u.username })}
                          onClick={() => setEditing(u)}
                        >
                          {t('admin.edit')}
                        </button>
                      </div>
                    ) : (
                      <span className="muted small">{t('adminUsers.adminOnly')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <UserDialog
          account={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            void refresh();
            action.succeed(
              t(created ? 'adminUsers.created' : 'adminUsers.saved', { name: saved.username }),
            );
          }}
        />
      )}
    </>
  );
}

function UserDialog({
  account,
  onClose,
  onSaved,
}: {
  account: UserView | null;
  onClose: () => void;
  onSaved: (saved: UserView, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const me = useUser();
  const departments = useDepartments();
  const own = account?.id === me.id;
  const toValues = (u: UserView | null) => ({
    username: u?.username ?? '',
    display_name: u?.display_name ?? '',
    email: u?.email ?? '',
    password: '',
    role: u?.role ?? '',
    department_ids: u?.department_ids ?? [],
    active: u?.active ?? true,
  });
  const labels = {
    username: t('admin.username'),
    display_name: t('admin.displayName'),
    email: t('admin.email'),
    password: account ? t('adminUsers.newPassword') : t('adminUsers.password'),
    role: t('admin.role'),
    department_ids: t('admin.departments'),
    active: t('adminUsers.activeLabel'),
  };
  const form = useEntityForm({
    initial: toValues(account),
    etag: account ? etagOf(account.version) : null,
    validate: (v) => {
      const found: Record<string, string> = {};
      if (!account) {
        if (!v.username.trim()) found.username = t('form.required');
        else if (/\s/.test(v.username.trim())) found.username = t('form.server.noSpaces');
      }
      if (!v.display_name.trim()) found.display_name = t('form.required');
      if (v.email.trim() && !EMAIL.test(v.email.trim())) found.email = t('form.server.email');
      if (!account && !v.password) found.password = t('form.required');
      else if (v.password && v.password.length < MIN_PASSWORD)
        found.password = t('form.minLength', { min: MIN_PASSWORD });
      if (!v.role) found.role = t('form.required');
      return found;
    },
    submit: (v, base, etag) => {
      const departmentIds = v.role === 'editor' ? v.department_ids : [];
      if (!account) {
        return api.POST('/api/v1/users', {
          body: {
            username: v.username.trim(),
            display_name: v.display_name.trim(),
            email: textOrNull(v.email),
            password: v.password,
            role: v.role as Role,
            department_ids: departmentIds,
          },
        });
      }
      const editable = (x: typeof v) => ({
        display_name: x.display_name,
        email: x.email,
        role: x.role,
        active: x.active,
      });
      const body = patchBody(editable(v), editable(base), { email: textOrNull });
      if (JSON.stringify(departmentIds) !== JSON.stringify(base.department_ids))
        body.department_ids = departmentIds;
      if (v.password) body.password = v.password;
      return api.PATCH('/api/v1/users/{id}', {
        params: { path: { id: account.id }, header: { 'If-Match': etag ?? '' } },
        body,
      });
    },
    reload: account
      ? async () => {
          const fresh = unwrapWithEtag(
            await api.GET('/api/v1/users/{id}', { params: { path: { id: account.id } } }),
          );
          return { values: toValues(fresh.data), etag: fresh.etag };
        }
      : undefined,
    onSaved: (saved) => onSaved(saved, account === null),
  });
  const list = departments.data ?? [];
  const depth = depths(list);
  const roles = ROLES.filter((r) => can.assignRole(me, r));
  return (
    <FormDialog
      title={
        account ? t('adminUsers.editTitle', { name: account.username }) : t('adminUsers.newTitle')
      }
      form={form}
      labels={labels}
      onClose={onClose}
    >
      <div className="form-row">
        {account ? (
          <div className="field">
            <span className="label">{labels.username}</span>
            <span>{account.username}</span>
          </div>
        ) : (
          <TextField
            form={form}
            name="username"
            label={labels.username}
            hint={t('adminUsers.usernameHint')}
            required
            autoComplete="off"
            maxLength={100}
          />
        )}
        <TextField
          form={form}
          name="display_name"
          label={labels.display_name}
          hint={t('adminUsers.displayNameHint')}
          required
          autoComplete="off"
          maxLength={200}
        />
      </div>
      <div className="form-row">
        <TextField form={form} name="email" type="email" label={labels.email} autoComplete="off" />
        <TextField
          form={form}
          name="password"
          type="password"
          label={labels.password}
          hint={
            account
              ? t('adminUsers.newPasswordHint', { min: MIN_PASSWORD })
              : t('adminUsers.passwordHint', { min: MIN_PASSWORD })
          }
          required={!account}
          autoComplete="new-password"
        />
      </div>
      <SelectField
        form={form}
        name="role"
        label={labels.role}
        hint={t('adminUsers.roleHint')}
        required
        options={[
          { value: '', label: t('form.choose') },
          ...roles.map((r) => ({ value: r, label: t(`roles.${r}`) })),
        ]}
      />
      {form.values.role === 'editor' && (
        <CheckboxGroupField
          form={form}
          name="department_ids"
          label={labels.department_ids}
          hint={t('adminUsers.departmentsHint')}
          columns
          options={list
            .filter((d) => d.active || form.values.department_ids.includes(d.id))
            .map((d) => ({
              id: d.id,
              label: `${d.code} ${d.name}`,
              depth: depth.get(d.id) ?? 0,
            }))}
        />
      )}
      {account && (
        <CheckboxField
          form={form}
          name="active"
          label={labels.active}
          disabled={own}
          hint={own ? t('form.server.ownAccount') : t('adminUsers.activeHint')}
        />
      )}
    </FormDialog>
  );
}
