import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ImportRunListSchema, ImportRunSchema, type ImportRun, type SoftwareCitFile } from '@cit/shared';
import { apiRequest } from '../../api/client';
import { apiUpload } from '../../api/upload';

export const importKeys = {
  runs: ['admin', 'import-runs'] as const,
  run: (id: string) => ['admin', 'import-runs', id] as const,
};

/** GET /api/admin/import-runs: the last runs of both imports. */
export function useImportRuns() {
  return useQuery({ queryKey: importKeys.runs, queryFn: ({ signal }) => apiRequest('/api/admin/import-runs', { schema: ImportRunListSchema, signal }) });
}

/** One run, re-read every 2 s while `poll` (the fallback when live events do not arrive). */
export function useImportRun(id: string | undefined, poll: boolean) {
  return useQuery({
    queryKey: importKeys.run(id ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/admin/import-runs/${encodeURIComponent(id ?? '')}`, { schema: ImportRunSchema, signal }),
    enabled: Boolean(id),
    refetchInterval: poll ? 2000 : false,
  });
}

/** POST the three CSVs; answers the queued run. */
export function useStartSoftwareCitImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ files, dryRun }: { files: Record<SoftwareCitFile, File>; dryRun: boolean }) => {
      const form = new FormData();
      form.append('dryRun', String(dryRun));
      for (const [field, file] of Object.entries(files)) form.append(field, file, file.name);
      return apiUpload('/api/admin/import-runs/softwarecit', form, { schema: ImportRunSchema });
    },
    onSuccess: (run: ImportRun) => {
      queryClient.setQueryData(importKeys.run(run.id), run);
      void queryClient.invalidateQueries({ queryKey: importKeys.runs });
    },
  });
}

const Counts = z.object({ read: z.number(), imported: z.number(), unchanged: z.number(), skipped: z.number(), failed: z.number() });
const Totals = z.object({ source: z.number(), ledger: z.number() });
const LeftOut = z.object({ kind: z.string(), reason: z.string(), line: z.number().optional(), sourceId: z.union([z.number(), z.string()]).optional() });

/** What the page shows of a report (MoOne's or SoftwareCit's): a loose reading, unknown parts are ignored. */
export const RunReportSchema = z.object({
  kinds: z.record(z.string(), Counts).optional(),
  paymentsByYear: z.record(z.string(), Totals).optional(),
  reconciled: z.boolean().optional(),
  ticketsByStatus: z.record(z.string(), Counts).optional(),
  skipped: z.array(LeftOut).optional(),
  failed: z.array(LeftOut).optional(),
  warnings: z.array(z.string()).optional(),
  rejected: z.array(z.object({ file: z.string(), line: z.number(), message: z.string() })).optional(),
});
export type RunReport = z.infer<typeof RunReportSchema>;
