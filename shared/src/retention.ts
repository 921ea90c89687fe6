import { z } from 'zod';
import { formRequirement, type FormFile } from './request-form';

/**
 * GDPR retention of the files of service requests (issue 19 point 7), as pure rules:
 * - identity documents that went with a hand-signed form are purged RETENTION_ID_DOCUMENT_MONTHS after the
 *   approval (default 12): they proved who signed, the approval has used them;
 * - signed forms are kept as long as the service record they started or ended, plus RETENTION_SIGNED_FORM_YEARS
 *   (default 10); a record still running keeps them.
 */
export type RetainedFileKind = 'identity_document' | 'signed_form';

const isFormKind = (kind: FormFile['kind']) => kind === 'pdf' || kind === 'signed_p7m';

/**
 * Which files of a request are identity documents: only when the request passed as a hand-signed form with an
 * identity document, every file the rule accepts as one (an image, or a PDF that is not a valid digitally signed
 * form), except the hand-signed form itself.
 */
export function identityDocumentIndexes(files: readonly FormFile[]): number[] {
  if (formRequirement(files).outcome !== 'handwritten_with_id') return [];
  const handSigned = files.findIndex((f) => f.kind === 'pdf' && f.check !== null && f.check.verdict === 'unsigned');
  return files.flatMap((f, i) => (i !== handSigned && (f.kind === 'image' || (f.kind === 'pdf' && f.check?.verdict !== 'valid')) ? [i] : []));
}

/** The files the signed-form check ran on (PDF and .p7m with a check), minus identity documents. */
export function signedFormIndexes(files: readonly FormFile[]): number[] {
  const ids = new Set(identityDocumentIndexes(files));
  return files.flatMap((f, i) => (isFormKind(f.kind) && f.check !== null && !ids.has(i) ? [i] : []));
}

/**
 * What one file of a request is, read as retention reads it (one meaning of "identity document" in the product):
 * downloads of either kind are recorded in the audit log. Null for other files (a note, a screenshot next to a
 * digitally signed form).
 */
export function requestDocumentOf(files: readonly FormFile[], index: number): RetainedFileKind | null {
  if (identityDocumentIndexes(files).includes(index)) return 'identity_document';
  if (signedFormIndexes(files).includes(index)) return 'signed_form';
  return null;
}

const addMonths = (day: string, months: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/** The first day (YYYY-MM-DD) on which an identity document approved on `approvedOn` may be purged. */
export function identityDocumentPurgeDay(approvedOn: string, months: number): string {
  return addMonths(approvedOn, months);
}

/**
 * The first day a signed form may be purged: `years` after the last of its service records ended; null while any
 * record is still running (no end date) or when the request produced no record (nothing says how long to keep it).
 */
export function signedFormPurgeDay(recordEnds: ReadonlyArray<string | null>, years: number): string | null {
  if (recordEnds.length === 0 || recordEnds.some((e) => e === null)) return null;
  const last = (recordEnds as string[]).reduce((a, b) => (a > b ? a : b));
  return addMonths(last, years * 12);
}

export const RetentionReportSchema = z
  .object({
    runOn: z.iso.date(),
    identityDocuments: z.number().int(),
    signedForms: z.number().int(),
    /** Stored files deleted from disk (a file shared with a record still kept is not deleted). */
    filesDeleted: z.number().int(),
    purged: z.array(z.object({ attachmentId: z.uuid(), ticketId: z.uuid(), kind: z.enum(['identity_document', 'signed_form']) })),
  })
  .meta({ id: 'RetentionReport' });
export type RetentionReport = z.infer<typeof RetentionReportSchema>;

export const RetentionRunListSchema = z
  .object({ items: z.array(z.object({ runOn: z.iso.date(), finishedAt: z.iso.datetime({ offset: true }).nullable(), report: RetentionReportSchema.nullable() })) })
  .meta({ id: 'RetentionRunList' });
export type RetentionRunList = z.infer<typeof RetentionRunListSchema>;

export const PseudonymisedSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string(), pseudonymisedAt: z.iso.datetime({ offset: true }) }).meta({ id: 'Pseudonymised' });
export type Pseudonymised = z.infer<typeof PseudonymisedSchema>;
