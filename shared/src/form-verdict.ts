import { z } from 'zod';
import { formRequirement, type FormFile } from './request-form';
import type { SignedFormCheck } from './signed-form';

/*
 * One verdict for the approver (issue 20, point 4): the signed-form check of the files, the signer against the
 * requester and the Ente's authorised signatories, and the form against the request. "Non conforme" when
 * something contradicts the request or the signature fails; "Da verificare" when a person must look (who
 * signed, chain, revocation not verified, hand signature); "Conforme" only when every check holds.
 */

export const FORM_VERDICTS = ['conforme', 'da_verificare', 'non_conforme'] as const;
export const FormVerdictOutcomeSchema = z.enum(FORM_VERDICTS).meta({ id: 'FormVerdictOutcome' });

export const FormVerdictSchema = z
  .object({
    outcome: FormVerdictOutcomeSchema,
    /** Why it is not "Conforme", in Italian, for the approver. */
    reasons: z.array(z.string()),
    /** Who signed and in which capacity, when the form is digitally signed. */
    signer: z
      .object({ name: z.string().nullable(), fiscalCode: z.string().nullable(), capacity: z.enum(['requester', 'signatory', 'unknown']) })
      .nullable(),
  })
  .meta({ id: 'FormVerdict' });
export type FormVerdict = z.infer<typeof FormVerdictSchema>;

export interface AuthorisedSignatory {
  fullName: string;
  /**
   * Null only for a membership signatory whose codice fiscale was not recorded: that one is matched by name. With a
   * codice fiscale the match is by it alone (two people may share a name).
   */
  fiscalCode: string | null;
}

export interface FormVerdictInput {
  files: readonly FormFile[];
  requesterFiscalCode: string | null;
  signatories: readonly AuthorisedSignatory[];
  request: { category: 'activation' | 'cancellation'; serviceCode: string | null; quantity: number; enteFiscalCode: string };
}

export const VERDICT_REASONS = {
  handwritten: "Modulo firmato a mano: verificare la firma e il documento d'identità del firmatario.",
  noFiscalCode: 'Il certificato del firmatario non riporta il codice fiscale.',
  unknownSigner: (who: string) => `Il firmatario (${who}) non è il richiedente né un firmatario autorizzato dell'Ente.`,
  chain: "Catena di certificazione non verificata sull'elenco di fiducia.",
  revocation: 'Revoca non verificata.',
  notQualified: 'Il certificato non dichiara di essere qualificato.',
  noIdentification: 'Il modulo non è quello generato dalla piattaforma: verificare servizio, quantità ed Ente.',
  category: 'Il modulo firmato riguarda un altro tipo di richiesta (attivazione/disdetta).',
  service: 'Il modulo firmato riguarda un altro servizio.',
  quantity: (form: number, request: number) => `Il modulo firmato indica la quantità ${form}, la richiesta ${request}.`,
  ente: "Il modulo firmato è intestato a un altro Ente.",
} as const;

const normaliseName = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** The digitally signed form the verdict is about: the first valid one, else the first signed one. */
function digitalForm(files: readonly FormFile[]): SignedFormCheck | null {
  const checks = files.map((f) => f.check).filter((c): c is SignedFormCheck => c !== null && c.signature.type !== 'none');
  return checks.find((c) => c.verdict === 'valid') ?? checks[0] ?? null;
}

export function formVerdict(input: FormVerdictInput): FormVerdict {
  const requirement = formRequirement(input.files);
  if (!requirement.passes) return { outcome: 'non_conforme', reasons: requirement.problems, signer: null };
  if (requirement.outcome === 'handwritten_with_id') return { outcome: 'da_verificare', reasons: [VERDICT_REASONS.handwritten, ...requirement.warnings.slice(1)], signer: null };

  const check = digitalForm(input.files);
  if (!check) return { outcome: 'non_conforme', reasons: [requirement.message], signer: null };
  const blocking: string[] = [];
  const review: string[] = [];

  // Who signed.
  const s = check.signature.signer;
  const cf = s?.fiscalCode?.toUpperCase() ?? null;
  let capacity: 'requester' | 'signatory' | 'unknown' = 'unknown';
  if (cf && input.requesterFiscalCode && cf === input.requesterFiscalCode.toUpperCase()) capacity = 'requester';
  else if (cf && input.signatories.some((p) => p.fiscalCode?.toUpperCase() === cf)) capacity = 'signatory';
  else if (s?.commonName && input.signatories.some((p) => p.fiscalCode === null && normaliseName(p.fullName) === normaliseName(s.commonName ?? ''))) capacity = 'signatory';
  if (!cf) review.push(VERDICT_REASONS.noFiscalCode);
  if (capacity === 'unknown') review.push(VERDICT_REASONS.unknownSigner([s?.commonName, cf].filter(Boolean).join(', ') || 'sconosciuto'));

  // How far the certificate is trusted.
  if (!check.signature.chainVerified) review.push(VERDICT_REASONS.chain);
  if (check.signature.revocation === 'unchecked') review.push(VERDICT_REASONS.revocation);
  if (!check.signature.qualified.compliance) review.push(VERDICT_REASONS.notQualified);

  // The form against the request.
  const f = check.form;
  if (!f) review.push(VERDICT_REASONS.noIdentification);
  else {
    if (f.category !== input.request.category) blocking.push(VERDICT_REASONS.category);
    if (input.request.serviceCode && f.serviceCode !== input.request.serviceCode) blocking.push(VERDICT_REASONS.service);
    if (f.quantity !== input.request.quantity) blocking.push(VERDICT_REASONS.quantity(f.quantity, input.request.quantity));
    if (f.enteFiscalCode.toUpperCase() !== input.request.enteFiscalCode.toUpperCase()) blocking.push(VERDICT_REASONS.ente);
  }

  const signer = { name: s?.commonName ?? null, fiscalCode: cf, capacity };
  if (blocking.length > 0) return { outcome: 'non_conforme', reasons: [...blocking, ...review], signer };
  return { outcome: review.length > 0 ? 'da_verificare' : 'conforme', reasons: review, signer };
}
