import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from '../components/Layout';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RequireAuth } from './RequireAuth';
// The landing page of every role is part of the first load (budget: interactive within 1 s).
import DashboardPage from '../pages/DashboardPage';

// Every other screen is its own chunk, loaded when first visited.
const AccessibilityPage = lazy(() => import('../pages/AccessibilityPage'));
const MeasuresPage = lazy(() => import('../pages/MeasuresPage'));
const MeasureDetailPage = lazy(() => import('../pages/MeasureDetailPage'));
const MeasureUpdatePage = lazy(() => import('../pages/MeasureUpdatePage'));
const MyUpdatesPage = lazy(() => import('../pages/MyUpdatesPage'));
const RoadmapPage = lazy(() => import('../pages/RoadmapPage'));
const MaturityPage = lazy(() => import('../pages/MaturityPage'));
const MaturityAssessPage = lazy(() => import('../pages/MaturityAssessPage'));
const RoundsPage = lazy(() => import('../pages/reporting/RoundsPage'));
const RoundDetailPage = lazy(() => import('../pages/reporting/RoundDetailPage'));
const AnswerPage = lazy(() => import('../pages/reporting/AnswerPage'));
const ReportsPage = lazy(() => import('../pages/reporting/ReportsPage'));
const ReportPage = lazy(() => import('../pages/reporting/ReportPage'));
const PublicPage = lazy(() => import('../pages/reporting/PublicPage'));
const PublicReportPage = lazy(() => import('../pages/reporting/PublicReportPage'));
const AdminLayout = lazy(() => import('../pages/admin/AdminLayout'));
const AdminMeasuresPage = lazy(() => import('../pages/admin/AdminMeasuresPage'));
const MeasureEditPage = lazy(() => import('../pages/admin/MeasureEditPage'));
const AdminGoalsPage = lazy(() => import('../pages/admin/AdminGoalsPage'));
const AdminDepartmentsPage = lazy(() => import('../pages/admin/AdminDepartmentsPage'));
const AdminStatusesPage = lazy(() => import('../pages/admin/AdminStatusesPage'));
const AdminUsersPage = lazy(() => import('../pages/admin/AdminUsersPage'));
const AdminMaturityPage = lazy(() => import('../pages/admin/AdminMaturityPage'));
const ImportExportPage = lazy(() => import('../pages/admin/ImportExportPage'));

/** The URL table of the app. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/accessibility" element={<AccessibilityPage />} />
      <Route path="/oeffentlich" element={<PublicPage />} />
      <Route path="/oeffentlich/berichte/:id" element={<PublicReportPage />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="measures" element={<MeasuresPage />} />
        <Route path="measures/:id" element={<MeasureDetailPage />} />
        <Route path="measures/:id/update" element={<MeasureUpdatePage />} />
        <Route path="my-updates" element={<MyUpdatesPage />} />
        <Route path="roadmap" element={<RoadmapPage />} />
        <Route path="maturity" element={<MaturityPage />} />
        <Route path="maturity/assess" element={<MaturityAssessPage />} />
        <Route path="berichtsrunden" element={<RoundsPage />} />
        <Route path="berichtsrunden/:id" element={<RoundDetailPage />} />
        <Route path="berichtsrunden/antwort/:itemId" element={<AnswerPage />} />
        <Route path="berichte" element={<ReportsPage />} />
        <Route path="berichte/:id" element={<ReportPage />} />
        <Route path="meine-aktualisierungen" element={<Navigate to="/my-updates" replace />} />
        <Route path="admin" element={<AdminLayout />}>
          <Route index element={<Navigate to="measures" replace />} />
          <Route path="measures" element={<AdminMeasuresPage />} />
          <Route path="measures/new" element={<MeasureEditPage />} />
          <Route path="measures/:id/edit" element={<MeasureEditPage />} />
          <Route path="goals" element={<AdminGoalsPage />} />
          <Route path="departments" element={<AdminDepartmentsPage />} />
          <Route path="statuses" element={<AdminStatusesPage />} />
          <Route path="users" element={<AdminUsersPage />} />
          <Route path="maturity" element={<AdminMaturityPage />} />
          <Route path="import-export" element={<ImportExportPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
