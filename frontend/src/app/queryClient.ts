import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api/errors';

/** Query defaults: no retries for answers the server meant (4xx), two for the rest. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
