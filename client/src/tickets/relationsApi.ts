import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BulkTicketResultSchema, TicketLinksSchema, type BulkTicketRequest } from '@cit/shared';
import { apiRequest } from '../api/client';
import type { ResponseParser } from '../api/transport';
import { ticketKeys } from './api';

const linksKey = (id: string) => [...ticketKeys.detail(id), 'links'] as const;
const path = (id: string) => `/api/tickets/${encodeURIComponent(id)}`;

/** Under the ticket's detail key: a live event about the ticket refreshes its links too. */
export function useTicketLinks(id: string, enabled: boolean) {
  return useQuery({
    queryKey: linksKey(id),
    queryFn: ({ signal }) => apiRequest(`${path(id)}/links`, { schema: TicketLinksSchema, signal }),
    enabled,
  });
}

export function useLinkTicket(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticket: string) => apiRequest(`${path(id)}/links`, { method: 'POST', body: { ticket }, schema: TicketLinksSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

export function useUnlinkTicket(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (otherId: string) => apiRequest(`${path(id)}/links/${encodeURIComponent(otherId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

const MergedSchema: ResponseParser<{ intoId: string }> = {
  safeParse: (data: unknown) => {
    const intoId = (data as { intoId?: unknown } | null)?.intoId;
    return typeof intoId === 'string' ? { success: true, data: { intoId } } : { success: false, error: data };
  },
};

export function useMergeTicket(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (into: string) => apiRequest(`${path(id)}/merge`, { method: 'POST', body: { into }, schema: MergedSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

/** POST /api/tickets/bulk: the per-ticket report comes back; every list and ticket is refreshed. */
export function useBulkAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: BulkTicketRequest) => apiRequest('/api/tickets/bulk', { method: 'POST', body: request, schema: BulkTicketResultSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}
