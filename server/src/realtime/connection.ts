import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { SessionData, Store } from 'express-session';
import type { Redis } from 'ioredis';

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
