import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CurrentSessionSchema, LoginResponseSchema, type LoginRequest, type LoginResponse, type Me } from '@cit/shared';
import { apiRequest } from '../api/client';
import { setCsrfToken } from '../api/csrf';
import { forgetSessionExpiry } from '../api/sessionExpiry';
import { isApiError } from '../api/errors';
import type { LoginPageState } from './loginState';
import { clearReplyDrafts } from '../tickets/drafts';

export const meQueryKey = ['auth', 'me'] as const;
/** Why the last session ended, so that the login page can say it. */
const sessionEndKey = ['auth', 'sessionEnd'] as const;
export type SessionEnd = 'logout' | 'expired';

/**
 * GET /api/auth/session: the signed-in user, or null when there is no session (a 200, so that the login page
 * shows no failed request in the console). Takes the session's CSRF token. Null while a user was known means
 * the session expired meanwhile.
 */
async function fetchMe(queryClient: QueryClient, signal: AbortSignal): Promise<Me | null> {
  const { user, csrfToken } = await apiRequest('/api/auth/session', { schema: CurrentSessionSchema, signal });
  setCsrfToken(csrfToken);
  if (!user && queryClient.getQueryData(meQueryKey)) endSession(queryClient, 'expired');
  return user;
}

/** Who is signed in: `data` is the user, `null` when signed out, `undefined` while the first answer is awaited. */
export function useMe() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => fetchMe(queryClient, signal),
    staleTime: 5 * 60_000,
  });
}

export function sessionEndReason(queryClient: QueryClient): SessionEnd | undefined {
  return queryClient.getQueryData<SessionEnd>(sessionEndKey);
}

/** Removes every cached query except the auth ones: what a user could see must never show to the next one. */
function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
}

/** Marks the session as gone (logout or expiry) and drops every cached answer that belonged to it. */
export function endSession(queryClient: QueryClient, reason: SessionEnd): void {
  setCsrfToken(null); // The server destroyed the session: its token is dead too.
  forgetSessionExpiry();
  queryClient.setQueryData<SessionEnd>(sessionEndKey, reason);
  queryClient.setQueryData<Me | null>(meQueryKey, null);
  forgetUserData(queryClient);
}

/** Applies what a login step answered: the new CSRF token, and the user once the login is complete. */
export function applyLoginResult(queryClient: QueryClient, result: LoginResponse | { user: Me | null; csrfToken: string }): void {
  // The session was regenerated at login: only the token returned now is valid.
  setCsrfToken(result.csrfToken);
  if (!('user' in result) || !result.user) return;
  forgetUserData(queryClient);
  queryClient.removeQueries({ queryKey: sessionEndKey });
  queryClient.setQueryData<Me | null>(meQueryKey, result.user);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) =>
      apiRequest('/api/auth/login', { method: 'POST', body: credentials, schema: LoginResponseSchema }),
    onSuccess: (result) => applyLoginResult(queryClient, result),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      try {
        await apiRequest('/api/auth/logout', { method: 'POST' });
      } catch (error) {
        // Already signed out (expired session): the goal is reached anyway.
        if (!(isApiError(error) && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      clearReplyDrafts();
      endSession(queryClient, 'logout');
      const state: LoginPageState = { loggedOut: true };
      void navigate('/accedi', { replace: true, state });
    },
  });
}
