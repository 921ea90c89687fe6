import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  EnteDetailSchema,
  MergeMovedSchema,
  MergeResultSchema,
  type CreateEnte,
  type EnteDetail,
  type MergeEnte,
  type UpdateEnte,
} from '@cit/shared';
import { apiRequest } from '../../api/client';
import { adminKeys } from '../api';

/** After a write: the Ente's page, the lists and pickers of Enti, and the audit trail show the change. */
function refresh(queryClient: QueryClient, ente: EnteDetail) {
  queryClient.setQueryData(adminKeys.ente(ente.id), ente);
  void queryClient.invalidateQueries({ queryKey: ['enti'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

const path = (id: string, action = '') => `/api/enti/${encodeURIComponent(id)}${action}`;

/** POST /api/enti */
export function useCreateEnte() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEnte) => apiRequest('/api/enti', { method: 'POST', body, schema: EnteDetailSchema }),
    onSuccess: (ente) => refresh(queryClient, ente),
  });
}

/** PATCH /api/enti/:id with the version read (409 stale_version when someone saved in between). */
export function useUpdateEnte(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateEnte) => apiRequest(path(id), { method: 'PATCH', body, schema: EnteDetailSchema }),
    onSuccess: (ente) => refresh(queryClient, ente),
  });
}

/** POST /api/enti/:id/deactivate or /reactivate. */
export function useSetEnteActive(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ active, version }: { active: boolean; version: number }) =>
      apiRequest(path(id, active ? '/reactivate' : '/deactivate'), { method: 'POST', body: { version }, schema: EnteDetailSchema }),
    onSuccess: (ente) => refresh(queryClient, ente),
  });
}

/** GET /api/enti/:id/merge-preview: what a merger would move, for the confirmation. */
export function useMergePreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['enti', 'merge-preview', id],
    queryFn: ({ signal }) => apiRequest(path(id, '/merge-preview'), { schema: MergeMovedSchema, signal }),
    enabled,
  });
}

/** POST /api/enti/:id/merge */
export function useMergeEnte(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeEnte) => apiRequest(path(id, '/merge'), { method: 'POST', body, schema: MergeResultSchema }),
    onSuccess: (result) => {
      refresh(queryClient, result.ente);
      void queryClient.invalidateQueries({ queryKey: adminKeys.ente(result.ente.mergedInto?.id ?? id) });
    },
  });
}
