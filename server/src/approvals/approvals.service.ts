import type { DataSource } from 'typeorm';
import { can, romeDate, type ApprovalDecision } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { AppError, forbidden } from '../platform/http/errors';
import { enqueue } from '../platform/outbox/outbox';
import { Ticket } from '../tickets/ticket.entity';
import { checkApproval } from '../service-requests/offer-check';
import type { HistoryEntry, TicketService } from '../tickets/tickets.service';
import { formCheckForApproval } from '../service-requests/form-requirement';
import { isMemberOn } from '../service-requests/service-requests.repository';

/**
 * Approve or reject an activation/cancellation request. Approval commits together with an outbox row that asks
 * for the `services.apply` job, so a Redis outage delays the service record but never loses it.
 */
export class ApprovalService {
  constructor(
    private readonly ds: DataSource,
    private readonly tickets: TicketService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async decide(auth: AuthContext, ticketId: string, decision: ApprovalDecision): Promise<void> {
    if (!can(auth.user, 'service-request.decide')) throw forbidden();
    await auth.db.get(Ticket, ticketId, 'Il ticket');
    await this.ds.transaction(async (tx) => {
      const t = await this.tickets.lock(tx, ticketId);
      if (t.category === 'assistance') {
        throw new AppError(409, 'not_a_service_request', 'Solo le richieste di attivazione o disdetta richiedono approvazione.');
      }
      if (t.approvalState !== 'requested') {
        throw new AppError(409, 'approval_already_decided', `La richiesta è già stata ${t.approvalState === 'approved' ? 'approvata' : 'respinta'}.`, {
          approvalState: t.approvalState,
        });
      }
      if (t.status === 'deleted') throw new AppError(409, 'ticket_deleted', 'Il ticket è stato eliminato.');
      const now = this.now();
      if (decision.decision === 'approve') {
        // Members on the day of the decision (a convention may have ended since the request), and on the request date.
        if (!(await isMemberOn(tx, t.enteId, romeDate(now)))) {
          throw new AppError(409, 'not_a_member', "L'Ente non ha una convenzione in vigore con il CIT: la richiesta di servizio non può essere approvata.");
        }
        await checkApproval(tx, t);
      }
      const to = decision.decision === 'approve' ? 'approved' : 'rejected';
      const changes: HistoryEntry[] = [{ field: 'approval', from: t.approvalState, to }];
      changes.push(...(await formCheckForApproval(tx, t.id, decision)));
      if (decision.reason) changes.push({ field: 'approval_reason', from: t.approvalReason, to: decision.reason });
      t.approvalState = to;
      t.approvalReason = decision.reason ?? null;
      t.approvedBy = auth.user.id;
      t.approvedAt = now;
      if (to === 'rejected') changes.push(...this.tickets.solveBySystem(t, `Richiesta respinta: ${decision.reason ?? ''}`.trim()));
      await this.tickets.save(tx, t, changes, auth.user.id, 'updated');
      if (to === 'approved') {
        await enqueue(tx, 'jobs.enqueue', { name: 'services.apply', data: { ticketId: t.id }, jobId: `services.apply-${t.id}` });
      }
    });
  }
}
