import type { EntityManager } from 'typeorm';
import type { SignedFormCheck, TicketCategory } from '@cit/shared';
import { checkSignedForm } from '../../service-requests/signed-form/check';
import { readContent } from './spool';
import type { AttachmentStore } from './storage';
import type { CheckedAttachment } from './upload';

/** A file already in the store, with the signed-form check when it may be the request form. */
export interface StoredFile {
  file: CheckedAttachment;
  sha256: string;
  size: number;
  check: SignedFormCheck | null;
}

/**
 * Stores uploaded files (content-addressed, before the transaction: a rollback leaves at most an unreferenced
 * file) and, on activation/cancellation tickets, checks every PDF or .p7m as a signed request form so the
 * approver sees the result.
 */
export async function storeTicketFiles(store: AttachmentStore, files: CheckedAttachment[], category: TicketCategory, now: Date): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  for (const file of files) {
    const isForm = category !== 'assistance' && (file.sniff.kind === 'pdf' || file.sniff.kind === 'signed_p7m');
    // The form check parses the whole document: read before the store moves the spooled file away.
    const check = isForm ? await checkSignedForm(await readContent(file.content), { now }) : null;
    const { sha256, size } = await store.putContent(file.content);
    stored.push({ file, sha256, size, check });
  }
  return stored;
}

/** The attachment rows of stored files, in the caller's transaction. */
export async function insertTicketAttachments(
  tx: EntityManager,
  where: { ticketId: string; followUpId: string | null; userId: string; at: Date },
  stored: StoredFile[],
): Promise<void> {
  for (const s of stored) {
    await tx.query(
      `INSERT INTO ticket_attachments (ticket_id, followup_id, sha256, size, mime, kind, file_name, uploaded_by, created_at, signed_form_check)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [where.ticketId, where.followUpId, s.sha256, s.size, s.file.sniff.mime, s.file.sniff.kind, s.file.fileName, where.userId, where.at, s.check ? JSON.stringify(s.check) : null],
    );
  }
}
