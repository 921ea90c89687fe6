import type { DataSource } from 'typeorm';
import type { Mailbox, SaveMailbox, UnassignedMail, UnassignedToTicket } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { AppError, fieldError, notFound } from '../platform/http/errors';
import type { MailboxesRepository, MailboxRow, MailboxValues } from './mailboxes.repository';
import type { MailMatchingRepository } from './mail-matching.repository';
import type { MessageProcessor } from './message-processor';
import type { SecretBox } from '../platform/secret-box';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the API and the audit log show of a mailbox: never the secret. */
function publicView(row: MailboxRow): Mailbox {
  const { secretEnc: _secret, updatedBy: _by, ...rest } = row;
  return rest;
}

/** The admins' mailboxes and the operators' unassigned mail. */
export class MailboxesService {
  constructor(
    private readonly deps: {
      ds: DataSource;
      repo: MailboxesRepository;
      matching: MailMatchingRepository;
      box: SecretBox;
      processor: MessageProcessor;
      /** Called after a change, so that the followers pick it up. */
      changed: () => void;
    },
  ) {}

  async list(): Promise<Mailbox[]> {
    return (await this.deps.repo.list()).map(publicView);
  }

  private async values(input: SaveMailbox, creating: boolean, exceptId: string | null): Promise<MailboxValues> {
    if (creating && !input.secret) throw fieldError('secret', 'Password: campo obbligatorio.');
    if (await this.deps.repo.nameTaken(this.deps.ds, input.name, exceptId)) throw fieldError('name', 'Esiste già una casella con questo nome.');
    if (input.defaultGroup && !(await this.deps.repo.groupExists(this.deps.ds, input.defaultGroup))) throw fieldError('defaultGroup', 'Gruppo inesistente o non attivo.');
    return {
      name: input.name,
      kind: input.kind,
      host: input.host,
      port: input.port,
      tls: input.tls,
      username: input.username,
      secretEnc: input.secret ? this.deps.box.seal(input.secret) : null,
      folder: input.folder,
      doneFolder: input.doneFolder ?? null,
      defaultGroup: input.defaultGroup ?? null,
      defaultType: input.defaultType,
      active: input.active,
    };
  }

  async create(actor: AuditActor, input: SaveMailbox): Promise<Mailbox> {
    const values = await this.values(input, true, null);
    const row = await this.deps.ds.transaction(async (tx) => {
      const id = await this.deps.repo.insert(tx, values, actor.userId ?? '');
      const created = await this.deps.repo.get(id, tx);
      if (!created) throw notFound('La casella');
      await recordChange(tx, actor, { entity: 'mailboxes', recordId: id, action: 'create', before: null, after: publicView(created) });
      return created;
    });
    this.deps.changed();
    return publicView(row);
  }

  async update(actor: AuditActor, id: string, input: SaveMailbox): Promise<Mailbox> {
    if (!UUID.test(id)) throw notFound('La casella');
    const values = await this.values(input, false, id);
    const row = await this.deps.ds.transaction(async (tx) => {
      const before = await this.deps.repo.lock(tx, id);
      if (!before) throw notFound('La casella');
      if (input.version !== undefined && input.version !== before.version) {
        throw new AppError(409, 'version_conflict', 'La casella è stata modificata da un altro utente: ricaricare la pagina.');
      }
      await this.deps.repo.update(tx, id, values, actor.userId ?? '');
      const after = await this.deps.repo.get(id, tx);
      if (!after) throw notFound('La casella');
      const secretChanged = values.secretEnc !== null;
      await recordChange(tx, actor, {
        entity: 'mailboxes',
        recordId: id,
        action: 'update',
        before: publicView(before),
        after: { ...publicView(after), ...(secretChanged ? { secretChanged: true } : {}) },
      });
      return after;
    });
    this.deps.changed();
    return publicView(row);
  }

  async remove(actor: AuditActor, id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound('La casella');
    await this.deps.ds.transaction(async (tx) => {
      const before = await this.deps.repo.lock(tx, id);
      if (!before) throw notFound('La casella');
      await this.deps.repo.remove(tx, id);
      await recordChange(tx, actor, { entity: 'mailboxes', recordId: id, action: 'delete', before: publicView(before), after: null });
    });
    this.deps.changed();
  }

  async unassigned(status: 'open' | 'ticket' | 'discarded'): Promise<UnassignedMail[]> {
    return this.deps.repo.listUnassigned(status);
  }

  /**
   * An operator files an unassigned message as a ticket for the Ente and requester they chose (a referent of that
   * Ente); the row stays locked meanwhile, so two clicks make one ticket.
   */
  async toTicket(actor: AuditActor, id: string, input: UnassignedToTicket): Promise<{ ticketId: string }> {
    if (!UUID.test(id)) throw notFound("Il messaggio");
    const requesterId = input.requesterId ?? (await this.deps.matching.referentOf(input.enteId));
    if (!requesterId) throw fieldError('enteId', "L'Ente scelto non ha referenti attivi: indicare un altro Ente o creare prima il referente.");
    if (!(await this.deps.matching.isReferentOf(requesterId, input.enteId))) {
      throw fieldError('requesterId', "Il richiedente deve essere un referente attivo dell'Ente scelto.");
    }
    return this.deps.ds.transaction(async (tx) => {
      const row = await this.deps.repo.lockUnassigned(tx, id);
      if (!row) throw notFound('Il messaggio');
      if (row.status !== 'open') throw new AppError(409, 'already_handled', 'Il messaggio è già stato gestito.');
      const mailbox = row.mailboxId ? await this.deps.repo.get(row.mailboxId, tx) : undefined;
      const ticketId = await this.deps.processor.ticketFromRaw(mailbox ?? null, row.raw, { ...input, requesterId });
      await this.deps.repo.closeUnassigned(tx, id, 'ticket', ticketId, actor.userId ?? '');
      await recordChange(tx, actor, {
        entity: 'unassigned_mails',
        recordId: id,
        action: 'update',
        before: { status: 'open', subject: row.subject, fromAddress: row.fromAddress },
        after: { status: 'ticket', ticketId, enteId: input.enteId, requesterId },
      });
      return { ticketId };
    });
  }

  async discard(actor: AuditActor, id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound('Il messaggio');
    await this.deps.ds.transaction(async (tx) => {
      const row = await this.deps.repo.lockUnassigned(tx, id);
      if (!row) throw notFound('Il messaggio');
      if (row.status !== 'open') throw new AppError(409, 'already_handled', 'Il messaggio è già stato gestito.');
      await this.deps.repo.closeUnassigned(tx, id, 'discarded', null, actor.userId ?? '');
      await recordChange(tx, actor, {
        entity: 'unassigned_mails',
        recordId: id,
        action: 'update',
        before: { status: 'open', subject: row.subject, fromAddress: row.fromAddress, reason: row.reason },
        after: { status: 'discarded' },
      });
    });
  }
}
