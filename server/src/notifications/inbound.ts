import type { AddressInfo } from 'node:net';
import { logInboundMail, replyTokenTarget, ticketScope } from './inbound-mail.repository';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { attachmentMaxBytes } from '../config';
import type { Logger } from '../platform/logger';
import type { AuthContext } from '../auth/context';
import { ScopedDb } from '../tenancy/scoped-db';
import { scopeFor } from '../tenancy/scope';
import { AppError } from '../platform/http/errors';
import { sniffAttachment } from '../tickets/attachments/sniff';
import { safeFileName } from '../tickets/attachments/file-name';
import type { CheckedAttachment } from '../tickets/attachments/upload';
import type { TicketService } from '../tickets/tickets.service';
import { canSeeTicket, activeUsers, type Recipient } from './recipients';
import { trimReply } from './reply-text';
import { NEW_TICKET_LOCAL_PART, requesterByEmail, ticketFromMail } from './inbound-new-ticket';
import type { MailTokens } from './tokens';
import { automatedBecause } from './automated-mail';
import { queueRefusalAnswer, type RefusalCode } from './inbound-refusal';
import { capBytes } from './inbound-cap';

interface Target {
  /** Null: the message opens a new ticket (sent to the help-desk address). */
  ticketId: string | null;
  user: Recipient;
  rcpt: string;
}

/** A refusal decided at RCPT time and told at the end of DATA, once the headers say whether a person wrote it. */
interface Pending {
  code: RefusalCode;
  reason: string;
  rcpt: string;
  target?: Partial<Target> | undefined;
}

class Rejection extends Error {
  constructor(
    message: string,
    readonly responseCode = 550,
  ) {
    super(message);
  }
}

const MAX_BODY = 20_000;

/**
 * Replies by e-mail: an SMTP listener for `reply+<token>@INBOUND_DOMAIN`. A message becomes a public
 * follow-up only when the token is genuine, the sender is the user it was issued to and that user can still
 * see the ticket; everything else is refused with 550 (the sending server tells the sender) and logged, and the
 * sender gets an answer saying why and what to do (inbound-refusal.ts), unless a program wrote the message
 * (automated-mail.ts: no loops between robots). A reply to a closed ticket lands on it without reopening it; a
 * deleted ticket takes no replies.
 * New tickets by e-mail: a message to `assistenza@INBOUND_DOMAIN` from an Ente referent's address opens an
 * assistance request (channel `email`), through the same creation as the web form (routing rules included).
 */
