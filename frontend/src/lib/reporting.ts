/**
 * Council reporting (Berichtswesen): reporting rounds and their items, frozen reports, the
 * public reports and in-app notifications. Types and query hooks over the API.
 */
import { useQuery } from '@tanstack/react-query';
import type { Api } from './api/client';
import type { components, paths } from './api/schema';
import { ApiError, unwrap, unwrapWithEtag } from './api/errors';
import { useApi } from './auth/context';
import { apiBaseUrl } from './config';

// ---------------------------------------------------------------------------------------
// Types: the generated schema's (openapi/openapi.json → api/schema.d.ts)
// ---------------------------------------------------------------------------------------

type S = components['schemas'];

export type Meeting = S['ReportMeeting'];
export type RoundState = S['ReportingRoundState'];
export type ItemState = S['ReportingItemState'];
export type RoundCounts = S['ReportingRoundCounts'];
export type ReportingRound = S['ReportingRound'];
export type ReportingItem = S['ReportingItem'];
export type ReminderRun = S['ReminderRun'];
export type Notification = S['Notification'];
export type MeasureRef = S['ReportMeasureRef'];
export type ReportSummary = S['ReportSummary'];
export type ReportDetail = S['ReportDetail'];
export type ReportContent = S['ReportContent'];
export type ReportRollup = S['ReportRollup'];
export type ReportChanges = S['ReportChanges'];
export type MeasureChanges = S['MeasureChanges'];
export type PublicReportSummary = S['PublicReportSummary'];
export type PublicReport = S['PublicReport'];
export type CreateRoundBody = S['CreateReportingRoundRequest'];
export type DraftBody = S['SaveReportingDraftRequest'];
export type ItemQuery = NonNullable<paths['/api/v1/reporting-items']['get']['parameters']['query']>;
export type ExportFormat =
  paths['/api/v1/reports/{id}/export/{format}']['get']['parameters']['path']['format'];

// ---------------------------------------------------------------------------------------
// Requests (typed through the generated client, same session as everything else)
// ---------------------------------------------------------------------------------------

/** `If-Match` of a change: the ETag the user saw. */
const ifMatch = (etag: string) => ({ 'If-Match': etag });
const path = (id: number) => ({ path: { id } });

export const reportingApi = {
  rounds: (api: Api) => api.GET('/api/v1/reporting-rounds'),
  round: (api: Api, id: number) => api.GET('/api/v1/reporting-rounds/{id}', { params: path(id) }),
  createRound: (api: Api, body: CreateRoundBody) => api.POST('/api/v1/reporting-rounds', { body }),
  reminders: (api: Api, id: number) =>
    api.POST('/api/v1/reporting-rounds/{id}/reminders', { params: path(id) }),
  freeze: (api: Api, id: number, etag: string, title?: string) =>
    api.POST('/api/v1/reporting-rounds/{id}/freeze', {
      params: { ...path(id), header: ifMatch(etag) },
      body: title ? { title } : {},
    }),
  items: (api: Api, query: ItemQuery) => api.GET('/api/v1/reporting-items', { params: { query } }),
  item: (api: Api, id: number) => api.GET('/api/v1/reporting-items/{id}', { params: path(id) }),
  saveDraft: (api: Api, id: number, etag: string, body: DraftBody) =>
    api.PUT('/api/v1/reporting-items/{id}/draft', {
      params: { ...path(id), header: ifMatch(etag) },
      body,
    }),
  submit: (api: Api, id: number, etag: string) =>
    api.POST('/api/v1/reporting-items/{id}/submit', {
      params: { ...path(id), header: ifMatch(etag) },
    }),
  returnItem: (api: Api, id: number, etag: string, comment: string) =>
    api.POST('/api/v1/reporting-items/{id}/return', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { comment },
    }),
  /** The body is required even without a comment (`{}`). */
  approve: (api: Api, id: number, etag: string, comment?: string) =>
    api.POST('/api/v1/reporting-items/{id}/approve', {
      params: { ...path(id), header: ifMatch(etag) },
      body: comment ? { comment } : {},
    }),
  notifications: (api: Api, unread?: boolean) =>
    api.GET('/api/v1/notifications', { params: { query: unread ? { unread: true } : {} } }),
  readNotification: (api: Api, id: number) =>
    api.POST('/api/v1/notifications/{id}/read', { params: path(id) }),
  readAll: (api: Api) => api.POST('/api/v1/notifications/read-all'),
  reports: (api: Api) => api.GET('/api/v1/reports'),
  report: (api: Api, id: number) => api.GET('/api/v1/reports/{id}', { params: path(id) }),
  changes: (api: Api, id: number) => api.GET('/api/v1/reports/{id}/changes', { params: path(id) }),
  withdraw: (api: Api, id: number, etag: string, reason: string) =>
    api.POST('/api/v1/reports/{id}/withdraw', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { reason },
    }),
  exportFile: (api: Api, id: number, format: ExportFormat) =>
    api.GET('/api/v1/reports/{id}/export/{format}', {
      params: { path: { id, format } },
      parseAs: 'blob',
    }),
  publicReports: (api: Api) => api.GET('/api/v1/public/reports'),
  publicReport: (api: Api, id: number) =>
    api.GET('/api/v1/public/reports/{id}', { params: path(id) }),
};

