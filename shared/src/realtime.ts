/**
 * Live events (socket.io) between the server and the browser.
 *
 * Events are only hints: they carry ids, a status and a timestamp, never data the receiver could not read
 * through the API anyway. The client reacts by refetching through the authorised API, so tenant isolation
 * stays in one place (ScopedDb) and a missed event costs at most a stale screen until the next refetch.
 */

/** What kind of change happened to a ticket; lets a screen decide whether it needs to refetch at all. */
export const LIVE_TICKET_CHANGES = ['created', 'updated', 'status', 'followup', 'sla', 'attachment'] as const;
export type LiveTicketChange = (typeof LIVE_TICKET_CHANGES)[number];

/**
 * Ticket statuses as they travel on the wire. Kept local so that this contract does not depend on the
 * tickets module; it must list the same values as the tickets' status enum.
 */
export const LIVE_TICKET_STATUSES = ['new', 'assigned', 'planned', 'pending', 'to_test', 'solved', 'closed', 'deleted'] as const;
export type LiveTicketStatus = (typeof LIVE_TICKET_STATUSES)[number];

export interface TicketChangedEvent {
  ticketId: string;
  enteId: string;
  change: LiveTicketChange;
  /** Present when the change moved the ticket to a new status. */
  status?: LiveTicketStatus;
  /** ISO 8601 instant of the change. */
  at: string;
}

/** Progress of a background run that generates the half-year statements; only staff receive it. */
export interface StatementsProgressEvent {
  runId: string;
  done: number;
  total: number;
  status: 'queued' | 'running' | 'done' | 'failed';
}

/** Progress of an import run started from the admin page (SoftwareCit CSVs); only staff receive it. */
export type ImportProgressEvent = StatementsProgressEvent;

/** The staff-only progress events: same shape, one per kind of background run. */
export type StaffProgressEventName = 'statements.progress' | 'imports.progress';

export type TicketWatchAck = { ok: true } | { ok: false; error: string };

export interface ServerToClientEvents {
  'ticket.changed': (e: TicketChangedEvent) => void;
  /** Queue counters may have changed: screens showing counts refetch them. */
  'counts.changed': () => void;
  /** A statements run moved on: the admin screen updates its bar (or refetches the run). Staff room only. */
  'statements.progress': (e: StatementsProgressEvent) => void;
  /** An import run moved on: the imports page updates its bar, and refetches the run once it has finished. Staff room only. */
  'imports.progress': (e: ImportProgressEvent) => void;
  /** The user's in-app notifications changed (sent to that user's sockets only): the bell refetches them. */
  'notifications.changed': () => void;
  /** The announcements (banners) for the user may have changed: the banner refetches them. */
  'announcements.changed': () => void;
}

/** Who an announcement change concerns: every connected user (`enteIds` null), or these Enti's; the staff optionally. */
export interface AnnouncementsAudience {
  enteIds: string[] | null;
  staff: boolean;
}

export interface ClientToServerEvents {
  /** Follow one ticket (e.g. its detail page is open); the server checks that the caller may see it. */
  'ticket.watch': (ticketId: string, ack: (r: TicketWatchAck) => void) => void;
  'ticket.unwatch': (ticketId: string) => void;
}

/**
 * `data.code` of a refused connection (socket.io `connect_error`). After `unauthorized` the client should
 * send the user to the login page; after `unavailable` it may retry later. A refused connection is not
 * retried automatically by socket.io: the client calls `socket.connect()` again when it wants to.
 */
export const REALTIME_ERROR_CODES = ['unauthorized', 'unavailable'] as const;
export type RealtimeErrorCode = (typeof REALTIME_ERROR_CODES)[number];
export interface RealtimeErrorData {
  code: RealtimeErrorCode;
}

/**
 * The socket.io client options of the SPA's live connection (a fresh object: socket.io-client writes into it).
 *
 * WebSocket only, no HTTP long-polling first. The API runs as several processes behind a load balancer that need
 * not be sticky; long-polling spreads the requests of one engine.io session over several TCP connections (the
 * pending GET holds one, every message is a POST on another, the upgrade probe a third), and a round-robin
 * balancer hands some of them to a process that does not know the session: "Session ID unknown", the connection
 * drops and starts again, over and over. A WebSocket is one TCP connection, so it stays on one process; the Redis
 * streams adapter carries the events between processes. Every browser the SPA supports has WebSocket.
 */
export function liveSocketOptions(): { path: string; withCredentials: boolean; transports: string[] } {
  return { path: '/socket.io', withCredentials: true, transports: ['websocket'] };
}
