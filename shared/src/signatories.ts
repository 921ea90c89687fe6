import { z } from 'zod';

/*
 * People an Ente declares as authorised to sign its request forms (issue 20): besides the signatory of the
 * membership, e.g. the Segretario or the heads of the areas. The approver's verdict matches the codice fiscale
 * of a digital signature against them.
 */

/** A person's codice fiscale (16 characters; omocodia letters allowed), upper-cased. */
export const PersonFiscalCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/, 'Codice fiscale: 16 caratteri, es. RSSMRA80A01H501U');

export const EnteSignatorySchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    fiscalCode: z.string(),
    role: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'EnteSignatory' });
export type EnteSignatory = z.infer<typeof EnteSignatorySchema>;

export const EnteSignatoryListSchema = z.object({ items: z.array(EnteSignatorySchema) }).meta({ id: 'EnteSignatoryList' });
export type EnteSignatoryList = z.infer<typeof EnteSignatoryListSchema>;

export const EnteSignatoryCreateSchema = z
  .object({
    fullName: z.string().trim().min(2, 'Nome e cognome: almeno 2 caratteri').max(200, 'Nome e cognome: al massimo 200 caratteri'),
    fiscalCode: PersonFiscalCodeSchema,
    role: z.string().trim().min(2, 'Ruolo: almeno 2 caratteri').max(200, 'Ruolo: al massimo 200 caratteri'),
  })
  .meta({ id: 'EnteSignatoryCreate' });
export type EnteSignatoryCreate = z.infer<typeof EnteSignatoryCreateSchema>;
