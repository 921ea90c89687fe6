import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';
import { noticeStatusAfterReceipt, type OfficialNotice, type OfficialNoticeStatus, type PecType } from '@cit/shared';
import { AppError, notFound } from '../platform/http/errors';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import { enqueue, enqueueMany, type OutboxRows } from '../platform/outbox/outbox';
import type { OnStatementsRunDone } from '../billing/statements/statements.service';
import type { OutboxTopics } from '../platform/outbox/topics';
import { mailEnabled, messageIdDomain, pecEnabled } from '../notifications/mail-settings';
import { insertOutgoingMails, type NewOutgoingMail } from '../notifications/outgoing-mails.repository';
import { transportFromUrl } from '../notifications/mailer';
import { fileStoreFromConfig } from '../file-store/file-store.module';
import type { AppNotificationsRepository } from '../app-notifications/app-notifications.repository';
import type { TicketService } from '../tickets/tickets.service';
import { OfficialNoticesRepository, type NewNotice, type NoticeRow, type StatementFacts } from './official-notices.repository';
import { renderStatementAvailable, renderStatementNotice, renderTicketActNotice, renderUnsendable } from './notice-templates';

/** The timeline line of a notice about a ticket: `sent: <address>` or `not_sendable: <reason>` (the client labels it). */
export const PEC_NOTICE_FIELD = 'pec_notice';

export const NO_ADDRESS = "l'Ente non ha un indirizzo PEC nei suoi dati";
export const NO_ACCOUNT = 'casella PEC del CIT non configurata (PEC_SMTP_URL, PEC_FROM)';

export interface OfficialNoticesDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  /** The ticket's timeline (a notice sent or not sendable); absent where only statements are handled. */
  tickets?: TicketService;
  /** The bell of the staff when a notice about a ticket cannot be sent. */
  bell?: AppNotificationsRepository;
  publishBell?: (userIds: string[]) => void;
  /** Who is alerted about a ticket (its assignee, else operators and admins). */
  staffToAlert?: (ticketId: string) => Promise<string[]>;
}

/**
 * The statements' hook, in the transaction that marks a run done: the notices job exists exactly when the run finished.
 * (A statement rendered again by itself, outside a run, is not announced: only a run's statements are.)
 */
export const queueStatementNotices: OnStatementsRunDone = (tx: EntityManager, { runId }) =>
  enqueue(tx, 'jobs.enqueue', { name: 'notices.statements', data: { runId }, jobId: `notices.statements-${runId}` });

const pecJob = (id: string): OutboxRows[number] => ({ topic: 'jobs.enqueue', payload: { name: 'pec.send', data: { noticeId: id }, jobId: `pec-${id}` } });
const mailJob = (id: string): OutboxRows[number] => ({ topic: 'jobs.enqueue', payload: { name: 'mail.send', data: { mailId: id }, jobId: `mail-${id}` } });

/**
 * Official notices by PEC (issue 21, point 3): approvals, rejections and half-year statements go to the Ente's
 * official PEC address through the CIT's PEC account (PEC_SMTP_URL, PEC_FROM), besides the ordinary e-mails. One
 * notice per act (`official_notices.act_key`), written with its `pec.send` job in one transaction (the outbox
 * relays it); the provider's receipts, read by the PEC mailbox, move its status by its Message-ID.
 */
export class OfficialNotices {
  readonly repo: OfficialNoticesRepository;
  private transport: Transporter | undefined;

  constructor(private readonly deps: OfficialNoticesDeps) {
    this.repo = new OfficialNoticesRepository(deps.ds);
  }

  private messageId(id: string): string {
    return `<pec-${id}@${messageIdDomain(this.deps.config)}>`;
  }

  /** Where a notice goes, or why it cannot go. */
  private destination(pec: string | null): { status: 'queued' | 'not_sendable'; reason: string | null } {
    if (!pec) return { status: 'not_sendable', reason: NO_ADDRESS };
    if (!pecEnabled(this.deps.config)) return { status: 'not_sendable', reason: NO_ACCOUNT };
    return { status: 'queued', reason: null };
  }

  /**
   * The `notify.ticket` side: an approval or a rejection of a service request becomes a notice to the Ente's PEC.
   * Keyed by the outbox row, so a retried handler writes nothing twice.
   */
  async onTicketChange(payload: OutboxTopics['notify.ticket'], outboxId: string): Promise<void> {
    const approval = payload.changes.find((c) => c.field === 'approval')?.to;
    if (approval !== 'approved' && approval !== 'rejected') return;
    const act = approval === 'approved' ? 'approval' : 'rejection';
    const facts = await this.repo.ticketAct(payload.ticketId);
    if (!facts) return;
    const reason = payload.changes.find((c) => c.field === 'approval_reason')?.to;
    const mail = renderTicketActNotice(act, { ...facts, approvalReason: reason ?? facts.approvalReason }, new Date(payload.at), `${this.deps.config.PUBLIC_URL}/ticket/${facts.id}`);
    const id = randomUUID();
    const where = this.destination(facts.entePec);
    const notice: NewNotice = {
      id,
      actKey: `${act}:${facts.id}:${outboxId}`,
      act,
      enteId: facts.enteId,
      ticketId: facts.id,
      statementId: null,
      toAddress: facts.entePec,
      ...mail,
      messageId: this.messageId(id),
      ...where,
    };
    const inserted = await this.deps.ds.transaction(async (tx) => {
      const ok = await this.repo.insert(tx, notice);
      if (ok && where.status === 'queued') await enqueueMany(tx, [pecJob(id)]);
      return ok;
    });
    // Staff are told of an Ente without a PEC address (they can fix its data); an installation without a PEC account
    // is an admin's setting, shown in their list and in the log, not a bell on every approval.
    if (inserted && where.reason === NO_ADDRESS) await this.unsendableTicketNotice(facts.id, id, where.reason);
  }

