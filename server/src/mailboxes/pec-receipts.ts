import { pecDeliveryFailed } from '@cit/shared';
import type { Logger } from '../platform/logger';
import type { TicketService } from '../tickets/tickets.service';
import type { AppNotificationsRepository } from '../app-notifications/app-notifications.repository';
import type { MailboxesRepository, MailboxRow } from './mailboxes.repository';
import type { MailMatchingRepository } from './mail-matching.repository';
import type { PecEnvelope } from './pec';
import type { OfficialNotices } from '../official-notices/official-notices';

/** The timeline line of a receipt: `<tipo>` or `<tipo>: <recipient>` (the client labels the type). */
export const PEC_RECEIPT_FIELD = 'pec_receipt';

/**
 * Receipts of PEC the product sent (accettazione, avvenuta consegna, mancata consegna…): kept with their
 * certification data, matched by the msgid of daticert.xml to the notice they certify, shown in that ticket's
 * timeline; a failed delivery alerts the ticket's assignee (or the CIT staff) in the application.
 */
export class PecReceipts {
  constructor(
    private readonly deps: {
      repo: MailboxesRepository;
      matching: MailMatchingRepository;
      notices: Pick<OfficialNotices, 'applyReceipt'>;
      tickets: TicketService;
      bell: AppNotificationsRepository;
      publish: (userIds: string[]) => void;
      logger: Logger;
    },
  ) {}

  /** Returns the ticket the receipt was matched to, or null (kept unmatched; a failure is then listed as unassigned). */
  async record(mailbox: MailboxRow, envelope: PecEnvelope, raw: Buffer): Promise<string | null> {
    const sent = envelope.msgid ? await this.deps.matching.outgoingByMessageId(envelope.msgid) : undefined;
    const error = envelope.error !== 'nessuno' ? [envelope.error, envelope.errorDetail].filter(Boolean).join(': ') : envelope.errorDetail;
    // Not an ordinary mail: an official notice sent by PEC (approval, rejection, statement), whose status it moves on.
    const notice = !sent && envelope.msgid ? await this.deps.notices.applyReceipt(envelope.msgid, envelope.type, error) : undefined;
    const ticketId = sent?.ticketId ?? notice?.ticketId ?? null;
    const receiptId = await this.deps.repo.addReceipt(
      { mailboxId: mailbox.id, kind: envelope.type, msgid: envelope.msgid, recipient: envelope.delivery ?? envelope.recipients[0] ?? null, error, daticert: envelope.daticert, raw },
      { ticketId, outgoingMailId: sent?.id ?? null, officialNoticeId: notice?.id ?? null },
    );
    const failed = pecDeliveryFailed(envelope.type);
    if (!ticketId && notice) {
      // A statement notice: no ticket to show it in; a failed delivery goes to the operators' list with what it was.
      if (failed) {
        this.deps.logger.warn({ noticeId: notice.id, msgid: envelope.msgid, error }, 'official PEC notice not delivered: listed for the operators');
        await this.deps.repo.addUnassigned({
          mailboxId: mailbox.id,
          messageId: envelope.msgid,
          fromAddress: envelope.sender,
          fromName: null,
          subject: envelope.subject ?? notice.subject,
          body: error ?? '',
          reason: `comunicazione ufficiale PEC non consegnata («${notice.subject}»): ricevuta «${envelope.type}»`,
          raw,
        });
      }
      return null;
    }
    if (!ticketId) {
      this.deps.logger.warn({ msgid: envelope.msgid, type: envelope.type }, 'PEC receipt for no known message');
      if (failed) {
        await this.deps.repo.addUnassigned({
          mailboxId: mailbox.id,
          messageId: envelope.msgid,
          fromAddress: envelope.sender,
          fromName: null,
          subject: envelope.subject ?? '',
          body: error ?? '',
          reason: `ricevuta PEC «${envelope.type}» per un messaggio non riconosciuto`,
          raw,
        });
      }
      return null;
    }
    const recipient = envelope.delivery ?? envelope.recipients[0];
    await this.deps.tickets.recordSystemEvent(ticketId, PEC_RECEIPT_FIELD, recipient ? `${envelope.type}: ${recipient}` : envelope.type);
    if (failed) {
      const users = await this.deps.matching.staffToAlert(ticketId);
      const notified = await this.deps.bell.insert(
        users.map((userId) => ({ userId, kind: 'pec_failed' as const, ticketId, dedupKey: `pec-failed:${receiptId}:${userId}` })),
        new Date(),
      );
      this.deps.publish(notified);
      this.deps.logger.warn({ ticketId, msgid: envelope.msgid, error }, 'PEC not delivered: staff alerted');
    }
    return ticketId;
  }
}
