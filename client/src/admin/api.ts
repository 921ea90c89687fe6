import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  EnteDetailSchema,
  LanguageSchema,
  OfficialNoticeListSchema,
  OfficialNoticeSchema,
  PaymentSettingsSchema,
  RoleSchema,
  StatementListSchema,
  StatementRunSchema,
  StatementSchema,
  type UpdatePaymentSettings,
  UrgencySchema,
  type Language,
  type Role,
  type Urgency,
} from '@cit/shared';
import { apiRequest } from '../api/client';
import { apiUpload } from '../api/upload';

/*
 * The admin API. Where shared/ has no schema yet (the user admin API is being built next to this client),
 * the contract is written here, exactly as agreed: responses are still validated.
 */

const Ref = z.object({ id: z.string(), name: z.string() });

export const AdminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  language: LanguageSchema,
  enti: z.array(Ref),
  supplier: Ref.nullable(),
  disabledAt: z.string().nullable(),
  passwordSet: z.boolean(),
  fiscalCode: z.string().nullable().optional(),
  totpEnrolled: z.boolean().optional(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
const AdminUserListSchema = z.object({ items: z.array(AdminUserSchema), nextCursor: z.string().nullable().optional() });

export interface UserInput {
  email?: string;
  name?: string;
  role?: Role;
  enteIds?: string[];
  supplierId?: string | null;
  language?: Language;
  disabled?: boolean;
  fiscalCode?: string | null;
}

export const AssignableSchema = z.array(z.object({ id: z.string(), name: z.string(), role: RoleSchema }));

export const adminKeys = {
  users: ['admin', 'users'] as const,
  userList: (filters: { role: string; q: string }) => ['admin', 'users', filters] as const,
  ente: (id: string) => ['enti', 'detail', id] as const,
  sla: ['sla', 'admin'] as const,
  jobs: ['admin', 'jobs', 'failed'] as const,
  mails: ['admin', 'mails', 'failed'] as const,
  notices: ['admin', 'official-notices', 'problems'] as const,
  statements: ['billing', 'statements'] as const,
  runs: ['billing', 'statements', 'runs'] as const,
  contracts: ['services', 'contracts'] as const,
};

export const USERS_PAGE_SIZE = 50;

/** GET /api/admin/users, page after page. */
export function useAdminUsers(filters: { role: string; q: string }) {
  return useInfiniteQuery({
    queryKey: adminKeys.userList(filters),
    queryFn: ({ pageParam, signal }) =>
      apiRequest('/api/admin/users', {
        query: { role: filters.role || undefined, q: filters.q.length >= 2 ? filters.q : undefined, limit: USERS_PAGE_SIZE, cursor: pageParam },
        schema: AdminUserListSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserInput) => apiRequest('/api/admin/users', { method: 'POST', body, schema: AdminUserSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserInput) =>
      apiRequest(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: AdminUserSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

/** POST /api/auth/second-factor/reset/:id: removes a user's authenticator app (lost phone). */
export function useResetSecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/auth/second-factor/reset/${encodeURIComponent(id)}`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useInviteUser() {
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/admin/users/${encodeURIComponent(id)}/invite`, { method: 'POST' }),
  });
}

/** GET /api/users/assignable: the CIT people a ticket can be assigned to. */
export function useAssignable(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: ({ signal }) => apiRequest('/api/users/assignable', { schema: AssignableSchema, signal }),
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** GET /api/enti/:id: registry data, residents by year and memberships. */
export function useEnte(id: string) {
  return useQuery({
    queryKey: adminKeys.ente(id),
    queryFn: ({ signal }) => apiRequest(`/api/enti/${encodeURIComponent(id)}`, { schema: EnteDetailSchema, signal }),
  });
}

const SlaTargetSchema = z.object({ urgency: UrgencySchema, takeChargeMinutes: z.number().int(), resolveMinutes: z.number().int(), version: z.number().int() });
export type SlaTargetRow = z.infer<typeof SlaTargetSchema>;
const SlaSchema = z.object({
  targets: z.array(SlaTargetSchema),
  calendar: z.object({
    timeZone: z.string(),
    workingDays: z.array(z.number().int()),
    hours: z.array(z.tuple([z.string(), z.string()])),
    closedDays: z.record(z.string(), z.array(z.string())),
  }),
});

export function useSla() {
  return useQuery({ queryKey: adminKeys.sla, queryFn: ({ signal }) => apiRequest('/api/sla', { schema: SlaSchema, signal }) });
}

export function useUpdateSlaTarget() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ urgency, ...body }: { urgency: Urgency; takeChargeMinutes: number; resolveMinutes: number; version: number }) =>
      apiRequest(`/api/sla/targets/${urgency}`, { method: 'PUT', body, schema: SlaTargetSchema }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.sla });
      void queryClient.invalidateQueries({ queryKey: ['sla', 'calendar'] });
    },
  });
}

const FailedJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  data: z.record(z.string(), z.unknown()),
  failedReason: z.string().nullable(),
  attemptsMade: z.number().int(),
  failedAt: z.string().nullable(),
});
export type FailedJob = z.infer<typeof FailedJobSchema>;