  /** Staff are told on the ticket (timeline and bell) that its official notice did not leave. */
  private async unsendableTicketNotice(ticketId: string, noticeId: string, reason: string): Promise<void> {
    this.deps.logger.warn({ ticketId, noticeId, reason }, 'official PEC notice not sendable');
    await this.deps.tickets?.recordSystemEvent(ticketId, PEC_NOTICE_FIELD, `not_sendable: ${reason}`);
    const { bell, staffToAlert, publishBell } = this.deps;
    if (!bell || !staffToAlert) return;
    const users = await staffToAlert(ticketId);
    const notified = await bell.insert(
      users.map((userId) => ({ userId, kind: 'pec_failed' as const, ticketId, dedupKey: `pec-notice:${noticeId}:${userId}` })),
      new Date(),
    );
    publishBell?.(notified);
  }

  /**
   * The `notices.statements` job, queued when a statements run is done: for each statement the run generated (or
   * generated again), a notice to the payer's PEC and the "statement available" e-mail to each of its referents;
   * then one e-mail to the staff listing the notices that could not be sent. Safe to run again: every row is keyed.
   */
  async statementsRun(runId: string): Promise<{ notices: number; mails: number; unsendable: number }> {
    const statements = await this.repo.statementsOfRun(runId);
    const referents = await this.repo.referentsOf([...new Set(statements.map((s) => s.enteId))]);
    const link = `${this.deps.config.PUBLIC_URL}/addebiti`;
    const domain = messageIdDomain(this.deps.config);
    let notices = 0;
    let mails = 0;
    for (let i = 0; i < statements.length; i += 200) {
      await this.deps.ds.transaction(async (tx) => {
        const jobs: OutboxRows[number][] = [];
        for (const s of statements.slice(i, i + 200)) {
          const notice = this.statementNotice(s, link);
          if (await this.repo.insert(tx, notice)) {
            notices++;
            if (notice.status === 'queued') jobs.push(pecJob(notice.id));
          }
        }
        if (mailEnabled(this.deps.config)) {
          const batch: NewOutgoingMail[] = statements.slice(i, i + 200).flatMap((s) =>
            (referents.get(s.enteId) ?? []).map((p) => ({
              id: randomUUID(),
              key: `statement-available:${s.id}:v${s.version}:${p.id}`,
              to: p.email,
              ...renderStatementAvailable(s, p.name, p.language, link, s.entePec !== null),
            })),
          );
          const ids = batch.length > 0 ? await insertOutgoingMails(tx, 'statement_available', batch, domain) : [];
          mails += ids.length;
          jobs.push(...ids.map(mailJob));
        }
        await enqueueMany(tx, jobs);
      });
    }
    // As for tickets: the staff hear of payers without a PEC address; a missing PEC account only shows in the admins' list.
    const unsendable = (await this.repo.unsendableOfRun(runId)).filter((n) => n.reason === NO_ADDRESS);
    if (unsendable.length > 0) await this.tellStaff(runId, unsendable);
    else if (!pecEnabled(this.deps.config) && statements.length > 0) this.deps.logger.warn({ runId }, 'statement notices not sent: no PEC account configured');
    return { notices, mails, unsendable: unsendable.length };
  }

  private statementNotice(s: StatementFacts, link: string): NewNotice {
    const id = randomUUID();
    return {
      id,
      // A statement rendered again (new version) is a new document, so a new notice.
      actKey: `statement:${s.id}:v${s.version}`,
      act: 'statement',
      enteId: s.enteId,
      ticketId: null,
      statementId: s.id,
      toAddress: s.entePec,
      ...renderStatementNotice(s, link),
      messageId: this.messageId(id),
      ...this.destination(s.entePec),
    };
  }

  /** One e-mail per staff member and run; without ordinary e-mail the log and the admins' list still say it. */
  private async tellStaff(runId: string, items: Awaited<ReturnType<OfficialNoticesRepository['unsendableOfRun']>>): Promise<void> {
    this.deps.logger.warn({ runId, count: items.length }, 'statement notices not sendable by PEC');
    if (!mailEnabled(this.deps.config)) return;
    const staff = await this.repo.staff();
    await this.deps.ds.transaction(async (tx) => {
      const ids = await insertOutgoingMails(
        tx,
        'official_notice_unsendable',
        staff.map((p) => ({ id: randomUUID(), key: `official-notice-unsendable:${runId}:${p.id}`, to: p.email, ...renderUnsendable(items, p.name, p.language) })),
        messageIdDomain(this.deps.config),
      );
      await enqueueMany(tx, ids.map(mailJob));
    });
  }

