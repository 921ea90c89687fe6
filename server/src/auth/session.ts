import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import { csrfSync } from 'csrf-sync';
import { CSRF_HEADER } from '@cit/shared';

export const SESSION_COOKIE = 'cit.sid';

export interface SessionOptions {
  pool: Pool;
  secret: string;
  ttlHours: number;
}

/**
 * Sessions live in PostgreSQL (table http_sessions) so that a Redis outage never signs people out.
 * The cookie is httpOnly and SameSite=Lax, and Secure whenever the request arrived over TLS (trust proxy).
 */
export function sessionMiddleware({ pool, secret, ttlHours }: SessionOptions): { middleware: RequestHandler; close: () => void } {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'http_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
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
