import { z } from 'zod';
import { VersionSchema } from './audit';
import { dayParam, intParam } from './request-values';
import { isValidPersonalFiscalCode } from './fiscal-code';

const date = (what: string) => dayParam(what);
const text = (what: string, max: number) =>
  z
    .string({ error: `${what}: campo obbligatorio.` })
    .trim()
    .min(1, { error: `${what}: campo obbligatorio.` })
    .max(max, { error: `${what}: al massimo ${max} caratteri.` });

/** The convention periods a membership can belong to (convention_periods). */
export const PeriodCodeSchema = z.string().regex(/^\d{4}-\d{4}$/, { error: 'Convenzione non valida: indichi il periodo (es. 2026-2030).' });

/** The convention period whose Comuni pay the quota recorded for them instead of a formula (DOMAIN.md, 2021-2025). */
export const RECORDED_QUOTA_PERIOD = '2021-2025';

/** A signed Convenzione of an Ente, as SoftwareCit kept it («Convenzioni erogate»). */
export const MembershipRecordSchema = z
  .object({
    id: z.uuid(),
    enteId: z.uuid(),
    period: z.string(),
    signer: z.string(),
    /** The signatory's codice fiscale, when known: the approver's verdict then matches a signature by it, not by name. */
    signerFiscalCode: z.string().nullable(),
    signedOn: z.iso.date(),
    resolutionNumber: z.string(),
    resolutionDate: z.iso.date(),
    joinedOn: z.iso.date().nullable(),
    leftOn: z.iso.date().nullable(),
    payer: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    /** 2021-2025 only: the yearly quota recorded for a Comune, in cents. */
    recordedQuotaCents: z.number().int().nullable(),
    document: z.object({ fileName: z.string(), size: z.number().int(), mime: z.string() }).nullable(),
    version: VersionSchema,
  })
  .meta({ id: 'MembershipRecord' });
export type MembershipRecord = z.infer<typeof MembershipRecordSchema>;

export const MembershipListSchema = z.object({ items: z.array(MembershipRecordSchema) }).meta({ id: 'MembershipList' });
export type MembershipList = z.infer<typeof MembershipListSchema>;

/** Optional: spaces dropped, upper-cased, checked with its control letter; empty means not known. */
const signerFiscalCode = z
  .string({ error: 'Codice fiscale del firmatario: indicare un testo.' })
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .refine((s) => s === '' || isValidPersonalFiscalCode(s), {
    error: 'Codice fiscale del firmatario non valido: servono 16 caratteri con il carattere di controllo corretto.',
  })
  .transform((s) => (s === '' ? null : s))
  .nullable();

const fields = {
  signer: text('Firmatario', 200),
  signerFiscalCode,
  signedOn: date('Data di firma'),
  resolutionNumber: text('Numero della delibera', 100),
  resolutionDate: date('Data della delibera'),
  joinedOn: date('Inizio adesione').nullable(),
  leftOn: date('Fine adesione').nullable(),
  payerEnteId: z.uuid({ error: 'Ente pagante non valido.' }).nullable(),
  recordedQuotaCents: z
    .number({ error: 'Quota registrata: indichi un importo in centesimi.' })
    .int({ error: 'Quota registrata: indichi un importo in centesimi.' })
    .min(0, { error: 'Quota registrata: non può essere negativa.' })
    .max(100_000_000, { error: 'Quota registrata: importo troppo grande.' })
    .nullable(),
};

export const MembershipCreateSchema = z
  .object({
    period: PeriodCodeSchema,
    ...fields,
    signerFiscalCode: fields.signerFiscalCode.optional(),
    joinedOn: fields.joinedOn.optional(),
    leftOn: fields.leftOn.optional(),
    payerEnteId: fields.payerEnteId.optional(),
    recordedQuotaCents: fields.recordedQuotaCents.optional(),
  })
  .meta({ id: 'MembershipCreate' });
export type MembershipCreate = z.infer<typeof MembershipCreateSchema>;

/** Only the fields sent change; `version` is the one read. */
export const MembershipUpdateSchema = z
  .object({
    signer: fields.signer.optional(),
    signerFiscalCode: fields.signerFiscalCode.optional(),
    signedOn: fields.signedOn.optional(),
    resolutionNumber: fields.resolutionNumber.optional(),
    resolutionDate: fields.resolutionDate.optional(),
    joinedOn: fields.joinedOn.optional(),
    leftOn: fields.leftOn.optional(),
    payerEnteId: fields.payerEnteId.optional(),
    recordedQuotaCents: fields.recordedQuotaCents.optional(),
    version: VersionSchema,
  })
  .meta({ id: 'MembershipUpdate' });
export type MembershipUpdate = z.infer<typeof MembershipUpdateSchema>;

export const MembershipDeleteSchema = z.object({ version: VersionSchema }).meta({ id: 'MembershipDelete' });

/** The multipart text field that travels with the signed document. */
export const MembershipDocumentFormSchema = z.object({ version: intParam('Versione del record', 0, 2_147_483_647) });
