import type { DataSource } from 'typeorm';
import type { Me, Role } from '@cit/shared';
import { AppError } from '../platform/http/errors';
import type { AuthUser } from './context';
import { dummyPasswordHash, verifyPassword } from './password';
import { scopeEnteIdsSql, scopeOf, type TenantScope } from '../tenancy/scope';

interface AccountRow {
  id: string;
  role: Role;
  password_hash: string | null;
  disabled_at: Date | null;
}

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
    const [account] = (await this.ds.query(`SELECT id, role, password_hash, disabled_at FROM users WHERE email = $1`, [email])) as AccountRow[];
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
    await this.ds.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [userId]);
  }

  /** The active account holding this codice fiscale (identity-provider logins), with its role. */
  async byFiscalCode(fiscalCode: string): Promise<{ id: string; role: Role; disabled: boolean } | undefined> {
    const [row] = (await this.ds.query(`SELECT id, role, disabled_at IS NOT NULL AS disabled FROM users WHERE fiscal_code = $1`, [fiscalCode])) as Array<{
      id: string;
      role: Role;
      disabled: boolean;
    }>;
    return row;
  }

  /**
   * The active account behind a session with what it may see, in one query (it runs on every request), or
   * undefined when the account no longer exists or was disabled.
   */
  async activeUser(id: string): Promise<{ user: AuthUser; scope: TenantScope } | undefined> {
    const [row] = (await this.ds.query(
      `SELECT id, email, name, role, language, supplier_id AS "supplierId", ${scopeEnteIdsSql('u.id', 'u.role')} AS "enteIds"
         FROM users u WHERE id = $1 AND disabled_at IS NULL`,
      [id],
    )) as Array<AuthUser & { enteIds: string[] }>;
    if (!row) return undefined;
    const { enteIds, ...user } = row;
    return { user, scope: scopeOf(user, enteIds) };
  }

  async me(user: AuthUser, scope: TenantScope): Promise<Me> {
    const enti = (await this.ds.query(
      `SELECT e.id, e.name, e.kind FROM enti e JOIN user_enti ue ON ue.ente_id = e.id
        WHERE ue.user_id = $1 ORDER BY e.name`,
      [user.id],
    )) as Me['enti'];
    const [supplier] = user.supplierId
      ? ((await this.ds.query(`SELECT id, name FROM suppliers WHERE id = $1`, [user.supplierId])) as Array<{ id: string; name: string }>)
      : [];
    let visibleEnteCount = 0;
    if (scope.kind === 'all') {
      const [row] = (await this.ds.query(`SELECT count(*)::int AS n FROM enti`)) as Array<{ n: number }>;
      visibleEnteCount = row?.n ?? 0;
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
    await this.ds.query(`DELETE FROM http_sessions WHERE user_id = $1`, [userId]);
  }
}
