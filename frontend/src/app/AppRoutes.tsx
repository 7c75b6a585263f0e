import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Layout } from '../components/Layout';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { PlaceholderPage } from '../pages/PlaceholderPage';
import { RequireAuth } from './RequireAuth';

const AccessibilityPage = lazy(() => import('../pages/AccessibilityPage'));

/** The URL table of the app. Heavy screens (charts, administration) load lazily. */
export function AppRoutes() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/accessibility" element={<AccessibilityPage />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<PlaceholderPage title={t('nav.dashboard')} />} />
        <Route path="measures" element={<PlaceholderPage title={t('nav.measures')} />} />
        <Route path="my-updates" element={<PlaceholderPage title={t('nav.myUpdates')} />} />
        <Route path="roadmap" element={<PlaceholderPage title={t('nav.roadmap')} />} />
        <Route path="maturity" element={<PlaceholderPage title={t('nav.maturity')} />} />
        <Route path="admin/*" element={<PlaceholderPage title={t('nav.admin')} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
