import { z } from 'zod';

/** Runs of the MoOne import (`npm run import -- moone …`) with their reconciliation report, newest first. */
export const ImportRunSchema = z
  .object({
    id: z.uuid(),
    source: z.enum(['moone']),
    status: z.enum(['running', 'done', 'failed']),
    options: z.record(z.string(), z.unknown()),
    startedAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
    error: z.string().nullable(),
    /** The report as the command wrote it in JSON (counts per kind, status, year and Ente; rows left out). */
    report: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'ImportRun' });
export type ImportRun = z.infer<typeof ImportRunSchema>;

export const ImportRunListSchema = z.object({ items: z.array(ImportRunSchema) }).meta({ id: 'ImportRunList' });
export type ImportRunList = z.infer<typeof ImportRunListSchema>;
