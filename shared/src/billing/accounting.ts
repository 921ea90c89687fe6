import { z } from 'zod';

/**
 * The accounting of a billing entry as SoftwareCit kept it (kit del riuso, A5.3 «Accertamenti»): the budget chapter
 * (capitolo, e.g. «3100936 - SERVIZI INFORMATICI …») and the assessment act (accertamento «1003/2015» of a date).
 */

/** Residuo = accertato − riscosso. An entry is collected in full, so it is the whole amount until collected, then 0. */
export function outstandingCents(entry: { amountCents: number; status: 'assessed' | 'collected' }): number {
  return entry.status === 'collected' ? 0 : entry.amountCents;
}

const accountingDate = z.iso
  .date('Data dell’accertamento non valida (formato AAAA-MM-GG)')
  .refine((d) => d >= '2000-01-01' && d <= '2200-12-31', 'Data dell’accertamento fuori dagli anni ammessi (2000–2200).');

export const BudgetChapterSchema = z
  .string('Capitolo di bilancio: testo atteso')
  .trim()
  .min(1, 'Indicare il capitolo di bilancio')
  .max(200, 'Capitolo di bilancio: al massimo 200 caratteri')
  // The chapter number comes first («3100936 - SERVIZI INFORMATICI …»): a stray value is caught here, not in the books.
  .regex(/^\d{3,12}\b/, 'Capitolo di bilancio: deve iniziare con il numero del capitolo (es. «3100936 - SERVIZI INFORMATICI»)');

/** «1003/2015» or «1003»: the number the ragioneria gives the accertamento. */
export const AssessmentNumberSchema = z
  .string('Numero di accertamento: testo atteso')
  .trim()
  .min(1, 'Indicare il numero di accertamento')
  .max(40, 'Numero di accertamento: al massimo 40 caratteri')
  .regex(/^\d{1,10}(\/\d{4})?$/, 'Numero di accertamento non valido (es. «1003/2015» o «1003»)');

/**
 * What the CIT sets on entries. Each field is optional (keep what is there) and null clears it; number and date of
 * the accertamento go together.
 */
export const BillingAccountingSchema = z
  .object({
    budgetChapter: BudgetChapterSchema.nullable().optional(),
    assessmentNumber: AssessmentNumberSchema.nullable().optional(),
    assessmentDate: accountingDate.nullable().optional(),
  })
  .refine((a) => a.budgetChapter !== undefined || a.assessmentNumber !== undefined || a.assessmentDate !== undefined, {
    // Tied to the first field so that the form's error summary can point at it.
    path: ['budgetChapter'],
    message: 'Indicare almeno il capitolo o l’accertamento.',
  })
  .refine((a) => (a.assessmentNumber === undefined) === (a.assessmentDate === undefined) && (a.assessmentNumber === null) === (a.assessmentDate === null), {
    path: ['assessmentDate'],
    message: 'Numero e data dell’accertamento vanno indicati insieme.',
  })
  .meta({ id: 'BillingAccounting' });
export type BillingAccounting = z.infer<typeof BillingAccountingSchema>;

export const BillingAccountingBulkSchema = z
  .object({
    ids: z.array(z.uuid('Identificativo di addebito non valido')).min(1, 'Selezionare almeno un addebito').max(5000, 'Al massimo 5.000 addebiti alla volta'),
    accounting: BillingAccountingSchema,
  })
  .meta({ id: 'BillingAccountingBulk' });
export type BillingAccountingBulk = z.infer<typeof BillingAccountingBulkSchema>;

export const BillingAccountingResultSchema = z.object({ updated: z.number().int() }).meta({ id: 'BillingAccountingResult' });
