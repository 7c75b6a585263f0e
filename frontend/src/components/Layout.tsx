import { NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession, useUser } from '../lib/auth/context';
import { can } from '../lib/auth/permissions';
import { LanguageSwitch } from './LanguageSwitch';
import { Suspense } from 'react';
import { Loading } from './Loading';
import { ErrorBoundary } from './ErrorBoundary';
import { NotificationBell } from './reporting/NotificationBell';

/** The frame of every signed-in page: skip link, header, navigation per role, footer. */
export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const session = useSession();
  const location = useLocation();
  const items: { to: string; label: string; show: boolean }[] = [
    { to: '/', label: t('nav.dashboard'), show: true },
    { to: '/measures', label: t('nav.measures'), show: true },
    { to: '/my-updates', label: t('nav.myUpdates'), show: can.haveUpdateList(user) },
    { to: '/roadmap', label: t('nav.roadmap'), show: true },
    { to: '/maturity', label: t('nav.maturity'), show: true },
    { to: '/berichtsrunden', label: t('reporting.nav'), show: can.manageStructure(user) },
    { to: '/berichte', label: t('reports.nav'), show: true },
    { to: '/admin', label: t('nav.admin'), show: can.manageStructure(user) },
  ];
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-tools">
          <span className="signed-in">
            {t('app.signedInAs', { name: user.display_name, role: t(`roles.${user.role}`) })}
          </span>
          <NotificationBell />
          <LanguageSwitch />
          <button
            type="button"
            className="button button-quiet"
            onClick={() => void session.logout()}
          >
            {t('app.logout')}
          </button>
        </div>
      </header>
      <nav className="app-nav" aria-label={t('app.mainNavigation')}>
        <ul>
          {items
            .filter((item) => item.show)
            .map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <Footer />
    </div>
  );
}

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="app-footer">
      <span>{t('app.footer')}</span>
      <NavLink to="/accessibility">{t('nav.accessibility')}</NavLink>
    </footer>
  );
}
