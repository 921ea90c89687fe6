import { z } from 'zod';
import { isValidNumericFiscalCode } from './fiscal-code';
import { PageQuerySchema, pageOf } from './pagination';

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

export const EnteDetailSchema = EnteSummarySchema.extend({
  capofila: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  capofilaPays: z.boolean(),
  members: z.array(z.object({ id: z.uuid(), name: z.string() })),
  population: z.array(PopulationSchema),
  memberships: z.array(MembershipSchema),
}).meta({ id: 'EnteDetail' });
export type EnteDetail = z.infer<typeof EnteDetailSchema>;

export const EnteListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  kind: EnteKindSchema.optional(),
});
export type EnteListQuery = z.infer<typeof EnteListQuerySchema>;

export const EnteListSchema = pageOf(EnteSummarySchema).meta({ id: 'EnteList' });
export type EnteList = z.infer<typeof EnteListSchema>;
