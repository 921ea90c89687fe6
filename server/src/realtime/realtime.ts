import { createHash } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type {
  AnnouncementsAudience,
  ClientToServerEvents,
  RealtimeErrorCode,
  RealtimeErrorData,
  ServerToClientEvents,
  StaffProgressEventName,
  StatementsProgressEvent,
  TicketChangedEvent,
  TicketWatchAck,
} from '@cit/shared';
import type { AuthResolver } from '../auth/auth.middleware';
import type { AuthContext } from '../auth/context';
import type { Logger } from '../platform/logger';
import type { TenantScope } from '../tenancy/scope';
import { adapterRedis, onHandshakeOnly, originAllowed, quit, sessionState, type SessionRequest } from './connection';

/** Whether `auth` may see ticket `ticketId`; the tickets module supplies it (ScopedDb.get under the hood). */
export type CanViewTicket = (auth: AuthContext, ticketId: string) => Promise<boolean>;

interface SocketData {
  userId: string;
  /** The rooms the user's tenant scope gave at the last check (staff, ente:…, supplier:…). */
  scopeRooms: string[];
}

/** Messages between the server processes (through the Redis adapter), for checks only each process can make. */
interface InterServerEvents {
  /** A ticket changed: every process re-checks its watchers of the ticket that the broadcast did not reach. */
  'ticket.watchers': (e: TicketChangedEvent, reached: string[]) => void;
  /** A user's role, Enti or supplier changed: every process recomputes the rooms of that user's sockets. */
  'user.refresh': (userId: string) => void;
}
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeDeps {
  server: HttpServer;
  /** The same express-session middleware the API uses: the socket is signed in by the same cookie. */
  session: RequestHandler;
  resolveAuth: AuthResolver;
  canViewTicket: CanViewTicket;
  /** Template for the adapter's own connections (duplicated, never used directly). */
  redis: Redis;
  /** Redis stream shared by every server process of one installation; also the prefix of its PUB/SUB channels. */
  streamName: string;
  logger: Logger;
  /** The product's public address: browser pages from this origin (or from the Host they called) may connect. */
  publicUrl?: string;
  /** How often connected sockets are re-checked against their session and account; 0 turns it off. */
  revalidateEveryMs?: number;
}

export interface Realtime {
  io: RealtimeServer;
  /** Tells everybody who may see the ticket, on every server process, that it changed. */
  publishTicket(e: TicketChangedEvent & { supplierId?: string | null }): void;
  /** Tells the queue screens that may include this Ente's (or supplier's) tickets to refetch their counters. */
  publishCounts(hint: { enteId: string; supplierId?: string | null }): void;
  /** Tells the CIT staff (operators, approvers, admins) on every process; never reaches an Ente or a supplier. */
  publishStaff(e: StatementsProgressEvent, event?: StaffProgressEventName): void;
  /** Tells these users' own sockets, on every process, that their in-app notifications changed. */
  publishNotifications(userIds: readonly string[]): void;
  /** Tells the audience of an announcement change (a hint: the banner refetches through the API). */
  publishAnnouncements(audience: AnnouncementsAudience): void;
  /** Drops every live connection of a user on every process (call it when an account is disabled). */
  disconnectUser(userId: string): void;
  /** Drops the live connections opened with one session, on every process (logout, a session ended). */
  disconnectSession(sessionId: string): void;
  /**
   * Recomputes, on every process, the rooms of a user whose access changed (role, Enti, supplier): scope rooms
   * follow the new scope and followed tickets no longer visible are left at once. Resolves when this process is done.
   */
  refreshUser(userId: string): Promise<void>;
  /** Re-checks this process's sockets now: ended sessions and disabled accounts are disconnected, rooms follow scope changes. */
  revalidate(): Promise<void>;
  close(): Promise<void>;
}

export const rooms = {
  staff: 'staff',
  ente: (id: string) => `ente:${id}`,
  supplier: (id: string) => `supplier:${id}`,
  ticket: (id: string) => `ticket:${id}`,
  user: (id: string) => `user:${id}`,
  /** Hashed: the room name travels through Redis, the session id is a credential. */
  session: (sid: string) => `session:${createHash('sha256').update(sid).digest('hex').slice(0, 32)}`,
} as const;

