import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/PageHeading';
import { useUser } from '../../lib/auth/context';
import { can } from '../../lib/auth/permissions';

/** Administration (officer, admin): a sub-navigation and the chosen area. */
export default function AdminLayout() {
  const { t } = useTranslation();
  const user = useUser();
  if (!can.manageStructure(user)) {
    return (
      <>
        <PageHeading title={t('admin.title')} />
        <p className="notice notice-error">{t('errors.forbidden')}</p>
      </>
    );
  }
  const sections = [
    { to: 'measures', label: t('admin.measures') },
    { to: 'goals', label: t('admin.goals') },
    { to: 'departments', label: t('admin.departments') },
    { to: 'statuses', label: t('admin.statuses') },
    { to: 'users', label: t('admin.users') },
    { to: 'maturity', label: t('adminMaturity.section') },
    { to: 'import-export', label: t('importExport.section') },
  ];
  return (
    <div className="admin">
      <nav className="sub-nav no-print" aria-label={t('admin.sections')}>
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={`/admin/${s.to}`}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
