import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { EnteHomeSchema, TicketListSchema } from '@cit/shared';
import { apiRequest } from '../api/client';
import { ticketKeys } from '../tickets/api';

/**
 * Under the tickets' list prefix: the live events that refresh ticket lists (a new request, an approval, a
 * request applied by the worker) refresh the home too.
 */
export const homeKeys = {
  home: (enteId: string) => [...ticketKeys.lists, 'ente-home', enteId] as const,
  search: (q: string, enteId: string) => [...ticketKeys.lists, 'ente-home-search', enteId, q] as const,
};

/** GET /api/ente/home: everything the Ente's home shows, in one request. `enteId` '' = the referent's own Ente. */
export function useEnteHome(enteId: string) {
  return useQuery({
    queryKey: homeKeys.home(enteId),
    queryFn: ({ signal }) => apiRequest('/api/ente/home', { query: { enteId: enteId || undefined }, schema: EnteHomeSchema, signal }),
    placeholderData: keepPreviousData,
  });
}

/** How many tickets the home shows for a search; the full list is one link away. */
export const HOME_SEARCH_LIMIT = 5;

/** The Ente's own tickets matching `q` (full-text, as the ticket list searches): only once a search is submitted. */
export function useHomeTicketSearch(q: string, enteId: string) {
  return useQuery({
    queryKey: homeKeys.search(q, enteId),
    queryFn: ({ signal }) => apiRequest('/api/tickets', { query: { q, enteId: enteId || undefined, limit: HOME_SEARCH_LIMIT }, schema: TicketListSchema, signal }),
    enabled: q.length >= 2,
  });
}

export const statementPdfUrl = (id: string) => `/api/billing/statements/${encodeURIComponent(id)}/pdf`;
