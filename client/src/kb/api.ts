import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  KbArticleListSchema,
  KbArticleSchema,
  KbDeflectionSchema,
  type KbAudience,
  type KbStatus,
  type KbSuggestionEvent,
  type SaveKbArticle,
  type UpdateKbArticle,
} from '@cit/shared';
import { apiRequest } from '../api/client';

export const kbKeys = { all: ['kb'] as const };

/** GET /api/kb/articles: the articles the caller may read; with words, those matching them (Italian search). */
export function useKbArticles(q: string, options: { match?: 'all' | 'any'; limit?: number; enabled?: boolean; audience?: KbAudience; status?: KbStatus } = {}) {
  const params = new URLSearchParams({
    ...(q && { q }),
    match: options.match ?? 'all',
    limit: String(options.limit ?? 50),
    ...(options.audience && { audience: options.audience }),
    ...(options.status && { status: options.status }),
  });
  return useQuery({
    queryKey: [...kbKeys.all, 'list', params.toString()],
    queryFn: ({ signal }) => apiRequest(`/api/kb/articles?${params.toString()}`, { schema: KbArticleListSchema, signal }),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}

export function useKbArticle(id: string | undefined) {
  return useQuery({
    queryKey: [...kbKeys.all, 'article', id],
    queryFn: ({ signal }) => apiRequest(`/api/kb/articles/${encodeURIComponent(id ?? '')}`, { schema: KbArticleSchema, signal }),
    enabled: !!id,
  });
}

export function useSaveKbArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, article }: { id: string | null; article: SaveKbArticle | UpdateKbArticle }) =>
      id
        ? apiRequest(`/api/kb/articles/${encodeURIComponent(id)}`, { method: 'PUT', body: article, schema: KbArticleSchema })
        : apiRequest('/api/kb/articles', { method: 'POST', body: article, schema: KbArticleSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kbKeys.all }),
  });
}

/** POST /api/kb/from-ticket/:ticketId: a draft for the CIT only, prefilled from the ticket (no internal notes, no contact data). */
export function useKbDraftFromTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticketId: string) => apiRequest(`/api/kb/from-ticket/${encodeURIComponent(ticketId)}`, { method: 'POST', schema: KbArticleSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kbKeys.all }),
  });
}

export function useDeleteKbArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/kb/articles/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kbKeys.all }),
  });
}

export function useKbDeflection(enabled: boolean) {
  return useQuery({
    queryKey: [...kbKeys.all, 'deflection'],
    queryFn: ({ signal }) => apiRequest('/api/kb/deflection', { schema: KbDeflectionSchema, signal }),
    enabled,
  });
}

/** Fire and forget: a lost event only makes the deflection figure a little less precise, never blocks the form. */
export function recordKbSuggestion(event: KbSuggestionEvent): void {
  apiRequest('/api/kb/suggestion-events', { method: 'POST', body: event }).catch(() => undefined);
}
