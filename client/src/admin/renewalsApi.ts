import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { RenewalNoticeResponseSchema, RenewalPreviewSchema } from '@cit/shared';
import { apiRequest } from '../api/client';

/** GET /api/service-records/renewal-preview: what the 1 January renewal of `year` will do, per Ente. */
export function useRenewalPreview(year: number | null) {
  return useQuery({
    queryKey: ['services', 'renewal-preview', year],
    queryFn: ({ signal }) => apiRequest('/api/service-records/renewal-preview', { query: { year: year ?? 0 }, schema: RenewalPreviewSchema, signal }),
    // The years offered depend on the price lists, which come from the API too.
    enabled: year !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** POST /api/service-records/renewal-notices: "Avvisa gli Enti" (the job sends one mail per Ente, once). */
export function useSendRenewalNotices() {
  return useMutation({
    mutationFn: (year: number) =>
      apiRequest('/api/service-records/renewal-notices', { method: 'POST', body: { year }, schema: RenewalNoticeResponseSchema }),
  });
}
