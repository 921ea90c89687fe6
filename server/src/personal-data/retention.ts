import type { DataSource } from 'typeorm';
import { identityDocumentIndexes, identityDocumentPurgeDay, romeDate, signedFormIndexes, signedFormPurgeDay, type RetainedFileKind, type RetentionReport } from '@cit/shared';
import type { Config } from '../config';
import { recordChanges, SYSTEM_ACTOR } from '../audit/audit-log.repository';
import type { AttachmentStore } from '../tickets/attachments/storage';
import { beginRetentionRun, contentStillUsed, finishRetentionRun, markPurged, retentionCandidates, type RequestFile } from './personal-data.repository';

export type RetentionConfig = Pick<Config, 'RETENTION_ID_DOCUMENT_MONTHS' | 'RETENTION_SIGNED_FORM_YEARS'>;

/**
 * The daily GDPR retention run (job `personal-data.retention`): purges identity documents and signed forms whose
 * retention has passed (shared/retention.ts), records each purge in the audit log and leaves a report per day.
 * Idempotent: a day's finished run is not repeated, a purged file is not purged twice, and the rows are marked in
 * the database before the files are deleted, so a crash in between only leaves files that the next run (or the
 * same run again) deletes.
 */
export async function runRetention(ds: DataSource, store: AttachmentStore, config: RetentionConfig, now: Date = new Date()): Promise<RetentionReport | null> {
  const runOn = romeDate(now);
  if (!(await beginRetentionRun(ds, runOn))) return null;
  const due: Array<{ file: RequestFile; ticketId: string; kind: RetainedFileKind }> = [];
  for (const c of await retentionCandidates(ds)) {
    const pick = (indexes: number[], kind: RetainedFileKind) => {
      for (const i of indexes) {
        const file = c.files[i];
        if (file && !file.purgedAt) due.push({ file, ticketId: c.ticketId, kind });
      }
    };
    if (identityDocumentPurgeDay(c.approvedOn, config.RETENTION_ID_DOCUMENT_MONTHS) <= runOn) pick(identityDocumentIndexes(c.files), 'identity_document');
    const formsDay = signedFormPurgeDay(c.recordEnds, config.RETENTION_SIGNED_FORM_YEARS);
    if (formsDay !== null && formsDay <= runOn) pick(signedFormIndexes(c.files), 'signed_form');
  }

  const purged = await ds.transaction(async (tx) => {
    const marked = new Set([
      ...(await markPurged(tx, due.filter((d) => d.kind === 'identity_document').map((d) => d.file.id), 'identity_document')),
      ...(await markPurged(tx, due.filter((d) => d.kind === 'signed_form').map((d) => d.file.id), 'signed_form')),
    ]);
    const done = due.filter((d) => marked.has(d.file.id));
    await recordChanges(
      tx,
      SYSTEM_ACTOR,
      done.map((d) => ({
        entity: 'personal_data' as const,
        recordId: d.file.id,
        action: 'purge' as const,
        before: { ticketId: d.ticketId, kind: d.kind, fileName: d.file.fileName },
        after: null,
      })),
    );
    return done;
  });

  let filesDeleted = 0;
  for (const sha256 of new Set(purged.map((d) => d.file.sha256))) {
    if (!(await contentStillUsed(ds, sha256)) && (await store.remove(sha256))) filesDeleted++;
  }
  const report: RetentionReport = {
    runOn,
    identityDocuments: purged.filter((d) => d.kind === 'identity_document').length,
    signedForms: purged.filter((d) => d.kind === 'signed_form').length,
    filesDeleted,
    purged: purged.map((d) => ({ attachmentId: d.file.id, ticketId: d.ticketId, kind: d.kind })),
  };
  await finishRetentionRun(ds, report);
  return report;
}
