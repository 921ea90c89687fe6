import type { Response } from 'express';
import type archiverModule from 'archiver';
import type { DataSource } from 'typeorm';
import type { Pseudonymised } from '@cit/shared';
import { AppError, notFound } from '../platform/http/errors';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { endSessions, expireOpenLinks, type LiveSessions } from '../auth/password-links';
import { pseudonymiseReferent } from '../service-records/service-records.repository';
import { pseudonymiseRecipient } from '../notifications/outgoing-mails.repository';
import type { AttachmentStore } from '../tickets/attachments/storage';
import { filesOf, personalData, personFor, pseudonymiseUser } from './personal-data.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name that is safe inside a zip: no directories, no control characters. */
const safeName = (name: string) =>
  [...name]
    .map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch))
    .join('')
    .slice(0, 150) || 'file';

/**
 * The admins' GDPR tools for one person (issue 19 point 7): the export that answers an access request and the
 * pseudonymisation of a person who left. Both are recorded in the audit log, without copying personal data there.
 */
export class PersonalDataService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: AttachmentStore,
    private readonly live: LiveSessions,
  ) {}

  /**
   * Streams a zip: `dati.json` with everything the product keeps about the person and `file/` with the files they
   * uploaded that still have their content. Nothing is held whole in memory; the audit entry is written first, so
   * an export that was sent is never missing from the log.
   */
  async export(userId: string, res: Response, audit: AuditActor): Promise<void> {
    if (!UUID.test(userId)) throw notFound("L'utente");
    const person = await personFor(this.ds, userId);
    if (!person) throw notFound("L'utente");
    const data = { exportedAt: new Date().toISOString(), person, ...(await personalData(this.ds, userId, person.email)) };
    const files = await filesOf(this.ds, userId);
    await recordChange(this.ds, audit, { entity: 'personal_data', recordId: userId, action: 'export', before: null, after: { files: files.length } });

    res.status(200);
    res.attachment(`dati-personali-${userId}.zip`);
    res.set('Content-Type', 'application/zip');
    res.set('Cache-Control', 'private, no-store');
    // Loaded at the first export, not at every start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const archiver = require('archiver') as typeof archiverModule;
    const zip = archiver('zip', { zlib: { level: 6 } });
    const done = new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      res.on('close', resolve);
      res.on('error', reject);
    });
    zip.pipe(res);
    zip.append(JSON.stringify(data, null, 2), { name: 'dati.json' });
    for (const f of files) {
      if (await this.store.exists(f.sha256)) zip.append(this.store.createReadStream(f.sha256), { name: `file/${f.id}-${safeName(f.fileName)}` });
    }
    await zip.finalize();
    await done.catch((err: unknown) => res.destroy(err instanceof Error ? err : undefined));
  }

  /**
   * Replaces the person's name and e-mail everywhere the product shows them (account, service records where they
   * were the referent, mails sent to them); tickets, follow-ups and history stay, now under the pseudonym. The
   * account is disabled, its password, sessions and links are gone. The audit entry names no personal data.
   * (The audit log's own past entries keep the names they recorded: it is append-only by law, see README.)
   */
  async pseudonymise(userId: string, actorId: string, audit: AuditActor): Promise<Pseudonymised> {
    if (!UUID.test(userId)) throw notFound("L'utente");
    if (userId === actorId) throw new AppError(409, 'cannot_pseudonymise_self', 'Non può pseudonimizzare il Suo stesso account.');
    const result = await this.ds.transaction(async (tx) => {
      const person = await personFor(tx, userId, true);
      if (!person) throw notFound("L'utente");
      if (person.pseudonymisedAt) throw new AppError(409, 'already_pseudonymised', 'L’utente è già stato pseudonimizzato.');
      const pseudonym = { name: `Utente rimosso ${userId.slice(0, 8)}`, email: `rimosso-${userId}@pseudonimo.invalid` };
      const records = await pseudonymiseReferent(tx, person.email, pseudonym);
      const mails = await pseudonymiseRecipient(tx, userId, person.email, pseudonym.email);
      const at = await pseudonymiseUser(tx, userId, pseudonym);
      await endSessions(tx, userId);
      await expireOpenLinks(tx, userId);
      await recordChange(tx, audit, {
        entity: 'personal_data',
        recordId: userId,
        action: 'pseudonymise',
        before: { fields: ['name', 'email'] },
        after: { ...pseudonym, serviceRecords: records, mails },
      });
      return { id: userId, ...pseudonym, pseudonymisedAt: at.toISOString() };
    });
    this.live.disconnectUser(userId);
    return result;
  }
}
