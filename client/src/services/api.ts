import { keepPreviousData, useQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  BillingAccountingResultSchema,
  BillingEntryListSchema,
  ServiceRecordNotesSchema,
  type BillingAccounting,
  CatalogServiceSchema,
  PriceListIdSchema,
  PriceListSchema,
  FormCheckResultSchema,
  QuoteSchema,
  ServiceCodeEnum,
  ServiceRecordListSchema,
  TicketDetailSchema,
  TicketListSchema,
  type ApprovalDecision,
  type CatalogService,
  type RequestFormDraft,
} from '@cit/shared';
import { apiDownload, apiRequest } from '../api/client';
import { apiUpload } from '../api/upload';
import type { ResponseParser } from '../api/transport';
import { ticketKeys } from '../tickets/api';

/**
 * Query keys. Approvals live under the tickets' list prefix, so that the live events which refresh ticket lists
 * refresh the inbox too; records and billing are refreshed by the same events (see tickets/live.tsx).
 */
export const serviceKeys = {
  catalog: ['catalog'] as const,
  quote: (params: QuoteParams) => ['services', 'quote', params] as const,
  records: ['services', 'records'] as const,
  recordList: (params: RecordParams) => ['services', 'records', params] as const,
  billing: ['billing'] as const,
  billingList: (params: BillingParams) => ['billing', params] as const,
  approvals: [...ticketKeys.lists, 'approvals'] as const,
  notApplied: [...ticketKeys.lists, 'approvals', 'not_applied'] as const,
};

/** The services, the published price lists (the only source of prices in the client) and what is offered today. */
const CatalogSchema = z.object({
  services: CatalogServiceSchema.array(),
  priceLists: PriceListSchema.array(),
  today: z.iso.date(),
  priceListInForce: PriceListIdSchema,
  offered: z.array(ServiceCodeEnum),
});
export type Catalog = z.infer<typeof CatalogSchema>;

const CatalogParser: ResponseParser<Catalog> = {
  safeParse: (data: unknown) => {
    const parsed = CatalogSchema.safeParse(data);
    return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error };
  },
};

/** GET /api/catalog: every service, with its Italian name and unit nouns, and the published price lists. */
export function useCatalog() {
  return useQuery({
    queryKey: serviceKeys.catalog,
    queryFn: ({ signal }) => apiRequest('/api/catalog', { schema: CatalogParser, signal }),
    // A new price-list version can be published while a page is open: re-read it now and then.
    staleTime: 5 * 60_000,
  });
}

/** The catalog entry of a code, or undefined while loading / for unknown codes. */
export function useServiceOf(code: string | null | undefined): CatalogService | undefined {
  const catalog = useCatalog();
  return code ? catalog.data?.services.find((s) => s.code === code) : undefined;
}

export interface QuoteParams {
  serviceCode: string;
  quantity: number;
  variant?: string;
  enteId?: string;
}

/** GET /api/services/quote: what the request would cost; `enabled` false while the inputs are incomplete. */
export function useQuote(params: QuoteParams, enabled: boolean) {
  return useQuery({
    queryKey: serviceKeys.quote(params),
    queryFn: ({ signal }) =>
      apiRequest('/api/services/quote', {
        query: { serviceCode: params.serviceCode, quantity: params.quantity, variant: params.variant, enteId: params.enteId },
        schema: QuoteSchema,
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
  });
}

export interface RecordParams {
  enteId?: string;
  serviceCode?: string;
  status: 'active' | 'all';
}

export function useServiceRecords(params: RecordParams, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.recordList(params),
    queryFn: ({ signal }) =>
      apiRequest('/api/services/records', {
        query: { enteId: params.enteId, serviceCode: params.serviceCode, status: params.status },
        schema: ServiceRecordListSchema,
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export interface BillingParams {
  enteId?: string;
  year?: number;
  /** Budget chapter, matched from its start. */
  chapter?: string;
  assessment?: 'present' | 'missing';
  /** true: only entries with a residuo > 0; false: only those settled. */
  outstanding?: boolean;
}

/** The entries list's filters as query parameters: the list and its export send the same ones. */
export function billingQuery(params: BillingParams): Record<string, string | number | undefined> {
  return {
    enteId: params.enteId,
    year: params.year,
    chapter: params.chapter,
    assessment: params.assessment,
    outstanding: params.outstanding === undefined ? undefined : String(params.outstanding),
  };
}

export function useBillingEntries(params: BillingParams) {
  return useQuery({
    queryKey: serviceKeys.billingList(params),
    queryFn: ({ signal }) =>
      apiRequest('/api/billing/entries', {
        query: billingQuery(params),
        schema: BillingEntryListSchema,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** Capitolo and accertamento on one entry (PUT) or on a selection (one all-or-nothing POST). */
export function useSetAccounting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, accounting }: { ids: string[]; accounting: BillingAccounting }) =>
      ids.length === 1
        ? apiRequest(`/api/billing/entries/${encodeURIComponent(ids[0] ?? '')}/accounting`, { method: 'PUT', body: accounting, schema: BillingAccountingResultSchema })
        : apiRequest('/api/billing/entries/accounting', { method: 'POST', body: { ids, accounting }, schema: BillingAccountingResultSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.billing }),
  });
}

/** The CIT staff notes of a service record. */
export function useSaveRecordNotes(recordId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notes: string | null) =>
      apiRequest(`/api/services/records/${encodeURIComponent(recordId)}/notes`, { method: 'PUT', body: { notes }, schema: ServiceRecordNotesSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.records }),
  });
}

/** GET /api/approvals: the requests waiting for a decision, oldest first. */
export function useApprovals(enabled = true) {
  return useQuery({
    queryKey: serviceKeys.approvals,
    queryFn: ({ signal }) => apiRequest('/api/approvals', { query: { limit: 200 }, schema: TicketListSchema, signal }),
    enabled,
  });
}

/** GET /api/approvals?state=not_applied: approved requests the worker refused for a business reason («non applicate»). */
export function useNotApplied(enabled = true) {
  return useQuery({
    queryKey: serviceKeys.notApplied,
    queryFn: ({ signal }) => apiRequest('/api/approvals', { query: { limit: 200, state: 'not_applied' }, schema: TicketListSchema, signal }),
    enabled,
  });
}

/** POST /api/tickets/:id/reapply: once the cause is corrected, the worker tries the request again. */
export function useReapply(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/reapply`, { method: 'POST', body: {}, schema: TicketDetailSchema }),
    onSuccess: (detail) => {
      queryClient.setQueryData(ticketKeys.detail(ticketId), detail);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

export function useDecideApproval(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: ApprovalDecision) =>
      apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/approval`, { method: 'POST', body: decision, schema: TicketDetailSchema }),
    onSuccess: (detail) => {
      queryClient.setQueryData(ticketKeys.detail(ticketId), detail);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.dashboard });
    },
  });
}

/** POST /api/service-requests/form: the pre-filled request form (PDF/A) of the wizard's draft. */
export function useRequestForm() {
  return useMutation({ mutationFn: (draft: RequestFormDraft) => apiDownload('/api/service-requests/form', draft) });
}

/** POST /api/service-requests/form-check: the signed-form rule on the files chosen, before submission. */
export function useFormCheck() {
  return useMutation({
    mutationFn: (files: readonly File[]) => {
      const form = new FormData();
      for (const file of files) form.append('attachments', file, file.name);
      return apiUpload('/api/service-requests/form-check', form, { schema: FormCheckResultSchema });
    },
  });
}