export function scopeRooms(scope: TenantScope): string[] {
  switch (scope.kind) {
    case 'all':
      return [rooms.staff];
    case 'enti':
      return scope.enteIds.map(rooms.ente);
    case 'supplier':
      return [rooms.supplier(scope.supplierId)];
  }
}

const REFUSALS: Record<RealtimeErrorCode, string> = {
  unauthorized: 'Sessione non valida: acceda di nuovo.',
  unavailable: 'Aggiornamenti in tempo reale non disponibili al momento: riprovi tra poco.',
};

/** socket.io hands `message` and `data` of a middleware error to the client's `connect_error`. */
class RealtimeRefusal extends Error {
  readonly data: RealtimeErrorData;
  constructor(code: RealtimeErrorCode) {
    super(REFUSALS[code]);
    this.data = { code };
  }
}

export const WATCH_ERRORS = {
  invalidId: 'Identificativo del ticket non valido.',
  notFound: 'Ticket non trovato.',
  tooMany: 'Sta seguendo troppi ticket in questa finestra: ne chiuda qualcuno e riprovi.',
  failed: 'Impossibile seguire il ticket in questo momento: riprovi tra poco.',
} as const;

/** Each watch costs a database check and a room; a page follows a handful of tickets at most. */
const MAX_WATCHED_TICKETS = 100;
const DEFAULT_REVALIDATE_MS = 5 * 60_000;
const uuid = z.uuid();

