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
const AdminLayout = lazy(() => import('../pages/admin/AdminLayout'));
const AdminMeasuresPage = lazy(() => import('../pages/admin/AdminMeasuresPage'));
const MeasureEditPage = lazy(() => import('../pages/admin/MeasureEditPage'));
const AdminGoalsPage = lazy(() => import('../pages/admin/AdminGoalsPage'));
const AdminDepartmentsPage = lazy(() => import('../pages/admin/AdminDepartmentsPage'));
const AdminStatusesPage = lazy(() => import('../pages/admin/AdminStatusesPage'));
const AdminUsersPage = lazy(() => import('../pages/admin/AdminUsersPage'));
const AdminMaturityPage = lazy(() => import('../pages/admin/AdminMaturityPage'));

/** The URL table of the app. */
export function AppRoutes() {
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
        <Route index element={<DashboardPage />} />
        <Route path="measures" element={<MeasuresPage />} />
        <Route path="measures/:id" element={<MeasureDetailPage />} />
        <Route path="measures/:id/update" element={<MeasureUpdatePage />} />
        <Route path="my-updates" element={<MyUpdatesPage />} />
        <Route path="roadmap" element={<RoadmapPage />} />
        <Route path="maturity" element={<MaturityPage />} />
        <Route path="maturity/assess" element={<MaturityAssessPage />} />
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
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
