import type { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/context';
import { AppError } from '../platform/http/errors';
import { enqueue } from '../platform/outbox/outbox';
import { Ticket } from '../tickets/ticket.entity';
import type { TicketService } from '../tickets/tickets.service';

/**
 * After an admin corrected the cause of a «non applicata» request (membership entered, residents recorded, a
 * duplicated unit fixed), clears the failure and asks for the `services.apply` job again, in one transaction with
 * its outbox row. The job re-checks every rule: if the cause is still there, the request fails again, visibly.
 */
export async function reapplyRequest(ds: DataSource, tickets: TicketService, auth: AuthContext, ticketId: string): Promise<void> {
  await auth.db.get(Ticket, ticketId, 'Il ticket');
  await ds.transaction(async (tx) => {
    const t = await tickets.lock(tx, ticketId);
    if (t.approvalState !== 'approved' || t.appliedAt || !t.applyFailedAt) {
      throw new AppError(409, 'not_reapplicable', 'Si può riapplicare solo una richiesta approvata e «non applicata».', {
        approvalState: t.approvalState,
        applied: t.appliedAt !== null,
      });
    }
    const reason = t.applyFailure;
    t.applyFailedAt = null;
    t.applyFailure = null;
    await tickets.save(tx, t, [{ field: 'apply_failure', from: reason, to: null }], auth.user.id, 'updated');
    const stamp = tickets.now().getTime();
    await enqueue(tx, 'jobs.enqueue', { name: 'services.apply', data: { ticketId: t.id }, jobId: `services.apply-${t.id}-reapply-${stamp}` });
  });
}
