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

/**
 * How Enti pay the CIT, printed on every statement generated from then on: a transfer between public bodies on the
 * Provincia's Tesoreria Unica account, a bank transfer to its IBAN, or the pagoPA notice of each statement.
 */
export const PaymentSettingsSchema = z
  .object({
    beneficiary: z.string(),
    treasuryAccount: z.string().nullable(),
    iban: z.string().nullable(),
    notes: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'PaymentSettings' });
export type PaymentSettings = z.infer<typeof PaymentSettingsSchema>;

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const UpdatePaymentSettingsSchema = z
  .object({
    beneficiary: z.string('Indichi il beneficiario.').trim().min(3, 'Beneficiario: almeno 3 caratteri.').max(200, 'Beneficiario: al massimo 200 caratteri.'),
    /** The Banca d'Italia Tesoreria Unica account number (digits only). */
    treasuryAccount: z.preprocess(
      blankToNull,
      z.string().trim().regex(/^\d{5,9}$/, 'Conto di Tesoreria Unica: da 5 a 9 cifre, senza spazi.').nullable(),
    ),
    /** Checked against its check digits by the server (ibantools); spaces and lower case are accepted. */
    iban: z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : v),
      z.preprocess(blankToNull, z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, 'IBAN non valido: 2 lettere, 2 cifre di controllo e il codice del conto.').nullable()),
    ),
    notes: z.string().trim().max(1000, 'Note: al massimo 1000 caratteri.').default(''),
    version: z.number('Versione mancante: ricarichi la pagina.').int().min(0),
  })
  .meta({ id: 'UpdatePaymentSettings' });
export type UpdatePaymentSettings = z.infer<typeof UpdatePaymentSettingsSchema>;

/**
 * The pagoPA notice code («codice avviso») the CIT issued for one statement: 18 digits, the first (aux digit) 0–3;
 * null removes it. Setting it renders the statement again (same number, next version).
 */
export const StatementPagoPaSchema = z
  .object({
    noticeCode: z.preprocess(
      (v) => (typeof v === 'string' ? (v.replace(/\s+/g, '') === '' ? null : v.replace(/\s+/g, '')) : v),
      z.string().regex(/^[0-3]\d{17}$/, 'Codice avviso pagoPA: 18 cifre, la prima da 0 a 3.').nullable(),
    ),
  })
  .meta({ id: 'StatementPagoPa' });
