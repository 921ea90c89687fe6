import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SavedViewListSchema, SavedViewSchema, type CreateSavedView } from '@cit/shared';
import { apiRequest } from '../api/client';

const viewKeys = { all: ['views'] as const };

/** GET /api/views: the operator's own saved views, then the ones shared by the others (CIT staff only). */
export function useSavedViews(enabled: boolean) {
  return useQuery({
    queryKey: viewKeys.all,
    queryFn: ({ signal }) => apiRequest('/api/views', { schema: SavedViewListSchema, signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function useCreateView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (view: CreateSavedView) => apiRequest('/api/views', { method: 'POST', body: view, schema: SavedViewSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.all }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/views/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.all }),
  });
}
