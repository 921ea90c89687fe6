import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import type { LoginResponse, Me } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { AppError } from '../platform/http/errors';
import type { AuthService } from './auth.service';
import type { AuthUser } from './context';
import { csrf, regenerateSession, startUserSession } from './session';
import { secondFactorRequired, type SecondFactorService } from './second-factor/second-factor.service';

/** How the person proved who they are first: the password, or an identity provider (by its configured id). */
export type LoginMethod = 'password' | `oidc:${string}`;

/** A login waiting for its second factor lasts this long, and allows this many wrong codes. */
const PENDING_MS = 5 * 60_000;
const PENDING_ATTEMPTS = 5;

declare module 'express-session' {
  interface SessionData {
    /** First factor passed, second due: not signed in yet (no userId), the API sees an anonymous caller. */
    pendingLogin?: { userId: string; method: LoginMethod; enrol: boolean; at: number; attempts: number };
  }
}

const expired = () => new AppError(401, 'second_factor_expired', 'L’accesso in corso è scaduto o non è valido: ripetere l’accesso.');

export const actorOf = (req: Request, user: Pick<AuthUser, 'id' | 'name' | 'email'>): AuditActor => ({
  userId: user.id,
  name: user.name,
  email: user.email,
  ip: req.ip ?? null,
});

/**
 * The steps of a login after the first factor, the same for password and identity provider: the second factor
 * when the account has one or its role requires one (unless the provider asserted a strong level, SPID 2+ / CIE),
 * then the session. Every outcome is in the audit log (entity `logins`).
 */
export class LoginFlow {
  constructor(
    private readonly ds: DataSource,
    private readonly auth: AuthService,
    readonly secondFactor: SecondFactorService,
  ) {}

  async afterFirstFactor(req: Request, userId: string, method: LoginMethod, strong: boolean): Promise<LoginResponse> {
    const account = await this.auth.activeUser(userId);
    if (!account) throw new AppError(403, 'account_disabled', "L'account è disabilitato: rivolgersi al CIT.");
    if (!strong) {
      const enrolled = await this.secondFactor.isEnrolled(userId);
      if (enrolled || secondFactorRequired(account.user.role)) {
        await regenerateSession(req);
        req.session.pendingLogin = { userId, method, enrol: !enrolled, at: Date.now(), attempts: 0 };
        await this.record(req, account.user, { method, outcome: 'second_factor_due', secondFactor: enrolled ? 'verify' : 'enrol' });
        return { secondFactor: enrolled ? 'verify' : 'enrol', csrfToken: csrf.generateToken(req, true) };
      }
    }
    return this.signIn(req, account.user, method, strong ? 'provider' : null);
  }

  /** The login waiting for its second factor, or 401 when there is none or it expired. */
  pending(req: Request): { userId: string; method: LoginMethod; enrol: boolean } {
    const pending = req.session.pendingLogin;
    if (!pending || Date.now() - pending.at > PENDING_MS) throw expired();
    return pending;
  }

  /** Checks the code of a pending login; too many wrong codes drop the pending login (the password again). */
  async completeWithCode(req: Request, code: string): Promise<LoginResponse> {
    const pending = this.pending(req);
    const account = await this.auth.activeUser(pending.userId);
    if (!account || pending.enrol) throw expired();
    let proof: 'totp' | 'recovery';
    try {
      proof = await this.secondFactor.verify(pending.userId, code, actorOf(req, account.user));
    } catch (err) {
      const attempts = (req.session.pendingLogin?.attempts ?? 0) + 1;
      await this.record(req, account.user, { method: pending.method, outcome: 'failure', secondFactor: 'wrong_code' });
      if (attempts >= PENDING_ATTEMPTS) {
        delete req.session.pendingLogin;
        throw new AppError(401, 'second_factor_expired', 'Troppi codici errati: ripetere l’accesso.');
      }
      if (req.session.pendingLogin) req.session.pendingLogin.attempts = attempts;
      throw err;
    }
    return this.signIn(req, account.user, pending.method, proof);
  }

  /** Enrolment demanded at login (the role requires it): the first confirmed code also completes the login. */
  async completeEnrolment(req: Request, code: string): Promise<{ recoveryCodes: string[]; login: LoginResponse }> {
    const pending = this.pending(req);
    const account = await this.auth.activeUser(pending.userId);
    if (!account || !pending.enrol) throw expired();
    const recoveryCodes = await this.secondFactor.confirmEnrolment(pending.userId, code, actorOf(req, account.user));
    return { recoveryCodes, login: await this.signIn(req, account.user, pending.method, 'totp') };
  }

  /** Records a login refused before any account was known to be right (wrong password, unknown person). */
  async recordFailure(req: Request, who: string, method: LoginMethod, reason: string, userId: string | null = null): Promise<void> {
    await recordChange(this.ds, { userId, name: who, email: who.includes('@') ? who : null, ip: req.ip ?? null }, {
      entity: 'logins',
      recordId: userId ?? who,
      action: 'create',
      before: null,
      after: { method, outcome: 'failure', reason },
    });
  }

  private async signIn(req: Request, user: AuthUser, method: LoginMethod, secondFactor: string | null): Promise<{ user: Me; csrfToken: string }> {
    await startUserSession(req, user);
    await this.auth.markLogin(user.id);
    await this.record(req, user, { method, outcome: 'success', secondFactor });
    const account = await this.auth.activeUser(user.id);
    if (!account) throw expired();
    return { user: await this.auth.me(account.user, account.scope), csrfToken: csrf.generateToken(req, true) };
  }

  private async record(req: Request, user: AuthUser, after: Record<string, unknown>): Promise<void> {
    await recordChange(this.ds, actorOf(req, user), { entity: 'logins', recordId: user.id, action: 'create', before: null, after });
  }
}
