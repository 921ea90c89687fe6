import type { Language, Role } from '@cit/shared';
import type { ScopedDb } from '../tenancy/scoped-db';
import type { TenantScope } from '../tenancy/scope';

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  supplierId: string | null;
}

/** Who is calling and what they may see; attached to every signed-in request. */
export interface AuthContext {
  user: AuthUser;
  scope: TenantScope;
  db: ScopedDb;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** The role the session was issued for: a different role on the account rotates the session id. */
    role?: Role;
    /** Shown on the user's list of sessions: when, from where and from which device it signed in. */
    signedInAt?: string;
    ip?: string | null;
    device?: string;
  }
}
