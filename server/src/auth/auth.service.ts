import type { DataSource } from 'typeorm';
import type { Me, Role } from '@cit/shared';
import { AppError } from '../platform/http/errors';
import type { AuthUser } from './context';
import { dummyPasswordHash, verifyPassword } from './password';
import { scopeOf, type TenantScope } from '../tenancy/scope';
import { accountByEmail, accountByFiscalCode, activeAccount, deleteSessionsOf, enteCount, markLogin, memberEnti, supplierRef } from './accounts.repository';

export const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'E-mail o password non corretti.');

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    /** Roles that must sign in through an identity provider (PASSWORD_LOGIN_DISABLED_ROLES). */
    private readonly passwordOffFor: readonly Role[] = [],
  ) {}

  /**
   * Checks the credentials. Throttling is the caller's (LoginThrottle): an account is never locked, so that
   * nobody can keep its owner out, and an unknown e-mail costs the same hash check as a wrong password.
   */
  async login(email: string, password: string): Promise<string> {
    const account = await accountByEmail(this.ds, email);
    if (!account) {
      await verifyPassword(await dummyPasswordHash(), password);
      throw invalidCredentials();
    }
    const ok = account.password_hash !== null && (await verifyPassword(account.password_hash, password));
    if (!ok) throw invalidCredentials();
    if (account.disabled_at) {
      throw new AppError(403, 'account_disabled', "L'account è disabilitato: si rivolga al CIT.");
    }
    // Told only after a right password, so the answer says nothing about accounts to someone guessing.
    if (this.passwordOffFor.includes(account.role)) {
      throw new AppError(403, 'password_login_disabled', 'Per questo profilo l’accesso con password è disattivato: accedere con SPID, CIE o l’accesso unico indicato nella pagina.');
    }
    return account.id;
  }

  async markLogin(userId: string): Promise<void> {
    await markLogin(this.ds, userId);
  }

  /** The active account holding this codice fiscale (identity-provider logins), with its role. */
  async byFiscalCode(fiscalCode: string): Promise<{ id: string; role: Role; disabled: boolean } | undefined> {
    return accountByFiscalCode(this.ds, fiscalCode);
  }

  /**
   * The active account behind a session with what it may see, in one query (it runs on every request), or
   * undefined when the account no longer exists or was disabled.
   */
  async activeUser(id: string): Promise<{ user: AuthUser; scope: TenantScope } | undefined> {
    const row = await activeAccount(this.ds, id);
    if (!row) return undefined;
    const { enteIds, ...user } = row;
    return { user, scope: scopeOf(user, enteIds) };
  }

  async me(user: AuthUser, scope: TenantScope): Promise<Me> {
    const enti = await memberEnti(this.ds, user.id);
    const supplier = user.supplierId ? await supplierRef(this.ds, user.supplierId) : undefined;
    let visibleEnteCount = 0;
    if (scope.kind === 'all') {
      visibleEnteCount = await enteCount(this.ds);
    } else if (scope.kind === 'enti') {
      visibleEnteCount = scope.enteIds.length;
    }
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      language: user.language,
      enti,
      supplier: supplier ?? null,
      visibleEnteCount,
    };
  }

  /** Ends every session of a user at once (used when an admin disables the account). */
  async endSessions(userId: string): Promise<void> {
    await deleteSessionsOf(this.ds, userId);
  }
}
