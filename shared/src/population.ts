import { z } from 'zod';
import { VersionSchema } from './audit';
import { EnteKindSchema } from './enti';
import { intParam } from './request-values';

/** The year of the 31 December count (residents "al 31/12/2026" price the year 2027); path parameter or form field. */
export const PopulationYearSchema = intParam('Anno (31 dicembre)', 1990, 2200);

const count = (what: string) =>
  z
    .number({ error: `${what}: indichi un numero intero.` })
    .int({ error: `${what}: indichi un numero intero.` })
    .min(0, { error: `${what}: non può essere negativo.` })
    .max(100_000_000, { error: `${what}: valore troppo grande.` });

/** Residents and registered businesses of an Ente at 31 December of `asOfYear`, as edited by the CIT. */
export const PopulationRecordSchema = z
  .object({
    enteId: z.uuid(),
    asOfYear: z.number().int(),
    residents: z.number().int().min(0),
    businesses: z.number().int().min(0),
    version: VersionSchema,
  })
  .meta({ id: 'PopulationRecord' });
export type PopulationRecord = z.infer<typeof PopulationRecordSchema>;

export const PopulationListSchema = z.object({ items: z.array(PopulationRecordSchema) }).meta({ id: 'PopulationList' });
export type PopulationList = z.infer<typeof PopulationListSchema>;

export const PopulationParamsSchema = z.object({ id: z.uuid({ error: 'Ente non valido.' }), year: PopulationYearSchema });

/** Create (no version) or update (the version read) one year of an Ente. */
export const PopulationUpdateSchema = z
  .object({
    residents: count('Abitanti'),
    businesses: count('Imprese'),
    version: VersionSchema.optional(),
  })
  .meta({ id: 'PopulationUpdate' });
export type PopulationUpdate = z.infer<typeof PopulationUpdateSchema>;

export const PopulationDeleteSchema = z.object({ version: VersionSchema }).meta({ id: 'PopulationDelete' });

const Figures = z.object({ residents: z.number().int(), businesses: z.number().int() });

/** The quota an Ente will owe in the year after the count, before and after the import (null: not computable, see `error`). */
export const QuotaEffectSchema = z.object({
  amountCents: z.number().int().nullable(),
  /** The rule applied («8.757 abitanti × 0,175 (fascia 5.001–10.000)…») or why it cannot be computed. */
  rule: z.string(),
  /** The residents band of the quota («5.001–10.000»); null when the quota does not go by band. */
  band: z.string().nullable(),
  /** The 31 December the residents were counted (the previous year's when the imported year was not on file). */
  residentsYear: z.number().int(),
});
export type QuotaEffect = z.infer<typeof QuotaEffectSchema>;

export const PopulationImportChangeSchema = z
  .object({
    line: z.number().int(),
    ente: z.object({ id: z.uuid(), name: z.string(), kind: EnteKindSchema, istatCode: z.string() }),
    before: Figures.nullable(),
    after: Figures,
    quotaBefore: QuotaEffectSchema,
    quotaAfter: QuotaEffectSchema,
    bandChanged: z.boolean(),
  })
  .meta({ id: 'PopulationImportChange' });
export type PopulationImportChange = z.infer<typeof PopulationImportChangeSchema>;

/** What an ISTAT import would change; nothing is written until it is applied by id. */
export const PopulationImportPreviewSchema = z
  .object({
    id: z.uuid(),
    asOfYear: z.number().int(),
    /** The year whose quotas these figures price. */
    quotaYear: z.number().int(),
    fileName: z.string(),
    lines: z.number().int(),
    unchanged: z.number().int(),
    changes: z.array(PopulationImportChangeSchema),
    bandChanges: z.number().int(),
  })
  .meta({ id: 'PopulationImportPreview' });
export type PopulationImportPreview = z.infer<typeof PopulationImportPreviewSchema>;

export const PopulationImportResultSchema = z
  .object({ id: z.uuid(), asOfYear: z.number().int(), applied: z.number().int() })
  .meta({ id: 'PopulationImportResult' });
export type PopulationImportResult = z.infer<typeof PopulationImportResultSchema>;
