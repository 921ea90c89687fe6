import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AppNotificationsSchema,
  FollowingSchema,
  PreferencesSchema,
  RequesterCardSchema,
  UnreadCountSchema,
  type MarkNotificationsRead,
  type UpdatePreferences,
} from '@cit/shared';
import { apiRequest } from '../api/client';
import { meQueryKey } from '../auth/session';

/** The bell's query; the live socket invalidates it on `notifications.changed` (see tickets/live.tsx). */
export const notificationKeys = {
  inbox: ['notifications'] as const,
  preferences: ['me', 'preferences'] as const,
  following: (ticketId: string) => ['tickets', 'following', ticketId] as const,
  requesterCard: (ticketId: string) => ['tickets', 'requester-card', ticketId] as const,
};

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.inbox,
    // Not the user's doing: reading the bell never keeps an unattended session alive.
    queryFn: ({ signal }) => apiRequest('/api/me/notifications', { schema: AppNotificationsSchema, signal, background: true }),
    enabled,
    // The live connection brings changes at once; this only covers a socket that could not connect.
    refetchInterval: 120_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkNotificationsRead) => apiRequest('/api/me/notifications/read', { method: 'POST', body, schema: UnreadCountSchema }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.inbox }),
  });
}

/** `enabled` false until someone is signed in: the header's bell is on the login page too, where it would get a 401. */
export function usePreferences(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.preferences,
    enabled,
    queryFn: ({ signal }) => apiRequest('/api/me/preferences', { schema: PreferencesSchema, signal }),
  });
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePreferences) => apiRequest('/api/me/preferences', { method: 'PATCH', body, schema: PreferencesSchema }),
    onSuccess: (prefs) => {
      queryClient.setQueryData(notificationKeys.preferences, prefs);
      // The language lives in the profile too (the header follows it).
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useFollowing(ticketId: string) {
  return useQuery({
    queryKey: notificationKeys.following(ticketId),
    queryFn: ({ signal }) => apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/follow`, { schema: FollowingSchema, signal }),
  });
}

export function useSetFollowing(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) => apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/follow`, { method: on ? 'POST' : 'DELETE', schema: FollowingSchema }),
    onSuccess: (state) => queryClient.setQueryData(notificationKeys.following(ticketId), state),
  });
}

export function useRequesterCard(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.requesterCard(ticketId),
    queryFn: ({ signal }) => apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/requester-card`, { schema: RequesterCardSchema, signal }),
    enabled,
  });
}
