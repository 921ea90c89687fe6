import { z } from 'zod';

export const IMPORT_SOURCES = ['moone', 'softwarecit'] as const;
export type ImportSourceName = (typeof IMPORT_SOURCES)[number];

/**
 * Runs of the imports with their reconciliation report, newest first: MoOne (`npm run import -- moone …`) and
 * SoftwareCit (`npm run import -- softwarecit …` or the admin page, which runs it in a background job).
 */
export const ImportRunSchema = z
  .object({
    id: z.uuid(),
    source: z.enum(IMPORT_SOURCES),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    dryRun: z.boolean(),
    /** Rows handled so far and in all (the admin page's progress bar). */
    done: z.number().int(),
    total: z.number().int(),
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

/** The form fields of the SoftwareCit upload besides its three files (`conventions`, `records`, `payments`). */
export const SoftwareCitImportStartSchema = z
  .object({
    /** "true": read, check and report, write nothing. Multipart fields are text, hence the string values. */
    dryRun: z.enum(['true', 'false'], 'Prova: «true» o «false» attesi').default('false'),
  })
  .meta({ id: 'SoftwareCitImportStart' });
export type SoftwareCitImportStart = z.infer<typeof SoftwareCitImportStartSchema>;

/** The three files the SoftwareCit import reads, by form field, with the label used in messages. */
export const SOFTWARECIT_FILES = {
  conventions: 'convenzioni',
  records: 'servizi',
  payments: 'pagamenti',
} as const;
export type SoftwareCitFile = keyof typeof SOFTWARECIT_FILES;
