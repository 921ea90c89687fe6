import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import { csrfSync } from 'csrf-sync';
import { CSRF_HEADER, describeDevice, type Role } from '@cit/shared';

export const SESSION_COOKIE = 'cit.sid';
export const TOUCH_EVERY_MS = 60_000;

export interface SessionOptions {
  pool: Pool;
  secret: string;
  ttlHours: number;
  /** Where the session store reports its own database errors. */
  logError?: (args: unknown[]) => void;
}

/**
 * Sessions live in PostgreSQL (table http_sessions) so that a Redis outage never signs people out.
 * The cookie is httpOnly and SameSite=Lax, and Secure whenever the request arrived over TLS (trust proxy).
 */
export function sessionMiddleware({ pool, secret, ttlHours, logError = () => undefined }: SessionOptions): { middleware: RequestHandler; close: () => void } {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool,
    tableName: 'http_sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    errorLog: (...args: unknown[]) => logError(args),
  });
  // Rolling sessions refresh their expiry after the response is sent; if the database is away at that moment the
  // refresh must not tear down the connection of a request that already succeeded.
  // Refreshing the expiry on every request would cost a database write per API call; once a minute per session
  // keeps the rolling expiry accurate to the minute.
  const touch = store.touch.bind(store);
  const touchedAt = new Map<string, number>();
  store.touch = (sid, sess, cb) => {
    const now = Date.now();
    if (now - (touchedAt.get(sid) ?? 0) < TOUCH_EVERY_MS) {
      cb?.();
      return;
    }
    if (touchedAt.size > 50_000) touchedAt.clear();
    touchedAt.set(sid, now);
    touch(sid, sess, () => cb?.());
  };
  const middleware = session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: ttlHours * 3_600_000, path: '/' },
  });
  // close() stops the periodic pruning of expired sessions.
  return { middleware, close: () => store.close() };
}

/** Synchronizer-token CSRF protection: every POST/PUT/PATCH/DELETE must echo the session's token in a header. */
export const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const value = req.headers[CSRF_HEADER];
    return typeof value === 'string' ? value : undefined;
  },
});

export function regenerateSession(req: Parameters<RequestHandler>[0]): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err: unknown) => (err ? reject(err) : resolve())));
}

export function destroySession(req: Parameters<RequestHandler>[0]): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err: unknown) => (err ? reject(err) : resolve())));
}

/**
 * Signs a user in on this request: a new session id (fixation), and what the list of sessions shows about it.
 */
export async function startUserSession(req: Parameters<RequestHandler>[0], user: { id: string; role: Role }): Promise<void> {
  await regenerateSession(req);
  req.session.userId = user.id;
  req.session.role = user.role;
  req.session.signedInAt = new Date().toISOString();
  req.session.ip = req.ip ?? null;
  req.session.device = describeDevice(req.get('user-agent'));
}

/**
 * A new id for the same session (same user, same CSRF token): after a change of privilege a session id seen
 * before the change (a shared screen, a log) is worth nothing any more. The old row is deleted.
 */
export async function rotateSession(req: Parameters<RequestHandler>[0]): Promise<void> {
  const { cookie: _cookie, ...data } = req.session;
  await regenerateSession(req);
  Object.assign(req.session, data);
}
