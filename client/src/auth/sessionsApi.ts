import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ActiveSessionListSchema, EndedSessionsSchema } from '@cit/shared';
import { apiRequest } from '../api/client';

const keys = {
  mine: ['auth', 'sessions'] as const,
  ofUser: (id: string) => ['admin', 'users', id, 'sessions'] as const,
};

/** GET /api/auth/sessions: my open sessions. */
export function useMySessions() {
  return useQuery({ queryKey: keys.mine, queryFn: ({ signal }) => apiRequest('/api/auth/sessions', { schema: ActiveSessionListSchema, signal }) });
}

/** DELETE /api/auth/sessions/:id: ends one of my sessions. */
export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.mine }),
  });
}

/** DELETE /api/auth/sessions: ends all my sessions but this one. */
export function useEndOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest('/api/auth/sessions', { method: 'DELETE', schema: EndedSessionsSchema }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.mine }),
  });
}

/** GET /api/admin/users/:id/sessions (admins). */
export function useUserSessions(userId: string) {
  return useQuery({
    queryKey: keys.ofUser(userId),
    queryFn: ({ signal }) => apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/sessions`, { schema: ActiveSessionListSchema, signal }),
  });
}

/** DELETE /api/admin/users/:id/sessions (admins): ends all of a user's sessions. */
export function useEndUserSessions(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/sessions`, { method: 'DELETE', schema: EndedSessionsSchema }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.ofUser(userId) }),
  });
}
