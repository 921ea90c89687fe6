import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { EnteListSchema, type EnteKind } from '@cit/shared';
import { apiRequest } from '../api/client';

export const ENTI_PAGE_SIZE = 25;

export interface EntiFilters {
  q: string;
  kind: EnteKind | '';
}

/** GET /api/enti, page after page with the keyset cursor; only the Enti the caller may see. */
export function useEntiList({ q, kind }: EntiFilters) {
  return useInfiniteQuery({
    queryKey: ['enti', 'list', { q, kind }],
    queryFn: ({ pageParam, signal }) =>
      apiRequest('/api/enti', {
        query: { limit: ENTI_PAGE_SIZE, cursor: pageParam, q: q || undefined, kind: kind || undefined },
        schema: EnteListSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    // While a new search runs, keep showing the previous results instead of emptying the page.
    placeholderData: keepPreviousData,
  });
}
