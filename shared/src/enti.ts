import { z } from 'zod';
import { isValidNumericFiscalCode } from './fiscal-code';
import { PageQuerySchema, pageOf } from './pagination';
import { VersionSchema } from './audit';

export const ENTE_KINDS = [
  'comune',
  'comune_capoluogo',
  'comunita_montana',
  'unione_comuni',
  'consorzio',
  'azienda_speciale',
  'ente_non_territoriale',
] as const;
export const EnteKindSchema = z.enum(ENTE_KINDS).meta({ id: 'EnteKind' });
export type EnteKind = z.infer<typeof EnteKindSchema>;

export const FiscalCodeSchema = z
  .string()
  .trim()
  .refine(isValidNumericFiscalCode, 'Codice fiscale / P.IVA non valido: servono 11 cifre con la cifra di controllo corretta.');

export const EnteSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: EnteKindSchema,
    fiscalCode: z.string(),
    pec: z.string().nullable(),
    capofilaId: z.uuid().nullable(),
    /** False once deactivated (or merged into another Ente): it cannot be chosen for new tickets or requests. */
    active: z.boolean(),
  })
  .meta({ id: 'EnteSummary' });
export type EnteSummary = z.infer<typeof EnteSummarySchema>;

export const PopulationSchema = z
  .object({
    /** Residents and businesses are counted at 31 December of this year. */
    asOfYear: z.number().int(),
    residents: z.number().int().min(0),
    businesses: z.number().int().min(0),
  })
  .meta({ id: 'Population' });
export type Population = z.infer<typeof PopulationSchema>;

export const MembershipSchema = z
  .object({
    period: z.string().meta({ example: '2026-2030' }),
    signedOn: z.iso.date(),
    resolutionNumber: z.string(),
    resolutionDate: z.iso.date(),
    signer: z.string(),
  })
  .meta({ id: 'Membership' });
export type Membership = z.infer<typeof MembershipSchema>;

const EnteRefSchema = z.object({ id: z.uuid(), name: z.string() });

/** One capofila relation and the days it held; `validTo` null is the relation in force. */
export const CapofilaPeriodSchema = z
  .object({
    capofila: EnteRefSchema,
    capofilaPays: z.boolean(),
    validFrom: z.iso.date(),
    validTo: z.iso.date().nullable(),
  })
  .meta({ id: 'CapofilaPeriod' });
export type CapofilaPeriod = z.infer<typeof CapofilaPeriodSchema>;

export const EnteDetailSchema = EnteSummarySchema.extend({
  istatCode: z.string().nullable(),
  ipaCode: z.string().nullable(),
  deactivatedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The Ente this one was merged into ("fuso in … dal …"), and from which day. */
  mergedInto: EnteRefSchema.extend({ mergedOn: z.iso.date() }).nullable(),
  /** Enti merged into this one. */
  mergedFrom: z.array(EnteRefSchema.extend({ mergedOn: z.iso.date() })),
  version: VersionSchema,
  capofila: EnteRefSchema.nullable(),
  capofilaPays: z.boolean(),
  capofilaHistory: z.array(CapofilaPeriodSchema),
  members: z.array(EnteRefSchema),
  population: z.array(PopulationSchema),
  memberships: z.array(MembershipSchema),
}).meta({ id: 'EnteDetail' });
export type EnteDetail = z.infer<typeof EnteDetailSchema>;

export const EnteListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  kind: EnteKindSchema.optional(),
  /** `true`: only Enti that can be chosen for new tickets and requests. */
  active: z.enum(['true', 'false']).optional(),
});
export type EnteListQuery = z.infer<typeof EnteListQuerySchema>;

export const EnteListSchema = pageOf(EnteSummarySchema).meta({ id: 'EnteList' });
export type EnteList = z.infer<typeof EnteListSchema>;

// ---- Writes by the CIT admins ------------------------------------------------------------------------------

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const IstatCodeSchema = z.preprocess(
  emptyToNull,
  z.string().trim().regex(/^\d{6}$/, 'Il codice ISTAT è di 6 cifre (es. 017001).').nullable(),
);
export const IpaCodeSchema = z.preprocess(
  emptyToNull,
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_]{2,20}$/, 'Il codice IPA ha da 2 a 20 caratteri tra lettere, cifre e trattino basso (es. c_b157).')
    .nullable(),
);
export const PecSchema = z.preprocess(
  emptyToNull,
  z.string().trim().toLowerCase().max(200).pipe(z.email('Indirizzo PEC non valido.')).nullable(),
);
const EnteNameSchema = z.string().trim().min(2, 'Il nome è obbligatorio.').max(200, 'Il nome è troppo lungo (massimo 200 caratteri).');
const RomeDateSchema = z.iso.date('Data non valida (AAAA-MM-GG).');

const EnteFieldsSchema = z.object({
  name: EnteNameSchema,
  kind: EnteKindSchema,
  fiscalCode: FiscalCodeSchema,
  istatCode: IstatCodeSchema.optional(),
  ipaCode: IpaCodeSchema.optional(),
  pec: PecSchema.optional(),
  capofilaId: z.uuid('Ente capofila non valido.').nullable().optional(),
  capofilaPays: z.boolean().optional(),
  /** From which day the capofila relation given here holds (default today). */
  capofilaFrom: RomeDateSchema.optional(),
});

export const CreateEnteSchema = EnteFieldsSchema.meta({ id: 'CreateEnte' });
export type CreateEnte = z.infer<typeof CreateEnteSchema>;

/** Only the fields sent change; `version` is the one read (409 if someone saved in between). */
export const UpdateEnteSchema = EnteFieldsSchema.partial()
  .extend({ version: VersionSchema })
  .meta({ id: 'UpdateEnte' });
export type UpdateEnte = z.infer<typeof UpdateEnteSchema>;

export const EnteVersionSchema = z.object({ version: VersionSchema }).meta({ id: 'EnteVersion' });
export type EnteVersion = z.infer<typeof EnteVersionSchema>;

export const MergeEnteSchema = z
  .object({
    intoId: z.uuid("Scelga l'Ente in cui confluisce."),
    mergedOn: RomeDateSchema,
    version: VersionSchema,
  })
  .meta({ id: 'MergeEnte' });
export type MergeEnte = z.infer<typeof MergeEnteSchema>;

/** What a merger moves to the Ente it flows into, row counts by kind. */
export const MERGE_MOVED_KEYS = [
  'tickets',
  'serviceRecords',
  'serviceRecordsAsPayer',
  'billingEntries',
  'billingEntriesAsPayer',
  'surveys',
  'users',
] as const;
export const MergeMovedSchema = z
  .object(Object.fromEntries(MERGE_MOVED_KEYS.map((k) => [k, z.number().int()])) as Record<(typeof MERGE_MOVED_KEYS)[number], z.ZodNumber>)
  .meta({ id: 'MergeMoved' });
export type MergeMoved = z.infer<typeof MergeMovedSchema>;

export const MergeResultSchema = z.object({ ente: EnteDetailSchema, moved: MergeMovedSchema }).meta({ id: 'MergeResult' });
export type MergeResult = z.infer<typeof MergeResultSchema>;