/** The public PDF of a report: a plain link (no sign-in needed). */
export function publicPdfUrl(id: number): string {
  return `${apiBaseUrl()}/api/v1/public/reports/${id}/export/pdf`;
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

export function useRounds() {
  const api = useApi();
  return useQuery({
    queryKey: ['reporting', 'rounds'],
    queryFn: async () => unwrap(await reportingApi.rounds(api)),
  });
}

export function useRound(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['reporting', 'round', id],
    queryFn: async () => {
      return unwrapWithEtag(await reportingApi.round(api, id));
    },
  });
}

export function useRoundItems(roundId: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['reporting', 'items', 'round', roundId],
    queryFn: async () => unwrap(await reportingApi.items(api, { round_id: roundId })),
  });
}

export function useMyItems(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['reporting', 'items', 'mine'],
    enabled,
    queryFn: async () => unwrap(await reportingApi.items(api, { mine: true })),
  });
}

export function useItem(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['reporting', 'item', id],
    queryFn: async () => {
      return unwrapWithEtag(await reportingApi.item(api, id));
    },
  });
}

export function useReports() {
  const api = useApi();
  return useQuery({
    queryKey: ['reports', 'list'],
    queryFn: async () => unwrap(await reportingApi.reports(api)),
  });
}

export function useReport(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['reports', 'detail', id],
    queryFn: async () => {
      return unwrapWithEtag(await reportingApi.report(api, id));
    },
  });
}

export function useReportChanges(id: number, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['reports', 'changes', id],
    enabled,
    queryFn: async () => unwrap(await reportingApi.changes(api, id)),
  });
}

export function usePublicReports() {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'reports'],
    queryFn: async () => unwrap(await reportingApi.publicReports(api)),
  });
}

export function usePublicReport(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'report', id],
    queryFn: async () => unwrap(await reportingApi.publicReport(api, id)),
  });
}

export const NOTIFICATION_POLL_MS = 60_000;

/** Unread notifications of the signed-in user, polled every minute. */
export function useUnreadNotifications() {
  const api = useApi();
  return useQuery({
    queryKey: ['notifications', 'unread'],
    refetchInterval: NOTIFICATION_POLL_MS,
    retry: false,
    queryFn: async () => unwrap(await reportingApi.notifications(api, true)),
  });
}

export function useAllNotifications(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['notifications', 'all'],
    enabled,
    retry: false,
    queryFn: async () => unwrap(await reportingApi.notifications(api)),
  });
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/** What makes a meeting one meeting: body, date and Vorlage (for grouping reports). */
export function meetingKey(m: Meeting): string {
  return `${m.body}|${m.date}|${m.vorlage_number ?? ''}`;
}

/** The file name a download answer names (Content-Disposition), or a fallback. */
export function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/** Saves a Blob as a download (a Blob URL: nothing leaves the browser). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The error of a failed call as an [`ApiError`] (status and problem document). */
export function apiErrorOf(result: { error?: unknown; response: Response }): ApiError {
  return new ApiError(result.response.status, result.error as ApiError['problem']);
}
