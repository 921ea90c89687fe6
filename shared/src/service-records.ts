import { z } from 'zod';
import { intParam } from './request-values';

const Ref = z.object({ id: z.uuid(), name: z.string() });
const isoDate = z.iso.date();

export const ServiceRecordSchema = z
  .object({
    id: z.uuid(),
    ente: Ref,
    payer: Ref,
    serviceCode: z.string(),
    variant: z.string().nullable(),
    unitIndex: z.number().int(),
    unitLabel: z.string().nullable(),
    conventionPeriod: z.string(),
    /** The request ticket; null for records imported from SoftwareCit, whose requests predate this product. */
    requestTicketId: z.uuid().nullable(),
    requestDate: isoDate,
    protocol: z.string(),
    referentName: z.string(),
    referentEmail: z.string(),
    feeType: z.enum(['annual', 'one_off', 'usage', 'none']),
    free: z.boolean(),
    freeReason: z.string(),
    startsOn: isoDate,
    endsOn: isoDate.nullable(),
    /** Set when the 1 January renewal ended the unit: the new list does not offer it, or the Ente did not join the new convention. */
    endReason: z.enum(['not_offered', 'no_membership']).nullable(),
    annualCents: z.number().int().nullable(),
    vatStatus: z.string(),
    cancellationProtocol: z.string().nullable(),
    cancellationRequestedOn: isoDate.nullable(),
    /** The signed request form (a ticket attachment), downloadable by whoever sees the ticket. */
    formAttachmentId: z.uuid().nullable(),
    /** The technology partner (fornitore di competenza) that delivers the unit. */
    supplier: Ref.nullable(),
    /** CIT staff notes (free text, editable by the staff); visible to the Ente. */
    notes: z.string().nullable(),
    /** What was billed once for this unit (activation and one-off entries); 0 when nothing. */
    oneOffCents: z.number().int(),
    active: z.boolean(),
  })
  .meta({ id: 'ServiceRecord' });
export type ServiceRecordDto = z.infer<typeof ServiceRecordSchema>;

/** "PEC: 3 di 4 gratuite": what the Ente has used of each service's allowance in the convention in force. */
export const AllowanceUsageSchema = z
  .object({
    serviceCode: z.string(),
    used: z.number().int(),
    allowance: z.number().int().nullable(),
    active: z.number().int(),
  })
  .meta({ id: 'AllowanceUsage' });

export const ServiceRecordNotesSchema = z
  .object({ notes: z.string('Note: testo atteso').trim().max(4000, 'Note: al massimo 4.000 caratteri').nullable() })
  .meta({ id: 'ServiceRecordNotes' });
export type ServiceRecordNotes = z.infer<typeof ServiceRecordNotesSchema>;

export const ServiceRecordListQuerySchema = z.object({
  enteId: z.uuid().optional(),
  serviceCode: z.string().max(40).optional(),
  /** `active` (default): running or ending later; `all`: also ended ones. */
  status: z.enum(['active', 'all']).default('active'),
});

export const ServiceRecordListSchema = z
  .object({ items: z.array(ServiceRecordSchema), usage: z.array(AllowanceUsageSchema) })
  .meta({ id: 'ServiceRecordList' });
export type ServiceRecordList = z.infer<typeof ServiceRecordListSchema>;

export const BillingEntrySchema = z
  .object({
    id: z.uuid(),
    ente: Ref,
    payer: Ref,
    serviceRecordId: z.uuid().nullable(),
    kind: z.enum(['activation', 'annual', 'one_off', 'usage', 'quota']),
    serviceCode: z.string().nullable(),
    year: z.number().int(),
    half: z.union([z.literal(1), z.literal(2)]),
    description: z.string(),
    amountCents: z.number().int(),
    status: z.enum(['assessed', 'collected']),
    actReference: z.string().nullable(),
    dueOn: isoDate.nullable(),
    collectedOn: isoDate.nullable(),
    /** Capitolo di bilancio. */
    budgetChapter: z.string().nullable(),
    /** Accertamento: number and date, set together. */
    assessmentNumber: z.string().nullable(),
    assessmentDate: isoDate.nullable(),
    /** Residuo: accertato − riscosso. */
    outstandingCents: z.number().int(),
  })
  .meta({ id: 'BillingEntry' });
export type BillingEntryDto = z.infer<typeof BillingEntrySchema>;

const flag = z.enum(['true', 'false'], 'Valore atteso: true o false').transform((v) => v === 'true');

export const BillingEntryListQuerySchema = z.object({
  enteId: z.uuid().optional(),
  year: intParam('Anno', 2000, 2200).optional(),
  /** The budget chapter, matched from its start («3100936» finds «3100936 - SERVIZI INFORMATICI …»). */
  chapter: z.string().trim().min(1).max(200, 'Capitolo: al massimo 200 caratteri').optional(),
  /** `present`: entries with an accertamento; `missing`: those still without one. */
  assessment: z.enum(['present', 'missing'], 'Accertamento: «present» o «missing»').optional(),
  /** true: only entries with something still to collect (residuo > 0). */
  outstanding: flag.optional(),
});
export type BillingEntryListQuery = z.input<typeof BillingEntryListQuerySchema>;
export const BillingEntryListSchema = z
  .object({
    items: z.array(BillingEntrySchema),
    totals: z.object({ assessedCents: z.number().int(), collectedCents: z.number().int(), outstandingCents: z.number().int() }),
  })
  .meta({ id: 'BillingEntryList' });
export type BillingEntryList = z.infer<typeof BillingEntryListSchema>;

const ContractLineSchema = z.object({
  recordId: z.uuid(),
  ente: Ref,
  serviceCode: z.string(),
  unitLabel: z.string().nullable(),
  /** End date, or the cancellation deadline for the notice lists. */
  date: isoDate,
});
export const ContractsDashboardSchema = z
  .object({
    expiredLast30: z.array(ContractLineSchema),
    expiringNext7: z.array(ContractLineSchema),
    expiringNext30: z.array(ContractLineSchema),
    noticeNext7: z.array(ContractLineSchema),
    noticeNext30: z.array(ContractLineSchema),
  })
  .meta({ id: 'ContractsDashboard' });
export type ContractsDashboard = z.infer<typeof ContractsDashboardSchema>;

export const BillingTotalsSchema = z
  .object({
    year: z.number().int(),
    items: z.array(
      z.object({ ente: Ref, assessedCents: z.number().int(), collectedCents: z.number().int(), outstandingCents: z.number().int() }),
    ),
  })
  .meta({ id: 'BillingTotals' });
export type BillingTotals = z.infer<typeof BillingTotalsSchema>;
