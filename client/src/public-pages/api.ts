import { useQuery } from '@tanstack/react-query';
import { ServiceCharterSchema, SiteInfoSchema } from '@cit/shared';
import { apiRequest } from '../api/client';

/** The CIT's texts for the PA pages: they change only with a new configuration, so they are read once. */
export function useSiteInfo() {
  return useQuery({
    queryKey: ['public', 'site-info'],
    queryFn: ({ signal }) => apiRequest('/api/public/site-info', { schema: SiteInfoSchema, signal }),
    staleTime: Infinity,
  });
}

/** The service charter, computed by the server from the price list in force and the SLA targets. */
export function useServiceCharter() {
  return useQuery({
    queryKey: ['public', 'service-charter'],
    queryFn: ({ signal }) => apiRequest('/api/public/service-charter', { schema: ServiceCharterSchema, signal }),
  });
}
