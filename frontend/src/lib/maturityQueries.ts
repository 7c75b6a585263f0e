/** Data hooks of the Reifegrad screens (endpoints under /api/v1/maturity). */
import { useQuery } from '@tanstack/react-query';
import { unwrap } from './api/errors';
import { useApi } from './auth/context';

export function useRounds() {
  const api = useApi();
  return useQuery({
    queryKey: ['maturity', 'rounds'],
    queryFn: async () => unwrap(await api.GET('/api/v1/maturity/rounds')),
  });
}

export function useResults(roundId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['maturity', 'results', roundId],
    enabled: roundId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/maturity/results', {
          params: { query: { round_id: roundId ?? 0 } },
        }),
      ),
  });
}

export function useHeatmap(roundId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['maturity', 'heatmap', roundId],
    enabled: roundId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/maturity/heatmap', {
          params: { query: { round_id: roundId ?? 0 } },
        }),
      ),
  });
}

export function useTrend(departmentId: number | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['maturity', 'trend', departmentId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/maturity/trend', {
          params: { query: departmentId === null ? {} : { department_id: departmentId } },
        }),
      ),
  });
}

export function useGaps(roundId: number | undefined, uncovered: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['maturity', 'gaps', roundId, uncovered],
    enabled: roundId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/maturity/gaps', {
          params: { query: { round_id: roundId ?? 0, ...(uncovered ? { uncovered: true } : {}) } },
        }),
      ),
  });
}

export function useFindings(roundId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['maturity', 'findings', roundId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/maturity/findings', {
          params: {
            query: { ...(roundId !== undefined ? { round_id: roundId } : {}), per_page: 200 },
          },
        }),
      ),
  });
}

export function useModels() {
  const api = useApi();
  return useQuery({
    queryKey: ['maturity', 'models'],
    queryFn: async () => unwrap(await api.GET('/api/v1/maturity/models')),
  });
}
