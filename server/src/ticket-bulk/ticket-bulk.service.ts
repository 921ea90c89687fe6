import type { DataSource } from 'typeorm';
import {
  cannedReplyActions,
  cannedReplyValues,
  fillCannedReply,
  type BulkTicketOutcome,
  type BulkTicketRequest,
  type BulkTicketResult,
} from '@cit/shared';
import type { AuthContext } from '../auth/context';
import type { CannedRepliesService } from '../canned-replies/canned-replies.service';
import type { Logger } from '../platform/logger';
import { AppError, fieldError } from '../platform/http/errors';
import type { TicketLinksService } from '../ticket-links/ticket-links.service';
import type { TicketService } from '../tickets/tickets.service';
import { bulkTicketFacts } from './ticket-bulk.repository';

/**
 * Tickets worked at once: the transactions run this many at a time. Each locks one ticket (a merge also the
 * surviving one, always in the same order), so they do not wait for each other; more would only queue on the pool.
 */
const PARALLEL = 4;

export interface TicketBulkDeps {
  ds: DataSource;
  tickets: TicketService;
  links: TicketLinksService;
  replies: CannedRepliesService;
  logger: Logger;
}

/**
 * Bulk actions of the operator queue (issue 17, point 4). Each ticket goes through the same service method a single
 * action uses, in its own transaction: the lifecycle rule, the history, the e-mails and the live events are exactly
 * those of one action, and a ticket that cannot change (wrong status, gone) is reported with the reason while the
 * others go on.
 */
export class TicketBulkService {
  constructor(private readonly deps: TicketBulkDeps) {}

  async run(auth: AuthContext, request: BulkTicketRequest): Promise<BulkTicketResult> {
    const { ticketIds: ids, operation: op } = request;
    const facts = await bulkTicketFacts(this.deps.ds, ids);
    const work = await this.workFor(auth, request, facts);
    const results: BulkTicketOutcome[] = new Array<BulkTicketOutcome>(ids.length);
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const index = next++;
        const id = ids[index] as string;
        const protocol = facts.get(id)?.protocol ?? null;
        try {
          await work(id);
          results[index] = { ticketId: id, protocol, ok: true, code: null, message: null };
        } catch (err) {
          results[index] = { ticketId: id, protocol, ok: false, ...this.reason(err, op.kind) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, lane));
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  /** The work on one ticket; what the whole request needs (the canned reply, the merge target) is checked first. */
  private async workFor(auth: AuthContext, { ticketIds, operation: op }: BulkTicketRequest, facts: Map<string, { protocol: string } & Parameters<typeof cannedReplyValues>[0]>) {
    const { tickets, links, replies } = this.deps;
    switch (op.kind) {
      case 'action':
        return (id: string) => tickets.act(auth, id, op.request);
      case 'followup':
        return async (id: string) => {
          await tickets.addFollowUp(auth, id, op.followUp, []);
        };
      case 'canned_reply': {
        const reply = await replies.visible(op.cannedReplyId, auth.user);
        return async (id: string) => {
          const ticket = facts.get(id);
          if (!ticket) throw new AppError(404, 'not_found', 'Il ticket non esiste o non è visibile.');
          const filled = fillCannedReply(reply.body, cannedReplyValues(ticket, auth.user.name));
          // The actions first: a ticket that cannot take them (a solved one asked to be suspended) gets no reply either.
          for (const action of cannedReplyActions(reply, filled)) await tickets.act(auth, id, action);
          await tickets.addFollowUp(auth, id, { body: filled, private: false }, []);
        };
      }
      case 'merge': {
        if (!ticketIds.includes(op.targetId)) {
          throw fieldError('operation.targetId', 'Il ticket che resta deve essere tra quelli selezionati.');
        }
        return async (id: string) => {
          if (id !== op.targetId) await links.merge(auth, id, op.targetId);
        };
      }
    }
  }

  private reason(err: unknown, kind: string): { code: string; message: string } {
    if (err instanceof AppError) {
      // A field error names the field of a single action; in a report the message is what matters.
      const field = (err.details as { fields?: Array<{ message: string }> } | undefined)?.fields?.[0]?.message;
      return { code: err.code, message: field ? `${err.message} ${field}` : err.message };
    }
    this.deps.logger.error({ err, kind }, 'bulk ticket operation failed');
    return { code: 'internal_error', message: 'Errore imprevisto su questo ticket: riprovi più tardi.' };
  }
}