  /**
   * The `pec.send` job. The row is locked while sending, and a notice no longer queued is skipped, so a job run
   * twice never sends twice. A failure is recorded and rethrown (BullMQ retries); after MAIL_ATTEMPTS it is `failed`.
   */
  async send(noticeId: string): Promise<void> {
    const { config } = this.deps;
    let failure: Error | undefined;
    let sentTicket: { ticketId: string; to: string } | undefined;
    await this.deps.ds.transaction(async (tx) => {
      const n = await this.repo.lock(tx, noticeId);
      if (!n || n.status !== 'queued') return;
      if (!pecEnabled(config) || !n.toAddress) {
        // The account was removed after the notice was written: recorded, never a crash loop.
        await this.repo.markNotSendable(tx, n.id, n.toAddress ? NO_ACCOUNT : NO_ADDRESS);
        return;
      }
      try {
        await this.deliver(n);
        await this.repo.markSent(tx, n.id);
        if (n.ticketId) sentTicket = { ticketId: n.ticketId, to: n.toAddress };
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
        await this.repo.markAttemptFailed(tx, n.id, failure.message, config.MAIL_ATTEMPTS);
      }
    });
    if (sentTicket) await this.deps.tickets?.recordSystemEvent(sentTicket.ticketId, PEC_NOTICE_FIELD, `sent: ${sentTicket.to}`);
    if (failure) throw failure;
  }

  private async deliver(n: NoticeRow): Promise<void> {
    this.transport ??= transportFromUrl(this.deps.config.PEC_SMTP_URL as string);
    const pdf = n.statementId ? await this.repo.statementPdf(n.statementId) : undefined;
    await this.transport.sendMail({
      // The statement itself goes with its notice: the provider's receipts then certify the document that was delivered.
      ...(pdf ? { attachments: [{ filename: pdf.fileName, contentType: 'application/pdf', content: fileStoreFromConfig(this.deps.config).createReadStream(pdf.sha256) }] } : {}),
      from: this.deps.config.PEC_FROM,
      to: n.toAddress ?? undefined,
      subject: n.subject,
      text: n.text,
      html: n.html,
      // The provider quotes this Message-ID in the msgid of its receipts' daticert.xml: that is how they find the notice.
      messageId: n.messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-CIT-Notice': n.id, ...(n.ticketId ? { 'X-CIT-Ticket': n.ticketId } : {}) },
    });
  }

  /**
   * An admin sends a notice again that did not reach the Ente (no PEC address then, no PEC account then, or failed),
   * once the cause is fixed: same notice and Message-ID, the Ente's current PEC address, a new `pec.send` job.
   */
  async retry(id: string): Promise<OfficialNotice> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('La comunicazione');
    await this.deps.ds.transaction(async (tx) => {
      const n = await this.repo.lock(tx, id);
      if (!n) throw notFound('La comunicazione');
      if (n.status !== 'not_sendable' && n.status !== 'failed') {
        throw new AppError(409, 'notice_not_retryable', 'Si può inviare di nuovo solo una comunicazione non inviabile o non consegnata.');
      }
      const to = await this.repo.entePec(tx, n.enteId);
      if (!to) throw new AppError(409, 'ente_without_pec', "L'Ente non ha ancora un indirizzo PEC: lo inserisca nell'anagrafica dell'Ente e riprovi.");
      if (!pecEnabled(this.deps.config)) throw new AppError(409, 'pec_not_configured', 'La casella PEC del CIT non è configurata (PEC_SMTP_URL, PEC_FROM).');
      await this.repo.requeue(tx, id, to);
      // A new job id: the earlier job of this notice may still be kept by the queue as failed.
      await enqueueMany(tx, [{ topic: 'jobs.enqueue', payload: { name: 'pec.send', data: { noticeId: id }, jobId: `pec-${id}-${Date.now()}` } }]);
    });
    const notice = await this.repo.get(id);
    if (!notice) throw notFound('La comunicazione');
    return notice;
  }

  /**
   * A receipt of the PEC provider for a message the product sent: when it certifies an official notice, its status
   * moves on (never back). Returns the notice, or undefined when the Message-ID is no notice of ours.
   */
  async applyReceipt(msgid: string, type: PecType, detail: string | null): Promise<{ id: string; ticketId: string | null; status: OfficialNoticeStatus; subject: string } | undefined> {
    return this.deps.ds.transaction(async (tx) => {
      const found = await this.repo.byMessageId(msgid, tx);
      if (!found) return undefined;
      const n = (await this.repo.lock(tx, found.id)) ?? found;
      const next = noticeStatusAfterReceipt(n.status, type);
      if (next) await this.repo.setStatus(tx, n.id, next, next === 'failed' ? (detail ?? type) : null);
      return { id: n.id, ticketId: n.ticketId, status: next ?? n.status, subject: n.subject };
    });
  }
}
