import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  PriceListPreviewSchema,
  PriceListVersionListSchema,
  PriceListVersionSchema,
  type CreatePriceListVersion,
  type UpdatePriceListVersion,
} from '@cit/shared';
import { apiRequest } from '../../api/client';
import { serviceKeys } from '../../services/api';

const BASE = '/api/admin/price-lists';
const at = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const priceListKeys = {
  all: ['price-lists'] as const,
  list: ['price-lists', 'list'] as const,
  one: (id: string) => ['price-lists', 'one', id] as const,
  preview: (id: string, year: number | null) => ['price-lists', 'preview', id, year] as const,
};

/** GET /api/admin/price-lists: every version, drafts included. */
export function usePriceListVersions() {
  return useQuery({ queryKey: priceListKeys.list, queryFn: ({ signal }) => apiRequest(BASE, { schema: PriceListVersionListSchema, signal }) });
}

export function usePriceListVersion(id: string) {
  return useQuery({ queryKey: priceListKeys.one(id), queryFn: ({ signal }) => apiRequest(at(id), { schema: PriceListVersionSchema, signal }) });
}

/** The effect on quotas and renewals of `year` (null: the server's default, the effective or next year). */
export function usePriceListPreview(id: string, year: number | null, enabled: boolean) {
  return useQuery({
    queryKey: priceListKeys.preview(id, year),
    queryFn: ({ signal }) => apiRequest(`${at(id)}/preview`, { query: year === null ? {} : { year }, schema: PriceListPreviewSchema, signal }),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreatePriceListVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePriceListVersion) => apiRequest(BASE, { method: 'POST', body, schema: PriceListVersionSchema }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: priceListKeys.list }),
  });
}

export function useSavePriceListVersion(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePriceListVersion) => apiRequest(at(id), { method: 'PUT', body, schema: PriceListVersionSchema }),
    onSuccess: (saved) => {
      queryClient.setQueryData(priceListKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: priceListKeys.all });
    },
  });
}

export function usePublishPriceListVersion(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => apiRequest(`${at(id)}/publish`, { method: 'POST', body: { version }, schema: PriceListVersionSchema }),
    onSuccess: (published) => {
      queryClient.setQueryData(priceListKeys.one(id), published);
      void queryClient.invalidateQueries({ queryKey: priceListKeys.all });
      // Every price in the client comes from the catalog endpoint: it must show the new version.
      void queryClient.invalidateQueries({ queryKey: serviceKeys.catalog });
    },
  });
}
