/**
 * Data hooks over the generated client (TanStack Query). Query keys start with the
 * resource name so a mutation can invalidate everything about it.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { paths } from './api/schema';
import { unwrap, unwrapWithEtag } from './api/errors';
import { useApi } from './auth/context';
import type { DepartmentView, GoalView, StatusView } from './api/types';

export type MeasureQuery = NonNullable<paths['/api/v1/measures']['get']['parameters']['query']>;

export function useDashboard() {
  const api = useApi();
  return useQuery({
    queryKey: ['dashboard'],
    queryFn: async () => unwrap(await api.GET('/api/v1/dashboard')),
  });
}

export type RollupTarget =
  { kind: 'strategy' } | { kind: 'goal'; id: number } | { kind: 'department'; id: number };

export function useRollupExplanation(target: RollupTarget | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['dashboard', 'rollup', target],
    enabled: target !== null,
    queryFn: async () => {
      if (!target || target.kind === 'strategy') {
        return unwrap(await api.GET('/api/v1/rollups/strategy'));
      }
      if (target.kind === 'goal') {
        return unwrap(
          await api.GET('/api/v1/rollups/goals/{id}', { params: { path: { id: target.id } } }),
        );
      }
      return unwrap(
        await api.GET('/api/v1/rollups/departments/{id}', {
          params: { path: { id: target.id } },
        }),
      );
    },
  });
}

export function useMeasures(query: MeasureQuery, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['measures', 'list', query],
    enabled,
    placeholderData: (previous) => previous,
    queryFn: async () => unwrap(await api.GET('/api/v1/measures', { params: { query } })),
  });
}

export function useMeasure(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['measures', 'detail', id],
    queryFn: async () =>
      unwrapWithEtag(await api.GET('/api/v1/measures/{id}', { params: { path: { id } } })),
  });
}

export function useStatusUpdates(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['measures', 'updates', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/measures/{id}/updates', { params: { path: { id } } })),
  });
}

export function useAudit(entityType: string, entityId: number, perPage: number, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['audit', entityType, entityId, perPage],
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/audit', {
          params: { query: { entity_type: entityType, entity_id: entityId, per_page: perPage } },
        }),
      ),
  });
}

/** Reference data that changes rarely: cached for five minutes. */
const REFERENCE = { staleTime: 5 * 60_000 };

export function useDepartments() {
  const api = useApi();
  return useQuery({
    queryKey: ['departments'],
    ...REFERENCE,
    queryFn: async () => unwrap(await api.GET('/api/v1/departments')),
  });
}

export function useGoals() {
  const api = useApi();
  return useQuery({
    queryKey: ['goals'],
    ...REFERENCE,
    queryFn: async () => unwrap(await api.GET('/api/v1/goals')),
  });
}

export function useStatuses() {
  const api = useApi();
  return useQuery({
    queryKey: ['statuses'],
    ...REFERENCE,
    queryFn: async () => unwrap(await api.GET('/api/v1/statuses')),
  });
}

/** Id → item maps of the reference data, for labels in tables. */
export function useLookups() {
  const departments = useDepartments();
  const goals = useGoals();
  const statuses = useStatuses();
  return useMemo(
    () => ({
      ready: departments.isSuccess && goals.isSuccess && statuses.isSuccess,
      error: departments.error ?? goals.error ?? statuses.error,
      departments: new Map<number, DepartmentView>((departments.data ?? []).map((d) => [d.id, d])),
      goals: new Map<number, GoalView>((goals.data ?? []).map((g) => [g.id, g])),
      statuses: new Map<number, StatusView>((statuses.data ?? []).map((s) => [s.id, s])),
      departmentList: departments.data ?? [],
      goalList: goals.data ?? [],
      statusList: statuses.data ?? [],
    }),
    [
      departments.data,
      departments.isSuccess,
      departments.error,
      goals.data,
      goals.isSuccess,
      goals.error,
      statuses.data,
      statuses.isSuccess,
      statuses.error,
    ],
  );
}

/**
 * Display names by user id, for "who" in overrides and rounds. Only officer and admin may
 * read the user list; for everyone else the map stays empty and the UI names the role.
 */
export function useUserNames(enabled: boolean) {
  const api = useApi();
  const users = useQuery({
    queryKey: ['users'],
    enabled,
    ...REFERENCE,
    queryFn: async () => unwrap(await api.GET('/api/v1/users')),
  });
  return useMemo(
    () => new Map<number, string>((users.data ?? []).map((u) => [u.id, u.display_name])),
    [users.data],
  );
}