export function useFailedJobs() {
  return useQuery({
    queryKey: adminKeys.jobs,
    queryFn: ({ signal }) => apiRequest('/api/admin/jobs/failed', { schema: z.object({ items: z.array(FailedJobSchema) }), signal }),
    retry: false,
  });
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/admin/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.jobs }),
  });
}

const OutgoingMailSchema = z.object({
  id: z.string(),
  ticketId: z.string().nullable(),
  recipientUserId: z.string().nullable(),
  template: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutgoingMail = z.infer<typeof OutgoingMailSchema>;

export function useFailedMails() {
  return useQuery({
    queryKey: adminKeys.mails,
    queryFn: ({ signal }) => apiRequest('/api/admin/mails', { query: { status: 'failed' }, schema: z.array(OutgoingMailSchema), signal }),
  });
}

/** The official PEC notices that did not reach the Ente (not sendable, or failed) and whether the PEC account is set. */
export function useNoticeProblems() {
  return useQuery({
    queryKey: adminKeys.notices,
    queryFn: async ({ signal }) => {
      const [unsendable, failed] = await Promise.all(
        (['not_sendable', 'failed'] as const).map((status) => apiRequest('/api/admin/official-notices', { query: { status }, schema: OfficialNoticeListSchema, signal })),
      );
      return { pecConfigured: unsendable!.pecConfigured, notices: [...failed!.notices, ...unsendable!.notices] };
    },
  });
}

export function useRetryNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/admin/official-notices/${encodeURIComponent(id)}/retry`, { method: 'POST', schema: OfficialNoticeSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.notices }),
  });
}

export function useRetryMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/admin/mails/${encodeURIComponent(id)}/retry`, { method: 'POST', schema: OutgoingMailSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.mails }),
  });
}

const QuotaReportSchema = z.object({
  year: z.number().int(),
  created: z.number().int(),
  alreadyAssessed: z.number().int(),
  problems: z.array(z.object({ enteId: z.string(), name: z.string(), reason: z.string() })),
});
export type QuotaReport = z.infer<typeof QuotaReportSchema>;

export function useRunQuota() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (year: number) => apiRequest('/api/billing/quota', { method: 'POST', body: { year }, schema: QuotaReportSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['billing'] }),
  });
}

const ImportResultSchema = z.object({ rows: z.number().int(), entries: z.number().int() });
export type ImportResult = z.infer<typeof ImportResultSchema>;
export type ImportKind = 'telemaco' | 'collections' | 'accounting';

const IMPORT_PATHS: Record<ImportKind, string> = {
  telemaco: '/api/billing/usage/telemaco',
  collections: '/api/billing/collections',
  accounting: '/api/billing/accounting',
};

export function useImportCsv(kind: ImportKind, onProgress: (fraction: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return apiUpload(IMPORT_PATHS[kind], form, { schema: ImportResultSchema, onProgress });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['billing'] }),
  });
}

/** `details.lines` of a CSV import refused line by line. */
export function lineErrors(error: unknown): Array<{ line: number; message: string }> {
  const details = (error as { details?: { lines?: unknown } } | null)?.details;
  if (!details || !Array.isArray(details.lines)) return [];
  return details.lines.flatMap((l: unknown) => {
    const { line, message } = (l ?? {}) as { line?: unknown; message?: unknown };
    return typeof line === 'number' && typeof message === 'string' ? [{ line, message }] : [];
  });
}

export function useStartStatementRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { year: number; half: 1 | 2 }) =>
      apiRequest('/api/billing/statements/runs', { method: 'POST', body, schema: StatementRunSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.runs }),
  });
}

export function useStatementRuns(enabled: boolean) {
  return useQuery({
    queryKey: adminKeys.runs,
    queryFn: ({ signal }) =>
      apiRequest('/api/billing/statements/runs', { query: { limit: 5 }, schema: z.object({ items: z.array(StatementRunSchema) }), signal }),
    enabled,
  });
}

export function useStatements(params: { year?: number; enteId?: string }) {
  return useQuery({
    queryKey: [...adminKeys.statements, 'list', params],
    queryFn: ({ signal }) =>
      apiRequest('/api/billing/statements', { query: { year: params.year, enteId: params.enteId }, schema: StatementListSchema, signal }),
    placeholderData: keepPreviousData,
  });
}

export const statementFileUrl = (id: string, kind: 'pdf' | 'csv') => `/api/billing/statements/${encodeURIComponent(id)}/${kind}`;

export { Ref as RefSchema };
export type { Role };

export function usePaymentSettings() {
  return useQuery({
    queryKey: ['billing', 'payment-settings'],
    queryFn: ({ signal }) => apiRequest('/api/billing/statements/payment-settings', { schema: PaymentSettingsSchema, signal }),
  });
}

export function useSavePaymentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePaymentSettings) =>
      apiRequest('/api/billing/statements/payment-settings', { method: 'PUT', body, schema: PaymentSettingsSchema }),
    onSuccess: (saved) => queryClient.setQueryData(['billing', 'payment-settings'], saved),
  });
}

/** Sets or clears a statement's pagoPA notice code; the server renders the statement again (next version). */
export function useSetPagoPa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, noticeCode }: { id: string; noticeCode: string | null }) =>
      apiRequest(`/api/billing/statements/${encodeURIComponent(id)}/pagopa`, { method: 'PUT', body: { noticeCode }, schema: StatementSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.statements }),
  });
}
