import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/errors';
import { endSession, meQueryKey } from '../auth/session';

/** A 401 on any call of a signed-in user means the session expired: RequireAuth then sends them to /accedi. */
function onApiError(error: unknown): void {
  if (isApiError(error) && error.status === 401 && queryClient.getQueryData(meQueryKey)) {
    endSession(queryClient, 'expired');
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Client errors (4xx) do not improve by retrying; network and 5xx errors get two more tries.
      retry: (failureCount, error) =>
        !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
    mutations: { retry: false },
  },
});
