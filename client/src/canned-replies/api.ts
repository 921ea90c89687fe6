import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CannedReplyListSchema, CannedReplySchema, type SaveCannedReply } from '@cit/shared';
import { apiRequest } from '../api/client';

export const cannedKeys = { all: ['canned-replies'] as const };

/** GET /api/canned-replies: the caller's own replies, then the shared ones. */
export function useCannedReplies(enabled = true) {
  return useQuery({
    queryKey: cannedKeys.all,
    queryFn: ({ signal }) => apiRequest('/api/canned-replies', { schema: CannedReplyListSchema, signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** Creates (no id) or replaces (id) a canned reply. */
export function useSaveCannedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reply }: { id: string | null; reply: SaveCannedReply }) =>
      id
        ? apiRequest(`/api/canned-replies/${encodeURIComponent(id)}`, { method: 'PUT', body: reply, schema: CannedReplySchema })
        : apiRequest('/api/canned-replies', { method: 'POST', body: reply, schema: CannedReplySchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedKeys.all }),
  });
}

export function useDeleteCannedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/canned-replies/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedKeys.all }),
  });
}
