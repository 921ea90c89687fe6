import { z } from 'zod';
import { VersionSchema } from '../audit';
import { PriceListIdSchema, PriceListSchema } from './price-lists';

/** The API of versioned price lists: drafts copied from a published version, edited, previewed and published. */

const isoDate = z.iso.date({ error: 'Data non valida (formato AAAA-MM-GG).' });
const version = VersionSchema;

export const PriceListVersionStatusSchema = z.enum(['draft', 'published']).meta({ id: 'PriceListVersionStatus' });
export type PriceListVersionStatus = z.infer<typeof PriceListVersionStatusSchema>;

const Person = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const PriceListVersionSummarySchema = z
  .object({
    id: z.uuid(),
    period: PriceListIdSchema,
    name: z.string(),
    effectiveFrom: z.iso.date(),
    status: PriceListVersionStatusSchema,
    /** Published and the one applied today (the latest published of its period taking effect by today). */
    inForceToday: z.boolean(),
    /** Published but replaced from this date by a later published version of the same period. */
    supersededOn: z.iso.date().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    createdBy: Person,
    updatedAt: z.iso.datetime({ offset: true }),
    publishedAt: z.iso.datetime({ offset: true }).nullable(),
    publishedBy: Person,
    version,
  })
  .meta({ id: 'PriceListVersionSummary' });
export type PriceListVersionSummary = z.infer<typeof PriceListVersionSummarySchema>;

export const PriceListVersionListSchema = z.object({ items: z.array(PriceListVersionSummarySchema) }).meta({ id: 'PriceListVersionList' });
export type PriceListVersionList = z.infer<typeof PriceListVersionListSchema>;

export const PriceListVersionSchema = PriceListVersionSummarySchema.extend({ body: PriceListSchema }).meta({ id: 'PriceListVersion' });
export type PriceListVersion = z.infer<typeof PriceListVersionSchema>;

export const CreatePriceListVersionSchema = z
  .object({
    /** The version to copy (usually the one in force): the draft starts as its exact copy. */
    fromId: z.uuid({ error: 'Indichi la versione del listino da copiare.' }),
    effectiveFrom: isoDate,
  })
  .meta({ id: 'CreatePriceListVersion' });
export type CreatePriceListVersion = z.infer<typeof CreatePriceListVersionSchema>;

export const UpdatePriceListVersionSchema = z
  .object({
    version,
    effectiveFrom: isoDate,
    /** The whole list: services, variants, allowances, bands, prices and the quota rule. */
    body: PriceListSchema,
  })
  .meta({ id: 'UpdatePriceListVersion' });
export type UpdatePriceListVersion = z.infer<typeof UpdatePriceListVersionSchema>;

export const PublishPriceListVersionSchema = z.object({ version }).meta({ id: 'PublishPriceListVersion' });

export const PriceListPreviewQuerySchema = z.object({
  /** The year whose 1 January renewal and quotas are compared; by default the later of next year and the effective year. */
  year: z.coerce.number({ error: 'Anno non valido.' }).int({ error: 'Anno non valido.' }).min(2000, { error: 'Anno non valido.' }).max(2200, { error: 'Anno non valido.' }).optional(),
});

const Amount = z.object({
  /** Null when it cannot be computed (the reason is in `problem`) or when nothing is due. */
  beforeCents: z.number().int().nullable(),
  afterCents: z.number().int().nullable(),
});

export const PriceListPreviewRowSchema = z
  .object({
    ente: z.object({ id: z.uuid(), name: z.string() }),
    quota: Amount,
    /** Annual fees of the units renewed on 1 January (free units count 0). */
    renewals: Amount,
    /** Units renewed before and after, so a service the new version stops offering shows as fewer units. */
    renewedUnits: z.object({ before: z.number().int(), after: z.number().int() }),
    /** E.g. a Comune without residents on file: its amount cannot be computed with either list. */
    problem: z.string().nullable(),
    changed: z.boolean(),
  })
  .meta({ id: 'PriceListPreviewRow' });
export type PriceListPreviewRow = z.infer<typeof PriceListPreviewRowSchema>;

export const PriceListPreviewSchema = z
  .object({
    year: z.number().int(),
    /** The version applied on 1 January of `year` today, and the one that would apply once this draft is published. */
    before: z.object({ period: PriceListIdSchema, name: z.string(), effectiveFrom: z.iso.date() }),
    after: z.object({ period: PriceListIdSchema, name: z.string(), effectiveFrom: z.iso.date() }),
    rows: z.array(PriceListPreviewRowSchema),
    totals: z.object({ beforeCents: z.number().int(), afterCents: z.number().int(), changedEnti: z.number().int() }),
  })
  .meta({ id: 'PriceListPreview' });
export type PriceListPreview = z.infer<typeof PriceListPreviewSchema>;
