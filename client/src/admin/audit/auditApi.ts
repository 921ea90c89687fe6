import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { AuditListSchema, type AuditedEntity } from '@cit/shared';
import { apiRequest } from '../../api/client';

export interface AuditFilters {
  entity?: AuditedEntity;
  recordId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** The audit log, newest first, a page at a time (keyset cursor). */
export function useAuditLog(filters: AuditFilters, limit = 25) {
  return useInfiniteQuery({
    queryKey: ['audit', filters, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      apiRequest('/api/admin/audit', { query: { ...filters, limit, cursor: pageParam }, signal, schema: AuditListSchema }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