export class InboundMail {
  private server: SMTPServer | undefined;
  private readonly targets = new WeakMap<SMTPServerSession, Target>();
  private readonly pending = new WeakMap<SMTPServerSession, Pending>();

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly tokens: MailTokens,
    private readonly tickets: TicketService,
    private readonly logger: Logger,
  ) {}

  async start(port: number, host: string): Promise<number> {
    const server = new SMTPServer({
      name: this.config.INBOUND_DOMAIN,
      banner: 'CIT Help-desk',
      authOptional: true,
      disabledCommands: ['AUTH'],
      // Plain SMTP: the organisation's mail gateway (which does TLS, SPF, DKIM and spam filtering) relays here.
      hideSTARTTLS: true,
      size: Math.round(this.config.INBOUND_MAX_MB * 1024 * 1024),
      // The size is checked at the end of DATA, not on MAIL FROM's SIZE=, so an oversized message is answered too.
      hideSize: true,
      logger: false,
      onMailFrom: (_address, session, callback) => {
        // A new message on the same connection starts from nothing.
        this.targets.delete(session);
        this.pending.delete(session);
        callback();
      },
      onRcptTo: (address, session, callback) => {
        this.checkRecipient(address, session).then(
          () => callback(),
          (err: unknown) => callback(this.smtpError(err)),
        );
      },
      onData: (stream, session, callback) => {
        // Past the size limit only the start is parsed (headers, subject): enough to answer, not a memory hazard.
        simpleParser(stream.pipe(capBytes(Math.round(this.config.INBOUND_MAX_MB * 1024 * 1024))))
          .then(async (parsed) => {
            const pending = this.pending.get(session);
            if (pending) return this.reject(session, pending.rcpt, pending.reason, pending.target, { parsed, code: pending.code });
            const target = this.targets.get(session);
            if (stream.sizeExceeded) return this.reject(session, target?.rcpt ?? null, 'messaggio troppo grande', target, { parsed, code: 'too_large' }, 552);
            await this.accept(parsed, session);
          })
          .then(
            () => callback(),
            (err: unknown) => callback(this.smtpError(err)),
          );
      },
    });
    server.on('error', (err) => this.logger.warn({ err: err.message }, 'inbound SMTP error'));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private smtpError(err: unknown): Error & { responseCode: number } {
    const rejection = err instanceof Rejection ? err : undefined;
    if (!rejection) this.logger.error({ err }, 'inbound mail could not be processed');
    const out = new Error(rejection?.message ?? 'Errore temporaneo, riprovare più tardi') as Error & { responseCode: number };
    // Our own failure (database away) is temporary: the sending server will try again.
    out.responseCode = rejection?.responseCode ?? 451;
    return out;
  }

  /**
   * Logs the refusal, answers the sender when `answer` is given and a person wrote the message, and fails the SMTP
   * transaction. Without `answer` (RCPT time, where the headers are not known yet) nobody is written to.
   */
  private async reject(
    session: SMTPServerSession,
    rcpt: string | null,
    reason: string,
    target?: Partial<Target>,
    answer?: { parsed: ParsedMail; code: RefusalCode | null; detail?: string },
    responseCode = 550,
  ): Promise<never> {
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
    this.logger.warn({ mailFrom, rcpt, reason }, 'inbound mail rejected');
    await logInboundMail(this.ds, { mailFrom, rcpt, ticketId: target?.ticketId ?? null, userId: target?.user?.id ?? null, outcome: 'rejected', reason });
    if (answer?.code && mailFrom) {
      const parsed = answer.parsed;
      const header = (name: string) => headerText(parsed, name);
      const robot = automatedBecause(mailFrom, header, this.ours());
      if (robot) this.logger.info({ mailFrom, robot }, 'refused inbound mail not answered: sent by a program');
      else await queueRefusalAnswer(this.ds, this.config, { to: mailFrom, code: answer.code, detail: answer.detail, rcpt, subject: parsed.subject ?? '' });
    }
    throw new Rejection(`Messaggio non accettato: ${reason}`, responseCode);
  }

  /** Our own sender address and the reply domain: mail from them is ours coming back. */
  private ours(): { address: string; domain: string } {
    return { address: /<([^>]+)>/.exec(this.config.MAIL_FROM)?.[1] ?? this.config.MAIL_FROM.trim(), domain: this.config.INBOUND_DOMAIN };
  }

  /** A refusal at RCPT time is told at the end of DATA, when the headers show whether a person is to be answered. */
  private defer(session: SMTPServerSession, rcpt: string, code: RefusalCode, reason: string, target?: Partial<Target>): void {
    this.pending.set(session, { code, reason, rcpt, target });
  }

  /** At RCPT time, so a forged address is refused before any data is read. */
  private async checkRecipient(address: SMTPServerAddress, session: SMTPServerSession): Promise<void> {
    const rcpt = address.address.toLowerCase();
    if (this.targets.has(session) || this.pending.has(session)) await this.reject(session, rcpt, 'un solo destinatario per messaggio');
    if (rcpt === `${NEW_TICKET_LOCAL_PART}@${this.config.INBOUND_DOMAIN.toLowerCase()}`) return this.checkNewTicketSender(session, rcpt);
    const m = /^reply\+([0-9a-f]{32})@(.+)$/.exec(rcpt);
    // Another domain is not ours to answer for; our domain with an address we never issued is answered.
    if (!rcpt.endsWith(`@${this.config.INBOUND_DOMAIN.toLowerCase()}`)) return this.reject(session, rcpt, 'indirizzo sconosciuto');
    if (!m?.[1] || m[2] !== this.config.INBOUND_DOMAIN.toLowerCase()) return this.defer(session, rcpt, 'unknown_address', 'indirizzo sconosciuto');
    const token = m[1];
    const row = await replyTokenTarget(this.ds, token);
    if (!row || !this.tokens.replyTokenMatches(token, row.ticketId, row.userId)) return this.defer(session, rcpt, 'unknown_address', 'indirizzo di risposta non valido');
    const [user] = await activeUsers(this.ds, [row.userId]);
    if (!user) return this.defer(session, rcpt, 'inactive_user', 'utente non attivo', { ticketId: row.ticketId });
    const target = { ticketId: row.ticketId, user, rcpt };
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';
    if (sender !== user.email) return this.defer(session, rcpt, 'wrong_sender', 'il mittente non è il destinatario della notifica', target);
    const ticket = await ticketScope(this.ds, row.ticketId);
    if (!ticket || !(await canSeeTicket(this.ds, user, ticket))) {
      return this.defer(session, rcpt, 'no_access', 'il mittente non può più vedere il ticket', target);
    }
    if (ticket.status === 'deleted') return this.defer(session, rcpt, 'ticket_deleted', 'il ticket è stato eliminato', target);
    this.targets.set(session, target);
  }

  private async checkNewTicketSender(session: SMTPServerSession, rcpt: string): Promise<void> {
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';
    const user = sender ? await requesterByEmail(this.ds, sender) : undefined;
    if (!user) return this.defer(session, rcpt, 'not_referent', 'il mittente non è un referente di un Ente registrato');
    this.targets.set(session, { ticketId: null, user, rcpt });
  }

  private async accept(parsed: ParsedMail, session: SMTPServerSession): Promise<void> {
    const target = this.targets.get(session);
    if (!target) return this.reject(session, null, 'nessun destinatario valido');
    const from = fromAddresses(parsed.from);
    if (from.length !== 1 || from[0] !== target.user.email) {
      return this.reject(session, target.rcpt, 'il mittente (From) non è il destinatario della notifica', target, { parsed, code: 'wrong_sender' });
    }
    // An out-of-office reply must not become a follow-up (nor reopen a solved ticket); it is not answered either.
    const robot = automatedBecause(session.envelope.mailFrom ? session.envelope.mailFrom.address : null, (name) => headerText(parsed, name), this.ours());
    if (robot) return this.reject(session, target.rcpt, `risposta automatica (${robot})`, target);

    const { files, refused } = this.attachments(parsed);
    let body = trimReply(parsed.text ?? '');
    if (refused.length > 0) body += `${body ? '\n\n' : ''}[Allegati non accettati: ${refused.join(', ')}]`;
    if (!body.trim() && files.length === 0) return this.reject(session, target.rcpt, 'messaggio vuoto', target, { parsed, code: 'empty' });
    if (!body.trim()) body = '(allegati inviati per e-mail)';
    if (body.length > MAX_BODY) body = `${body.slice(0, MAX_BODY - 20)}\n[… testo troncato]`;

    const auth = await this.authFor(target.user);
    if (target.ticketId === null) return this.open(session, target, auth, parsed, body, files);
    let followUpId: string;
    try {
      // A closed ticket takes the reply without reopening: a «grazie» must not reopen it, and the CIT is told (notifier.ts).
      followUpId = await this.tickets.addFollowUp(auth, target.ticketId, { body, private: false }, files, { onClosed: 'append' });
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return this.reject(session, target.rcpt, err.message, target, { parsed, code: 'invalid', detail: err.message });
      throw err;
    }
    await logInboundMail(this.ds, { mailFrom: target.user.email, rcpt: target.rcpt, ticketId: target.ticketId, userId: target.user.id, followUpId, outcome: 'accepted' });
    this.logger.info({ ticketId: target.ticketId, userId: target.user.id, followUpId }, 'reply by e-mail added as follow-up');
  }

  /** A new ticket from a message to the help-desk address, logged like a reply. */
  private async open(session: SMTPServerSession, target: Target, auth: AuthContext, parsed: ParsedMail, body: string, files: CheckedAttachment[]): Promise<void> {
    let ticketId: string;
    try {
      ticketId = await this.tickets.create(auth, ticketFromMail(parsed, body), files, 'email');
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return this.reject(session, target.rcpt, err.message, target, { parsed, code: 'invalid', detail: err.message });
      throw err;
    }
    await logInboundMail(this.ds, { mailFrom: target.user.email, rcpt: target.rcpt, ticketId, userId: target.user.id, outcome: 'accepted' });
    this.logger.info({ ticketId, userId: target.user.id }, 'ticket opened by e-mail');
  }

  /** The same allow-list as uploads; inline images (signature logos) are left out, other refused files named. */
  private attachments(parsed: ParsedMail): { files: CheckedAttachment[]; refused: string[] } {
    const files: CheckedAttachment[] = [];
    const refused: string[] = [];
    const maxBytes = attachmentMaxBytes(this.config);
    for (const a of parsed.attachments) {
      if (a.related) continue;
      const name = a.filename ?? 'allegato';
      const bytes = new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength);
      const sniff = bytes.byteLength <= maxBytes ? sniffAttachment(bytes) : null;
      if (!sniff || files.length >= this.config.ATTACHMENT_MAX_FILES) {
        refused.push(name);
        continue;
      }
      files.push({ originalName: name, fileName: safeFileName(name, sniff.extension), content: bytes, sniff });
    }
    return { files, refused };
  }

  private async authFor(user: Recipient): Promise<AuthContext> {
    const scope = await scopeFor(this.ds, user);
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role, language: user.language, supplierId: user.supplierId },
      scope,
      db: new ScopedDb(this.ds, scope),
    };
  }
}

/** A header as written (mailparser restructures some, e.g. folds List-* into one), or null when absent. */
function headerText(parsed: ParsedMail, name: string): string | null {
  const line = parsed.headerLines.find((h) => h.key === name)?.line;
  return line === undefined ? null : line.slice(line.indexOf(':') + 1).trim();
}

function fromAddresses(from: AddressObject | AddressObject[] | undefined): string[] {
  const list = from === undefined ? [] : Array.isArray(from) ? from : [from];
  return list.flatMap((a) => a.value).flatMap((v) => (v.address ? [v.address.toLowerCase()] : []));
}
