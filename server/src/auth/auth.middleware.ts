import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { ScopedDb } from '../tenancy/scoped-db';
import type { AuthService } from './auth.service';

/** Resolves the session's user on every API request; a disabled or deleted account loses its session at once. */
export function loadAuth(ds: DataSource, auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const userId = req.session?.userId;
    if (!userId) {
      next();
      return;
    }
    const user = await auth.activeUser(userId);
    if (!user) {
      delete req.session.userId;
      next();
      return;
    }
    const scope = await auth.scope(user);
    req.auth = { user, scope, db: new ScopedDb(ds, scope) };
    next();
  };
}
