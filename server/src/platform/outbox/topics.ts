import type { AnnouncementsAudience, StaffProgressEventName, StatementsProgressEvent, TicketChangedEvent } from '@cit/shared';
import type { JobRequest } from '../jobs/jobs';

/**
 * The typed catalogue of side effects that leave a transaction through the outbox: topic → payload.
 * Payloads carry ids only; whoever acts on them reads the current state.
 */
export interface OutboxTopics {
  /** A live event for the queue screens and ticket pages. */
  'live.ticket': Omit<TicketChangedEvent, 'at'> & { supplierId: string | null; at: string };
  /** Something happened to a ticket that people may need to hear about by e-mail (the history lines written). */
  'notify.ticket': { ticketId: string; actorId: string | null; at: string; changes: Array<{ field: string; from: string | null; to: string | null }> };
  /** A live event for the CIT staff only (the `staff` room): progress of a statements run or of an import run. */
  'live.staff': { event: StaffProgressEventName } & StatementsProgressEvent;
  /** A background job, relayed to BullMQ with a deterministic id (relaying twice adds it once). */
  'jobs.enqueue': JobRequest;
  /** Announcements changed: the banners of this audience refetch. */
  'live.announcements': AnnouncementsAudience;
}

export type OutboxTopic = keyof OutboxTopics;
export const OUTBOX_TOPICS: readonly OutboxTopic[] = ['live.ticket', 'live.staff', 'notify.ticket', 'jobs.enqueue', 'live.announcements'];
