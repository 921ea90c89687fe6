import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { SessionData, Store } from 'express-session';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger';

export type SessionRequest = IncomingMessage & { session?: Partial<SessionData>; sessionID?: string; sessionStore?: Store };

/**
 * Runs the session middleware on the handshake only: later polling requests of the same connection carry
 * `sid` and would each cost a session read in PostgreSQL for nothing.
 */
export function onHandshakeOnly(session: RequestHandler) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    if (new URL(req.url ?? '/', 'http://localhost').searchParams.has('sid')) {
      next();
      return;
    }
    // express-session only uses the Node request/response underneath the Express types.
    void session(req as Request, res as Response, next);
  };
}

/**
 * Browsers always send Origin on cross-origin requests and WebSocket handshakes; without it the caller is
 * a same-origin GET or a non-browser client, which cannot borrow somebody else's cookie.
 */
export function originAllowed(req: IncomingMessage, publicOrigin: string | undefined): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (origin === publicOrigin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** 'ended' only when the store answers that the session is gone (logout, expiry, account disabled). */
export function sessionState(req: SessionRequest, userId: string): Promise<'active' | 'ended' | 'unknown'> {
  const { sessionStore: store, sessionID: sid } = req;
  if (!store || !sid) return Promise.resolve('unknown');
  return new Promise((resolve) => {
    store.get(sid, (err: unknown, data?: Partial<SessionData> | null) => {
      if (err) resolve('unknown');
      else resolve(data?.userId === userId ? 'active' : 'ended');
    });
  });
}

export async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    // QUIT lets the last commands (the adapter's goodbye) reach Redis; bounded in case Redis stopped answering.
    let timer: NodeJS.Timeout | undefined;
    const quitted = await Promise.race([
      client.quit().then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 1_000))),
    ]);
    clearTimeout(timer);
    if (quitted) return;
  }
  client.disconnect();
}

/**
 * The Redis clients of the socket.io adapter. Publishing fails fast while Redis is away (no offline queue): the
 * adapter then still delivers to this process's sockets instead of holding every event until Redis comes back.
 * disconnectTimeout: ioredis arms that timer on every disconnect() and clears it only when the stream closes
 * afterwards; on a stream that is already closed (Redis down, or the adapter disconnecting its reader a second
 * time after close()) the default 2 s would hold the process open at shutdown.
 */
/** Commands whose promise the adapter drops: their rejection is marked handled (the caller still sees it). */
function markRejectionsHandled(client: Redis, ...methods: Array<'publish' | 'subscribe' | 'ssubscribe'>): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of methods) {
    const original = target[method]!.bind(client);
    target[method] = (...args) => {
      const sent = original(...args);
      sent.catch(() => undefined);
      return sent;
    };
  }
}

export function adapterRedis(redis: Redis, log: Logger): { pub: Redis; adapterClients: Redis[] } {
  const pub = redis.duplicate({ lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1, disconnectTimeout: 50 });
  let redisDown = false;
  pub.on('error', (err: Error) => {
    if (!redisDown) log.warn({ err: err.message }, 'live events limited to this process: Redis not reachable');
    redisDown = true;
  });
  pub.on('ready', () => {
    if (redisDown) log.info('live events shared across processes again');
    redisDown = false;
  });
  // Server-to-server messages go over PUB/SUB and the adapter drops the PUBLISH promise: while Redis is away it
  // would reject unhandled and end the process. Marked handled here; such a message is simply not delivered.
  markRejectionsHandled(pub, 'publish');
  // The adapter duplicates `pub` for its stream reader and its subscriber. Those must connect by themselves
  // (a lazy client makes the adapter await connect() with no catch: an unhandled rejection when Redis is down)
  // and must queue instead of failing (its SUBSCRIBE promise has no catch either, and a failing XREAD would
  // be retried in a tight loop). Keeping them lets close() end them at once instead of after the next XREAD block.
  const adapterClients: Redis[] = [];
  const duplicate = pub.duplicate.bind(pub);
  pub.duplicate = (override) => {
    const client = duplicate({ ...override, lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: null });
    // Its SUBSCRIBE waits in the offline queue while Redis is away; close() then rejects it ("Connection is
    // closed"), and the adapter never catches it.
    markRejectionsHandled(client, 'subscribe', 'ssubscribe');
    adapterClients.push(client);
    return client;
  };
  return { pub, adapterClients };
}
