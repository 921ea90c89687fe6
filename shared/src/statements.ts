import { z } from 'zod';
import { intParam } from './request-values';

/** Half-year statements ("estratti conto semestrali") and the background runs that generate them. */

const Ref = z.object({ id: z.uuid(), name: z.string() });
const year = intParam('Anno', 2000, 2200);
/** 1 = January–June, 2 = July–December. */
const half = intParam('Semestre', 1, 2);

export const STATEMENT_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type StatementRunStatus = (typeof STATEMENT_RUN_STATUSES)[number];

export const StatementRunCreateSchema = z.object({ year, half }).meta({ id: 'StatementRunCreate' });
export type StatementRunCreate = z.infer<typeof StatementRunCreateSchema>;

export const StatementRunSchema = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    half: z.union([z.literal(1), z.literal(2)]),
    status: z.enum(STATEMENT_RUN_STATUSES),
    /** Payers to go through; 0 until the job has counted them. */
    total: z.number().int(),
    done: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'StatementRun' });
export type StatementRunDto = z.infer<typeof StatementRunSchema>;

export const StatementListQuerySchema = z.object({
  year: year.optional(),
  half: half.optional(),
  /** The paying Ente; an Ente referent sees only the statements its own Enti pay anyway. */
  enteId: z.uuid().optional(),
});
export type StatementListQuery = z.infer<typeof StatementListQuerySchema>;

export const StatementSchema = z
  .object({
    id: z.uuid(),
    payer: Ref,
    year: z.number().int(),
    half: z.union([z.literal(1), z.literal(2)]),
    totalCents: z.number().int(),
    dueOn: z.iso.date(),
    entryCount: z.number().int(),
    /** Also lists the entries of member Enti the payer (a capofila) pays for. */
    consolidated: z.boolean(),
    generatedAt: z.iso.datetime({ offset: true }),
    /** «n. 12/2026»: unique per year, kept when the statement is rendered again (then `version` grows). */
    number: z.number().int(),
    version: z.number().int(),
    /** The balance as at the end of the half-year: carried + totalCents − payments = outstanding. */
    carriedCents: z.number().int(),
    paymentsCents: z.number().int(),
    outstandingCents: z.number().int(),
    pagopaNoticeCode: z.string().nullable(),
  })
  .meta({ id: 'Statement' });
export type StatementDto = z.infer<typeof StatementSchema>;

export const StatementListSchema = z.object({ items: z.array(StatementSchema) }).meta({ id: 'StatementList' });
export type StatementList = z.infer<typeof StatementListSchema>;
