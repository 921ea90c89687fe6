import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  EnteListSchema,
  SupplierListSchema,
  TicketDashboardSchema,
  TicketDetailSchema,
  TicketListSchema,
  type CreateFollowUp,
  type CreateTicket,
  type TicketActionRequest,
} from '@cit/shared';
import { apiRequest } from '../api/client';
import { apiUpload } from '../api/upload';
import type { ResponseParser } from '../api/transport';
import { statusQuery, type TicketQuery } from './filters';

export const TICKETS_PAGE_SIZE = 25;

/** Every query about tickets starts with this key: live events invalidate them by prefix. */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: ['tickets', 'list'] as const,
  list: (query: TicketQuery) => ['tickets', 'list', query] as const,
  dashboard: ['tickets', 'dashboard'] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
};

/** `{ id }` of a created resource (201). */
const CreatedSchema: ResponseParser<{ id: string }> = {
  safeParse: (data: unknown) => {
    const id = (data as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id !== '' ? { success: true, data: { id } } : { success: false, error: data };
  },
};

/** The list's filters as query parameters: the list and its export send the same ones. */
export function ticketListQuery(filters: TicketQuery): Record<string, string | undefined> {
  return {
    status: statusQuery(filters.status),
    urgency: filters.urgency || undefined,
    category: filters.category || undefined,
    enteId: filters.enteId || undefined,
    assignee: filters.assignee || undefined,
    slaState: filters.slaState || undefined,
    group: filters.group || undefined,
    label: filters.label || undefined,
    q: filters.q.length >= 2 ? filters.q : undefined,
    sort: filters.sort || undefined,
  };
}

/** GET /api/tickets, page after page with the keyset cursor; `counts` come with every page. */
export function useTicketList({ status, urgency, category, enteId, assignee, slaState, group, label, q, sort }: TicketQuery) {
  const filters: TicketQuery = { status, urgency, category, enteId, assignee, slaState, group, label, q, sort };
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest('/api/tickets', {
        query: { limit: TICKETS_PAGE_SIZE, cursor: pageParam, ...ticketListQuery(filters) },
        schema: TicketListSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTicketDashboard(enabled = true) {
  return useQuery({
    queryKey: ticketKeys.dashboard,
    queryFn: ({ signal }) => apiRequest('/api/tickets/dashboard', { schema: TicketDashboardSchema, signal }),
    enabled,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => apiRequest(`/api/tickets/${encodeURIComponent(id)}`, { schema: TicketDetailSchema, signal }),
  });
}

/** Adds text fields to a multipart form the way the server's zod schemas read them. */
function formOf(fields: Record<string, unknown>, files: readonly File[]): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) form.append(key, String(item));
    else form.append(key, String(value));
  }
  for (const file of files) form.append('attachments', file, file.name);
  return form;
}

export function useCreateTicket(onProgress: (fraction: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticket, files }: { ticket: CreateTicket; files: readonly File[] }) =>
      files.length === 0
        ? apiRequest('/api/tickets', { method: 'POST', body: ticket, schema: CreatedSchema })
        : apiUpload('/api/tickets', formOf({ ...ticket }, files), { schema: CreatedSchema, onProgress }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

export function useAddFollowUp(ticketId: string, onProgress: (fraction: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ followUp, files }: { followUp: CreateFollowUp; files: readonly File[] }) => {
      const path = `/api/tickets/${encodeURIComponent(ticketId)}/followups`;
      return files.length === 0
        ? apiRequest(path, { method: 'POST', body: followUp, schema: CreatedSchema })
        : apiUpload(path, formOf({ body: followUp.body, private: followUp.private }, files), { schema: CreatedSchema, onProgress });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

export function useTicketAction(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: TicketActionRequest) =>
      apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/actions`, {
        method: 'POST',
        body: request,
        schema: TicketDetailSchema,
      }),
    onSuccess: (detail) => {
      queryClient.setQueryData(ticketKeys.detail(ticketId), detail);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.dashboard });
    },
  });
}

export function attachmentUrl(ticketId: string, attachmentId: string): string {
  return `/api/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** GET /api/suppliers (CIT staff only). */
export function useSuppliers(enabled: boolean) {
  return useQuery({
    queryKey: ['suppliers'],
    queryFn: ({ signal }) => apiRequest('/api/suppliers', { schema: SupplierListSchema, signal }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** The Enti the user may open tickets for / filter on, searched by name (first 50 matches). */
export function useEnteOptions(q: string, enabled: boolean, activeOnly = false) {
  return useQuery({
    queryKey: ['enti', 'options', q, activeOnly],
    queryFn: ({ signal }) =>
      apiRequest('/api/enti', {
        query: { limit: 50, q: q.length >= 2 ? q : undefined, active: activeOnly ? 'true' : undefined },
        schema: EnteListSchema,
        signal,
      }),
    enabled,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}
