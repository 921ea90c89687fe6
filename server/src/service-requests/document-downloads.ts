import type { DataSource } from 'typeorm';
import { requestDocumentOf } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { requestFilesOf } from './service-requests.repository';

/**
 * Downloads of a request's signed form and of the signer's identity document are reads of personal data: each one
 * served goes to the audit log (issue 20), with the ticket as the record and the file in `after`. Other files, and
 * files of assistance tickets, are not recorded. Called once the caller may read the file and it exists: refused
 * downloads (403/404/410) read nothing and are not recorded.
 */
export async function recordDocumentDownload(
  ds: DataSource,
  actor: AuditActor,
  ticketId: string,
  file: { id: string; fileName: string; sha256: string },
): Promise<void> {
  const files = await requestFilesOf(ds, ticketId);
  if (!files) return;
  const document = requestDocumentOf(files, files.findIndex((f) => f.id === file.id));
  if (!document) return;
  await recordChange(ds, actor, {
    entity: document === 'signed_form' ? 'signed_forms' : 'identity_documents',
    recordId: ticketId,
    action: 'download',
    before: null,
    after: { attachmentId: file.id, fileName: file.fileName, sha256: file.sha256 },
  });
}