export function createRealtime(deps: RealtimeDeps): Realtime {
  const log = deps.logger.child({ module: 'realtime' });

  const { pub, adapterClients } = adapterRedis(deps.redis, log);

  const publicOrigin = deps.publicUrl ? new URL(deps.publicUrl).origin : undefined;
  const io: RealtimeServer = new Server(deps.server, {
    serveClient: false,
    // Cookies ride along on cross-site WebSocket handshakes too (no CORS there), so foreign pages are refused.
    allowRequest: (req, callback) => callback(null, originAllowed(req, publicOrigin)),
    // Not the `pub` client itself: the adapter only calls methods the package does not type (it takes `any`).
    adapter: createAdapter(pub, { streamName: deps.streamName, channelPrefix: deps.streamName }),
  });

  io.engine.use(onHandshakeOnly(deps.session));
  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.debug({ code: err.code, message: err.message }, 'live connection refused by transport');
  });

  const contexts = new WeakMap<RealtimeSocket, AuthContext>();

  io.use((socket, next) => {
    authenticate(socket).then(
      () => next(),
      (err: unknown) => next(err instanceof RealtimeRefusal ? err : new RealtimeRefusal('unavailable')),
    );
  });

  async function authenticate(socket: RealtimeSocket): Promise<void> {
    const userId = (socket.request as SessionRequest).session?.userId;
    if (!userId) throw new RealtimeRefusal('unauthorized');
    let auth: AuthContext | null;
    try {
      auth = await deps.resolveAuth(userId);
    } catch (err) {
      log.warn({ err }, 'cannot resolve the user of a live connection');
      throw new RealtimeRefusal('unavailable');
    }
    if (!auth) throw new RealtimeRefusal('unauthorized');
    contexts.set(socket, auth);
    socket.data = { userId, scopeRooms: scopeRooms(auth.scope) };
  }

  io.on('connection', (socket) => {
    // Joined here, not in the middleware: a socket that never finishes connecting would leave its rooms behind.
    const sid = (socket.request as SessionRequest).sessionID;
    void socket.join([rooms.user(socket.data.userId), ...(sid ? [rooms.session(sid)] : []), ...socket.data.scopeRooms]);
    socket.on('ticket.watch', (ticketId, ack) => {
      void watch(socket, ticketId, ack);
    });
    socket.on('ticket.unwatch', (ticketId) => {
      if (typeof ticketId === 'string') void socket.leave(rooms.ticket(ticketId));
    });
  });

  async function watch(socket: RealtimeSocket, ticketId: unknown, ack: unknown): Promise<void> {
    // Clients are not trusted to send what the types say.
    const reply = (r: TicketWatchAck) => {
      if (typeof ack === 'function') (ack as (r: TicketWatchAck) => void)(r);
    };
    if (typeof ticketId !== 'string' || !uuid.safeParse(ticketId).success) return reply({ ok: false, error: WATCH_ERRORS.invalidId });
    const room = rooms.ticket(ticketId);
    if (socket.rooms.has(room)) return reply({ ok: true });
    if (watchedTickets(socket).length >= MAX_WATCHED_TICKETS) return reply({ ok: false, error: WATCH_ERRORS.tooMany });
    const auth = contexts.get(socket);
    if (!auth) return reply({ ok: false, error: REFUSALS.unauthorized });
    let allowed: boolean;
    try {
      allowed = await deps.canViewTicket(auth, ticketId);
    } catch (err) {
      log.warn({ err, ticketId }, 'ticket visibility check failed');
      return reply({ ok: false, error: WATCH_ERRORS.failed });
    }
    // Same answer as the API's 404: a ticket out of scope and a missing one look alike.
    if (!allowed) return reply({ ok: false, error: WATCH_ERRORS.notFound });
    if (socket.connected) void socket.join(room);
    reply({ ok: true });
  }

  let revalidating: Promise<void> | undefined;
  function revalidate(): Promise<void> {
    revalidating ??= revalidateSockets().finally(() => {
      revalidating = undefined;
    });
    return revalidating;
  }

  async function revalidateSockets(): Promise<void> {
    const byUser = new Map<string, RealtimeSocket[]>();
    for (const socket of io.of('/').sockets.values()) {
      const list = byUser.get(socket.data.userId) ?? [];
      list.push(socket);
      byUser.set(socket.data.userId, list);
    }
    for (const [userId, sockets] of byUser) {
      let auth: AuthContext | null;
      try {
        auth = await deps.resolveAuth(userId);
      } catch (err) {
        // A database hiccup must not throw everybody out: keep the connections until the next check.
        log.warn({ err }, 'live connections not re-checked');
        return;
      }
      if (!auth) {
        for (const socket of sockets) socket.disconnect(true);
        continue;
      }
      for (const socket of sockets) {
        if ((await sessionState(socket.request as SessionRequest, userId)) === 'ended') {
          socket.disconnect(true);
          continue;
        }
        await applyScope(socket, auth);
      }
    }
  }

  /** `recheckTickets`: the user's access changed in a way the scope rooms may not show (e.g. the role alone). */
  async function applyScope(socket: RealtimeSocket, auth: AuthContext, recheckTickets = false): Promise<void> {
    contexts.set(socket, auth);
    const next = scopeRooms(auth.scope);
    const previous = socket.data.scopeRooms;
    const sameScope = next.length === previous.length && next.every((r) => previous.includes(r));
    if (sameScope && !recheckTickets) return;
    for (const room of previous) if (!next.includes(room)) void socket.leave(room);
    void socket.join(next);
    socket.data.scopeRooms = next;
    // A narrower scope may hide tickets this socket follows.
    for (const room of watchedTickets(socket)) {
      const visible = await deps.canViewTicket(auth, room.slice('ticket:'.length)).catch(() => false);
      if (!visible) void socket.leave(room);
    }
  }

  /** This process's sockets of one user, re-resolved now (their account changed). */
  async function refreshLocalUser(userId: string): Promise<void> {
    const sockets = [...io.of('/').sockets.values()].filter((s) => s.data.userId === userId);
    if (sockets.length === 0) return;
    let auth: AuthContext | null;
    try {
      auth = await deps.resolveAuth(userId);
    } catch (err) {
      log.warn({ err, userId }, 'live connections of a changed user not re-checked');
      return;
    }
    if (!auth) {
      for (const socket of sockets) socket.disconnect(true);
      return;
    }
    for (const socket of sockets) await applyScope(socket, auth, true);
  }

  /**
   * Watchers of a ticket that the broadcast to staff, Ente and supplier rooms did not reach are exactly the sockets
   * that may have lost the ticket (reassigned to another supplier, moved to another Ente): each is checked now and
   * either gets the event or leaves the room, so access ends with the change that ended it.
   */
  async function deliverToWatchers(e: TicketChangedEvent, reached: string[]): Promise<void> {
    const room = rooms.ticket(e.ticketId);
    for (const id of [...(io.of('/').adapter.rooms.get(room) ?? [])]) {
      const socket = io.of('/').sockets.get(id);
      if (!socket || reached.some((r) => socket.rooms.has(r))) continue;
      const auth = contexts.get(socket);
      const visible = auth ? await deps.canViewTicket(auth, e.ticketId).catch(() => false) : false;
      if (visible && socket.connected) socket.emit('ticket.changed', e);
      else void socket.leave(room);
    }
  }

  /** While Redis is away nothing reaches the other processes: this one does its part, they catch up at their re-check. */
  function toOtherProcesses<E extends keyof InterServerEvents>(event: E, ...args: Parameters<InterServerEvents[E]>): void {
    if (pub.status === 'ready') io.serverSideEmit(event, ...args);
  }

  io.on('ticket.watchers', (e, reached) => {
    void deliverToWatchers(e, reached).catch((err: unknown) => log.warn({ err }, 'ticket watchers not re-checked'));
  });
  io.on('user.refresh', (userId) => {
    void refreshLocalUser(userId);
  });

  const timer =
    deps.revalidateEveryMs === 0
      ? undefined
      : setInterval(() => {
          revalidate().catch((err: unknown) => log.warn({ err }, 'live connections re-check failed'));
        }, deps.revalidateEveryMs ?? DEFAULT_REVALIDATE_MS);
  timer?.unref();

  let closing: Promise<void> | undefined;
  return {
    io,
    publishTicket(e) {
      if (closing) return;
      // Built field by field so that nothing beyond ids, status and time can leak to the browsers.
      const payload: TicketChangedEvent = { ticketId: e.ticketId, enteId: e.enteId, change: e.change, at: e.at };
      if (e.status) payload.status = e.status;
      const targets = [rooms.staff, rooms.ente(e.enteId)];
      if (e.supplierId) targets.push(rooms.supplier(e.supplierId));
      // One emit to the union of rooms: a socket in several of them receives the event once.
      io.to(targets).emit('ticket.changed', payload);
      // The ticket's own room is not broadcast to: its other watchers are checked first, on every process.
      toOtherProcesses('ticket.watchers', payload, targets);
      void deliverToWatchers(payload, targets).catch((err: unknown) => log.warn({ err }, 'ticket watchers not re-checked'));
    },
    publishCounts(hint) {
      if (closing) return;
      const targets = [rooms.staff, rooms.ente(hint.enteId)];
      if (hint.supplierId) targets.push(rooms.supplier(hint.supplierId));
      io.to(targets).emit('counts.changed');
    },
    publishStaff(e, event = 'statements.progress') {
      if (closing) return;
      // Rebuilt field by field, like ticket events: only what the type names can leave the server.
      io.to(rooms.staff).emit(event, { runId: e.runId, done: e.done, total: e.total, status: e.status });
    },
    publishNotifications(userIds) {
      if (closing || userIds.length === 0) return;
      io.to(userIds.map(rooms.user)).emit('notifications.changed');
    },
    publishAnnouncements(audience) {
      if (closing) return;
      // The event carries nothing; the API decides what each user sees. Everybody when every Ente is concerned.
      if (audience.enteIds === null) {
        io.emit('announcements.changed');
        return;
      }
      const targets = audience.enteIds.map(rooms.ente);
      if (audience.staff) targets.push(rooms.staff);
      if (targets.length > 0) io.to(targets).emit('announcements.changed');
    },
    disconnectUser(userId) {
      if (closing) return;
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
    disconnectSession(sessionId) {
      if (closing) return;
      io.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    refreshUser(userId) {
      if (closing) return Promise.resolve();
      toOtherProcesses('user.refresh', userId);
      return refreshLocalUser(userId);
    },
    revalidate,
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        await revalidating?.catch(() => undefined);
        // Not io.close(): it would also close the HTTP server, which belongs to the runtime.
        io.local.disconnectSockets(true);
        // Closing the adapter stops its stream reader and tells the other processes this one is gone.
        await Promise.allSettled([io.of('/').adapter.close()]);
        io.engine.close();
        for (const client of adapterClients) client.disconnect();
        await quit(pub);
      })();
      return closing;
    },
  };
}

function watchedTickets(socket: RealtimeSocket): string[] {
  return [...socket.rooms].filter((r) => r.startsWith('ticket:'));
}
