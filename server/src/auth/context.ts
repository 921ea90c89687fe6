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
  }
}
