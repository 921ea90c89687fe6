import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  EnteSignatoryListSchema,
  EnteSignatorySchema,
  MembershipListSchema,
  MembershipRecordSchema,
  PopulationImportPreviewSchema,
  PopulationImportResultSchema,
  PopulationListSchema,
  PopulationRecordSchema,
  type EnteSignatoryCreate,
  type MembershipCreate,
  type MembershipUpdate,
  type PopulationUpdate,
} from '@cit/shared';
import { apiRequest } from '../../api/client';
import { apiUpload } from '../../api/upload';
import { adminKeys } from '../api';

/** Residents per year and memberships of one Ente (their own endpoints: each row carries its version). */
export const enteDataKeys = {
  population: (enteId: string) => ['enti', 'population', enteId] as const,
  memberships: (enteId: string) => ['enti', 'memberships', enteId] as const,
};

export function usePopulation(enteId: string) {
  return useQuery({
    queryKey: enteDataKeys.population(enteId),
    queryFn: ({ signal }) => apiRequest(`/api/enti/${enteId}/population`, { schema: PopulationListSchema, signal }),
  });
}

/** After a change the Ente's own lists, its detail page and the audit trail are read again. */
function useRefresh(enteId: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: enteDataKeys.population(enteId) }),
      qc.invalidateQueries({ queryKey: enteDataKeys.memberships(enteId) }),
      qc.invalidateQueries({ queryKey: adminKeys.ente(enteId) }),
      qc.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useSavePopulation(enteId: string) {
  const refresh = useRefresh(enteId);
  return useMutation({
    mutationFn: ({ year, ...body }: PopulationUpdate & { year: number }) =>
      apiRequest(`/api/enti/${enteId}/population/${year}`, { method: 'PUT', body, schema: PopulationRecordSchema }),
    onSettled: refresh,
  });
}

export function useDeletePopulation(enteId: string) {
  const refresh = useRefresh(enteId);
  return useMutation({
    mutationFn: ({ year, version }: { year: number; version: number }) =>
      apiRequest(`/api/enti/${enteId}/population/${year}`, { method: 'DELETE', body: { version } }),
    onSettled: refresh,
  });
}

export function useMemberships(enteId: string) {
  return useQuery({
    queryKey: enteDataKeys.memberships(enteId),
    queryFn: ({ signal }) => apiRequest(`/api/enti/${enteId}/memberships`, { schema: MembershipListSchema, signal }),
  });
}

export function useCreateMembership(enteId: string) {
  const refresh = useRefresh(enteId);
  return useMutation({
    mutationFn: (body: MembershipCreate) => apiRequest(`/api/enti/${enteId}/memberships`, { method: 'POST', body, schema: MembershipRecordSchema }),
    onSettled: refresh,
  });
}

export function useUpdateMembership(enteId: string) {
  const refresh = useRefresh(enteId);
  return useMutation({
    mutationFn: ({ id, ...body }: MembershipUpdate & { id: string }) =>
      apiRequest(`/api/enti/${enteId}/memberships/${id}`, { method: 'PATCH', body, schema: MembershipRecordSchema }),
    onSettled: refresh,
  });
}

export function useDeleteMembership(enteId: string) {
  const refresh = useRefresh(enteId);
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => apiRequest(`/api/enti/${enteId}/memberships/${id}`, { method: 'DELETE', body: { version } }),
    onSettled: refresh,
  });
}

export function useUploadMembershipDocument(enteId: string) {
  const refresh = useRefresh(enteId);
  return useMutation({
    mutationFn: ({ id, version, file }: { id: string; version: number; file: File }) => {
      const form = new FormData();
      form.append('version', String(version));
      form.append('document', file);
      return apiUpload(`/api/enti/${enteId}/memberships/${id}/document`, form, { schema: MembershipRecordSchema });
    },
    onSettled: refresh,
  });
}

export const membershipDocumentUrl = (enteId: string, id: string) => `/api/enti/${enteId}/memberships/${id}/document`;

export function usePreviewPopulationImport() {
  return useMutation({
    mutationFn: ({ year, file }: { year: number; file: File }) => {
      const form = new FormData();
      form.append('year', String(year));
      form.append('file', file);
      return apiUpload('/api/enti/population-imports/preview', form, { schema: PopulationImportPreviewSchema });
    },
  });
}

export function useApplyPopulationImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/enti/population-imports/${id}/apply`, { method: 'POST', schema: PopulationImportResultSchema }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['enti'] }), qc.invalidateQueries({ queryKey: ['audit'] })]),
  });
}

const signatoriesKey = (enteId: string) => ['enti', 'signatories', enteId] as const;

/** The people the Ente declares as authorised to sign its request forms (issue 20). */
export function useSignatories(enteId: string) {
  return useQuery({
    queryKey: signatoriesKey(enteId),
    queryFn: ({ signal }) => apiRequest(`/api/enti/${enteId}/signatories`, { schema: EnteSignatoryListSchema, signal }),
  });
}

function useRefreshSignatories(enteId: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: signatoriesKey(enteId) }), qc.invalidateQueries({ queryKey: ['audit'] })]);
}

export function useAddSignatory(enteId: string) {
  const refresh = useRefreshSignatories(enteId);
  return useMutation({
    mutationFn: (body: EnteSignatoryCreate) => apiRequest(`/api/enti/${enteId}/signatories`, { method: 'POST', body, schema: EnteSignatorySchema }),
    onSettled: refresh,
  });
}

export function useRemoveSignatory(enteId: string) {
  const refresh = useRefreshSignatories(enteId);
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/api/enti/${enteId}/signatories/${id}`, { method: 'DELETE' }),
    onSettled: refresh,
  });
}
