import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { ScopedDb } from '../tenancy/scoped-db';
import type { AuthService } from './auth.service';
import type { AuthContext } from './context';
import { rotateSession } from './session';

/** Resolves a session's user id to what the caller may see, or null for a disabled or deleted account. */
export type AuthResolver = (userId: string) => Promise<AuthContext | null>;

/** One definition of "who is this session" for the API and the live-events socket, so they cannot drift apart. */
export function authContextFor(ds: DataSource, auth: AuthService): AuthResolver {
  return async (userId) => {
    const account = await auth.activeUser(userId);
    return account ? { ...account, db: new ScopedDb(ds, account.scope) } : null;
  };
}

/** Resolves the session's user on every API request; a disabled or deleted account loses its session at once. */
export function loadAuth(ds: DataSource, auth: AuthService): RequestHandler {
  const resolve = authContextFor(ds, auth);
  return async (req, _res, next) => {
    const userId = req.session?.userId;
    if (!userId) {
      next();
      return;
    }
    const context = await resolve(userId);
    if (!context) {
      delete req.session.userId;
      next();
      return;
    }
    // The account's role changed since the session was issued: rotate its id (privilege change).
    if (req.session.role !== context.user.role) {
      if (req.session.role) await rotateSession(req);
      req.session.role = context.user.role;
    }
    req.auth = context;
    next();
  };
}
