import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import { automatedMailReason, isFlooding, protocolInSubject, replyTokenOf, ticketIdInReferences, type TicketType } from '@cit/shared';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import { AppError } from '../platform/http/errors';
import type { TicketService } from '../tickets/tickets.service';
import type { CheckedAttachment } from '../tickets/attachments/upload';
import { activeUsers, canSeeTicket } from '../notifications/recipients';
import { replyTokenTarget, ticketScope } from '../notifications/inbound-mail.repository';
import { requesterByEmail, ticketFromMail } from '../notifications/inbound-new-ticket';
import { trimReply } from '../notifications/reply-text';
import type { MailTokens } from '../notifications/tokens';
import type { MailboxesRepository, MailboxRow, MessageOutcome } from './mailboxes.repository';
import type { MailMatchingRepository } from './mail-matching.repository';
import { parsePecEnvelope, type PecEnvelope } from './pec';
import { authForUser, evidenceFiles, filterAttachments } from './mail-files';
import type { PecReceipts } from './pec-receipts';

const MAX_BODY = 20_000;

export interface Outcome {
  outcome: MessageOutcome;
  ticketId: string | null;
  reason: string | null;
}

/** The message to act on: for PEC the original inside the envelope, with the envelope kept as evidence. */
interface Letter {
  parsed: ParsedMail;
  sender: string | null;
  channel: 'email' | 'pec';
  evidence: CheckedAttachment[];
}

export interface ProcessorDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  tickets: TicketService;
  tokens: MailTokens;
  repo: MailboxesRepository;
  matching: MailMatchingRepository;
  receipts: PecReceipts;
}

const firstAddress = (a: AddressObject | AddressObject[] | undefined): { address: string | null; name: string | null } => {
  const v = (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value)[0];
  return { address: v?.address?.toLowerCase() ?? null, name: v?.name || null };
};
const allAddresses = (...lists: Array<AddressObject | AddressObject[] | undefined>): string[] =>
  lists
    .flatMap((a) => (Array.isArray(a) ? a : a ? [a] : []))
    .flatMap((o) => o.value)
    .flatMap((v) => (v.address ? [v.address.toLowerCase()] : []));
/** A header's raw value (first occurrence, unfolded): mailparser turns some (List-*, Return-Path) into objects. */
const headerOf = (parsed: ParsedMail) => (name: string) => {
  const line = parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  if (line === undefined) return undefined;
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
};

/**
 * Decides what one message of a mailbox becomes and does it: a follow-up, a ticket, a PEC receipt in a ticket's
 * timeline, an entry of the unassigned list, or nothing (machine traffic, recorded with its reason). The caller
 * (the follower) has claimed the message and records the outcome.
 */
export class MessageProcessor {
  constructor(private readonly deps: ProcessorDeps) {}

  /** Parses a message once: what the claim records (Message-ID, sender) and what `process` works on. */
  static async parse(raw: Buffer): Promise<{ parsed: ParsedMail; messageId: string | null; sender: string | null }> {
    const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    return { parsed, messageId: parsed.messageId ?? null, sender: firstAddress(parsed.from).address };
  }

  async process(mailbox: MailboxRow, raw: Buffer, outer: ParsedMail): Promise<Outcome> {
    const envelope = parsePecEnvelope(outer);
    if (envelope && envelope.type !== 'posta-certificata') {
      const ticketId = await this.deps.receipts.record(mailbox, envelope, raw);
      return { outcome: 'receipt', ticketId, reason: envelope.type };
    }
    const letter = envelope ? await this.unwrap(envelope, raw) : { parsed: outer, sender: firstAddress(outer.from).address, channel: 'email' as const, evidence: [] };
    if (!letter) return this.unassigned(mailbox, outer, raw, 'busta PEC senza messaggio originale (postacert.eml)');

    // Loops: machine traffic never opens a ticket and is never answered (kept in the mailbox, recorded here).
    const automated = automatedMailReason(headerOf(letter.parsed), contentTypeOf(letter.parsed), letter.sender);
    if (automated) return { outcome: 'ignored', ticketId: null, reason: automated };
    if (!letter.sender) return this.unassigned(mailbox, letter.parsed, raw, 'mittente mancante');

    // The sender's earlier messages in the hour (this one's claim is already counted, hence the minus one).
    const recent = (await this.deps.repo.recentFromSender(letter.sender)) - 1;
    if (isFlooding(recent, this.deps.config.MAILBOX_FLOOD_PER_HOUR)) {
      // The first message over the limit is listed for the operators (the report); the rest stay in the mailbox.
      if (recent === this.deps.config.MAILBOX_FLOOD_PER_HOUR) {
        this.deps.logger.warn({ sender: letter.sender, mailbox: mailbox.name }, 'mailbox flooded by one sender: throttled');
        await this.addUnassigned(mailbox, letter.parsed, raw, `invio massivo: più di ${this.deps.config.MAILBOX_FLOOD_PER_HOUR} messaggi in un'ora da questo mittente, i successivi restano nella casella`);
      }
      return { outcome: 'throttled', ticketId: null, reason: `oltre ${this.deps.config.MAILBOX_FLOOD_PER_HOUR} messaggi/ora` };
    }

    const reply = await this.replyTarget(letter.parsed);
    if (reply) return this.followUp(mailbox, letter, raw, reply);
    return this.open(mailbox, letter, raw);
  }

