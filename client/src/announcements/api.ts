import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AnnouncementListSchema, AnnouncementSchema, CurrentAnnouncementsSchema, type CreateAnnouncement } from '@cit/shared';
import { apiRequest } from '../api/client';

/** The live socket invalidates `all` on `announcements.changed` (see tickets/live.tsx). */
export const announcementKeys = {
  all: ['announcements'] as const,
  current: ['announcements', 'current'] as const,
  admin: ['announcements', 'admin'] as const,
};

/** The banners for the signed-in user; the live event and `nextChangeAt` keep them in step, the interval covers a lost socket. */
export function useCurrentAnnouncements(enabled: boolean) {
  return useQuery({
    queryKey: announcementKeys.current,
    // Not the user's doing: reading the banners never keeps an unattended session alive.
    queryFn: ({ signal }) => apiRequest('/api/announcements/current', { schema: CurrentAnnouncementsSchema, signal, background: true }),
    enabled,
    refetchInterval: 300_000,
  });
}

export function useDismissAnnouncement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/announcements/${encodeURIComponent(id)}/dismiss`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: announcementKeys.current }),
  });
}

export function useAdminAnnouncements() {
  return useQuery({
    queryKey: announcementKeys.admin,
    queryFn: ({ signal }) => apiRequest('/api/admin/announcements', { schema: AnnouncementListSchema, signal }),
  });
}

/** Publishes (no id) or changes (id and the version read) an announcement. */
export function useSaveAnnouncement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, value }: { id: string | null; version: number; value: CreateAnnouncement }) =>
      id
        ? apiRequest(`/api/admin/announcements/${encodeURIComponent(id)}`, { method: 'PUT', body: { ...value, version }, schema: AnnouncementSchema })
        : apiRequest('/api/admin/announcements', { method: 'POST', body: value, schema: AnnouncementSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: announcementKeys.all }),
  });
}

export function useEndAnnouncement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      apiRequest(`/api/admin/announcements/${encodeURIComponent(id)}/end`, { method: 'POST', body: { version }, schema: AnnouncementSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: announcementKeys.all }),
  });
}
