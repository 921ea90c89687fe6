import { z } from 'zod';
import { intParam } from './request-values';
import { ServiceCodeEnum } from './catalog';
import { SignedFormCheckSchema, type SignedFormCheck } from './signed-form';

/*
 * The signed request form an activation/cancellation needs (DOMAIN "The signed request form", seeds 003 B3.2
 * and 004): a PDF/A digitally signed (CAdES .p7m or PAdES), or a form signed by hand plus an identity document
 * of the signer. The rule below decides on the whole submission (all its files), not file by file.
 */

export const FORM_OUTCOMES = ['digital_ok', 'handwritten_with_id', 'missing', 'failed'] as const;
export const FormOutcomeSchema = z.enum(FORM_OUTCOMES).meta({ id: 'FormOutcome' });
export type FormOutcome = z.infer<typeof FormOutcomeSchema>;

export const FORM_MESSAGES = {
  digitalOk: 'Modulo firmato digitalmente: firma valida.',
  handwritten: "Firma autografa: verificare il documento d'identità del firmatario.",
  missing:
    "Allegare il modulo di richiesta firmato: PDF/A firmato digitalmente (CAdES .p7m o PAdES), oppure modulo firmato a mano con il documento d'identità del firmatario.",
  failed: 'Il modulo di richiesta allegato non supera il controllo della firma.',
  noId: "Modulo firmato a mano: manca il documento d'identità del firmatario (immagine o PDF).",
  notPdfA: 'Il modulo firmato a mano non dichiara la conformità PDF/A.',
} as const;

export const FormRequirementSchema = z
  .object({
    outcome: FormOutcomeSchema,
    /** The submission may be sent: `digital_ok` or `handwritten_with_id`. */
    passes: z.boolean(),
    /** One sentence for the user, in Italian. */
    message: z.string(),
    /** Why it does not pass, in Italian (from the signature check of each file, or the missing identity document). */
    problems: z.array(z.string()),
    /** What an approver should look at even when it passes (hand-signed, not PDF/A). */
    warnings: z.array(z.string()),
  })
  .meta({ id: 'FormRequirement' });
export type FormRequirement = z.infer<typeof FormRequirementSchema>;

export type FormFileKind = 'pdf' | 'signed_p7m' | 'image' | 'office' | 'text';

/** A file of the submission: its sniffed kind and, for a PDF or .p7m, the signed-form check. */
export interface FormFile {
  fileName: string;
  kind: FormFileKind;
  check: SignedFormCheck | null;
}

const isFormKind = (kind: FormFileKind) => kind === 'pdf' || kind === 'signed_p7m';

/**
 * The rule: a digitally signed form with a valid check passes; otherwise a plain (unsigned) PDF passes as a
 * hand-signed form when an identity document comes with it (an image, or another PDF); anything else fails,
 * with the problems of the checked files, or is missing when no PDF or .p7m was attached at all.
 */
export function formRequirement(files: readonly FormFile[]): FormRequirement {
  const forms = files.filter((f) => isFormKind(f.kind) && f.check !== null);
  if (forms.length === 0) return { outcome: 'missing', passes: false, message: FORM_MESSAGES.missing, problems: [FORM_MESSAGES.missing], warnings: [] };

  if (forms.some((f) => f.check?.verdict === 'valid')) return { outcome: 'digital_ok', passes: true, message: FORM_MESSAGES.digitalOk, problems: [], warnings: [] };

  const handSigned = forms.find((f) => f.kind === 'pdf' && f.check?.verdict === 'unsigned');
  if (handSigned) {
    // The identity document: any image, or a PDF other than the form (a scanned ID card is often a PDF).
    const id = files.find((f) => f !== handSigned && (f.kind === 'image' || (f.kind === 'pdf' && f.check?.verdict !== 'valid')));
    if (id) {
      const warnings: string[] = [FORM_MESSAGES.handwritten];
      if (!handSigned.check?.pdfA.declared) warnings.push(FORM_MESSAGES.notPdfA);
      return { outcome: 'handwritten_with_id', passes: true, message: FORM_MESSAGES.handwritten, problems: [], warnings };
    }
  }

  const problems: string[] = [];
  if (handSigned) problems.push(FORM_MESSAGES.noId);
  for (const f of forms) {
    if (f === handSigned) continue;
    for (const p of f.check?.problems ?? []) problems.push(`${f.fileName}: ${p}`);
  }
  return { outcome: 'failed', passes: false, message: FORM_MESSAGES.failed, problems, warnings: [] };
}

/** Answer of the pre-submission check: the rule's outcome and each file's signature check. */
export const FormCheckResultSchema = z
  .object({
    requirement: FormRequirementSchema,
    files: z.array(z.object({ fileName: z.string(), kind: z.enum(['pdf', 'signed_p7m', 'image', 'office', 'text']), check: SignedFormCheckSchema.nullable() })),
  })
  .meta({ id: 'FormCheckResult' });
export type FormCheckResult = z.infer<typeof FormCheckResultSchema>;

const person = (what: string) =>
  z
    .string()
    .trim()
    .min(2, `${what}: almeno 2 caratteri`)
    .max(200, `${what}: al massimo 200 caratteri`);

/** What the wizard knows before submission: the pre-filled request form is generated from it. */
export const RequestFormDraftSchema = z
  .object({
    category: z.enum(['activation', 'cancellation']),
    serviceCode: ServiceCodeEnum,
    variant: z.string().regex(/^[a-z_]{2,30}$/).optional(),
    /** Required for staff and capofila users with several Enti. */
    enteId: z.uuid().optional(),
    quantity: intParam('Quantità', 1, 100).default(1),
    unitLabels: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
    targetRecordIds: z.array(z.uuid()).max(100).default([]),
    signatoryName: person('Nome e cognome del firmatario'),
    signatoryRole: person('Ruolo del firmatario'),
    /** A ticket already sent: its protocol is printed on the form. */
    ticketId: z.uuid().optional(),
  })
  .refine((d) => d.category !== 'cancellation' || d.targetRecordIds.length > 0, {
    path: ['targetRecordIds'],
    message: 'Indicare quale servizio attivo disdire.',
  })
  .refine((d) => d.unitLabels.length <= d.quantity, { path: ['unitLabels'], message: 'Più etichette che unità richieste.' })
  .meta({ id: 'RequestFormDraft' });
export type RequestFormDraft = z.infer<typeof RequestFormDraftSchema>;