  /** An unassigned message filed by an operator: the requester and Ente they chose, the mailbox's defaults. */
  async ticketFromRaw(mailbox: MailboxRow | null, raw: Buffer, to: { requesterId: string; enteId: string; type: TicketType }): Promise<string> {
    const outer = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    const envelope = parsePecEnvelope(outer);
    const letter = (envelope?.type === 'posta-certificata' ? await this.unwrap(envelope, raw) : null) ?? { parsed: outer, sender: null, channel: 'email' as const, evidence: [] };
    const { files, refused } = filterAttachments(letter.parsed, this.deps.config);
    const body = this.body(letter.parsed, refused, 1) ?? '';
    return this.createTicket(mailbox, letter, { userId: to.requesterId, enteId: to.enteId, body, files: [...files, ...letter.evidence], type: to.type });
  }

  /** A message whose processing was cut off half-way: listed for the operators, who check whether it already became a ticket. */
  async interrupted(mailbox: MailboxRow, raw: Buffer, parsed: ParsedMail): Promise<void> {
    await this.addUnassigned(mailbox, parsed, raw, 'elaborazione interrotta (riavvio o guasto): verificare che non sia già stato aperto un ticket');
  }

  private async unwrap(envelope: PecEnvelope, raw: Buffer): Promise<Letter | null> {
    if (!envelope.inner) return null;
    const parsed = await simpleParser(envelope.inner, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    // The certified sender is the daticert's (the provider vouches for it), not a From header anyone can write.
    return { parsed, sender: envelope.sender ?? firstAddress(parsed.from).address, channel: 'pec', evidence: evidenceFiles(raw, envelope.daticert) };
  }

  /** A reply to the product: by reply token, by our thread root or a message we sent, or by a protocol number in the subject. */
  private async replyTarget(parsed: ParsedMail): Promise<{ ticketId: string; userId?: string } | null> {
    const recipients = allAddresses(parsed.to, parsed.cc);
    const delivered = headerOf(parsed)('delivered-to');
    if (delivered) recipients.push(delivered.trim().toLowerCase());
    for (const address of recipients) {
      const token = replyTokenOf(address, this.deps.config.INBOUND_DOMAIN);
      if (!token) continue;
      const row = await replyTokenTarget(this.deps.ds, token);
      if (row && this.deps.tokens.replyTokenMatches(token, row.ticketId, row.userId)) return row;
    }
    const refs = [parsed.inReplyTo ?? '', ...(Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : [])].filter(Boolean);
    const rooted = ticketIdInReferences(refs);
    if (rooted && (await this.deps.matching.ticketExists(rooted))) return { ticketId: rooted };
    for (const ref of refs) {
      const sent = await this.deps.matching.outgoingByMessageId(ref);
      if (sent?.ticketId) return { ticketId: sent.ticketId };
    }
    const protocol = protocolInSubject(parsed.subject ?? '');
    if (protocol) {
      const id = await this.deps.matching.ticketByProtocol(protocol.year, protocol.number);
      if (id) return { ticketId: id };
    }
    return null;
  }

  private body(parsed: ParsedMail, refused: string[], files: number): string | null {
    let body = trimReply(parsed.text ?? '');
    if (refused.length > 0) body += `${body ? '\n\n' : ''}[Allegati non accettati: ${refused.join(', ')}]`;
    if (!body.trim() && files === 0) return null;
    if (!body.trim()) body = '(allegati inviati per e-mail)';
    return body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 20)}\n[… testo troncato]` : body;
  }

  private async followUp(mailbox: MailboxRow, letter: Letter, raw: Buffer, target: { ticketId: string; userId?: string }): Promise<Outcome> {
    const sender = letter.sender ?? '';
    const user = (await requesterByEmail(this.deps.ds, sender)) ?? (target.userId ? (await activeUsers(this.deps.ds, [target.userId]))[0] : undefined);
    const ticket = await ticketScope(this.deps.ds, target.ticketId);
    if (!user || user.email !== sender || !ticket || !(await canSeeTicket(this.deps.ds, user, ticket))) {
      return this.unassigned(mailbox, letter.parsed, raw, 'risposta a un ticket da un mittente che non può vederlo', target.ticketId);
    }
    const { files, refused } = filterAttachments(letter.parsed, this.deps.config);
    const body = this.body(letter.parsed, refused, files.length + letter.evidence.length);
    if (!body) return { outcome: 'ignored', ticketId: target.ticketId, reason: 'messaggio vuoto' };
    try {
      await this.deps.tickets.addFollowUp(await authForUser(this.deps.ds, user), target.ticketId, { body, private: false }, [...files, ...letter.evidence]);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return this.unassigned(mailbox, letter.parsed, raw, `seguito non accettato: ${err.message}`, target.ticketId);
      throw err;
    }
    return { outcome: 'followup', ticketId: target.ticketId, reason: null };
  }

  private async open(mailbox: MailboxRow, letter: Letter, raw: Buffer): Promise<Outcome> {
    const sender = letter.sender ?? '';
    let user = await requesterByEmail(this.deps.ds, sender);
    let enteId: string | undefined;
    if (!user) {
      const ente = await this.deps.matching.enteByPec(sender);
      const referent = ente ? await this.deps.matching.referentOf(ente.id) : undefined;
      if (!ente) return this.unassigned(mailbox, letter.parsed, raw, 'mittente sconosciuto (né un referente né la PEC di un Ente)');
      if (!referent) return this.unassigned(mailbox, letter.parsed, raw, `PEC di ${ente.name}, che non ha referenti attivi`);
      [user] = await activeUsers(this.deps.ds, [referent]);
      enteId = ente.id;
    }
    if (!user) return this.unassigned(mailbox, letter.parsed, raw, 'referente non attivo');
    const { files, refused } = filterAttachments(letter.parsed, this.deps.config);
    const body = this.body(letter.parsed, refused, files.length + letter.evidence.length);
    if (!body) return this.unassigned(mailbox, letter.parsed, raw, 'messaggio vuoto');
    const ticketId = await this.createTicket(mailbox, letter, { userId: user.id, enteId, body, files: [...files, ...letter.evidence] }).catch((err: unknown) => {
      if (err instanceof AppError && err.status < 500) return err;
      throw err;
    });
    if (ticketId instanceof AppError) return this.unassigned(mailbox, letter.parsed, raw, `ticket non creato: ${ticketId.message}`);
    return { outcome: 'ticket', ticketId, reason: null };
  }

  /** Also used by the unassigned list (an operator chose the Ente and requester). */
  async createTicket(
    mailbox: Pick<MailboxRow, 'defaultGroup' | 'defaultType' | 'updatedBy'> | null,
    letter: Pick<Letter, 'parsed' | 'channel'>,
    to: { userId: string; enteId: string | undefined; body: string; files: CheckedAttachment[]; type?: TicketType },
  ): Promise<string> {
    const [user] = await activeUsers(this.deps.ds, [to.userId]);
    if (!user) throw new AppError(400, 'invalid_requester', 'Il richiedente non è un utente attivo.');
    const input = { ...ticketFromMail(letter.parsed, to.body), type: to.type ?? mailbox?.defaultType ?? 'request', ...(to.enteId ? { enteId: to.enteId } : {}) };
    const ticketId = await this.deps.tickets.create(await authForUser(this.deps.ds, user), input, to.files, letter.channel);
    await this.defaultGroup(mailbox, ticketId);
    return ticketId;
  }

  /** The mailbox's default group, when no routing rule chose one; recorded as set by the admin who configured it. */
  private async defaultGroup(mailbox: Pick<MailboxRow, 'defaultGroup' | 'updatedBy'> | null, ticketId: string): Promise<void> {
    if (!mailbox?.defaultGroup || !mailbox.updatedBy) return;
    const [admin] = await activeUsers(this.deps.ds, [mailbox.updatedBy]);
    if (!admin) return;
    const auth = await authForUser(this.deps.ds, admin);
    if (await this.deps.matching.ticketHasGroup(ticketId)) return;
    await this.deps.tickets.act(auth, ticketId, { action: 'assign', group: mailbox.defaultGroup }).catch((err: unknown) => {
      this.deps.logger.warn({ err, ticketId }, 'mailbox default group not applied');
    });
  }

  private async addUnassigned(mailbox: MailboxRow, parsed: ParsedMail, raw: Buffer, reason: string): Promise<string> {
    const from = firstAddress(parsed.from);
    return this.deps.repo.addUnassigned({
      mailboxId: mailbox.id,
      messageId: parsed.messageId ?? null,
      fromAddress: from.address,
      fromName: from.name,
      subject: (parsed.subject ?? '').slice(0, 500),
      body: (parsed.text ?? '').slice(0, MAX_BODY),
      reason,
      raw,
    });
  }

  private async unassigned(mailbox: MailboxRow, parsed: ParsedMail, raw: Buffer, reason: string, ticketId: string | null = null): Promise<Outcome> {
    await this.addUnassigned(mailbox, parsed, raw, reason);
    return { outcome: 'unassigned', ticketId, reason };
  }
}

function contentTypeOf(parsed: ParsedMail): string {
  const v = parsed.headers.get('content-type');
  return v && typeof v === 'object' && 'value' in v && typeof v.value === 'string' ? v.value : '';
}
