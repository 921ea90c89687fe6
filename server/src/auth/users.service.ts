import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { changedFields, cursorPart, isStaff, type AssignableUser, type CreateUser, type Role, type UpdateUser, type User, type UserList, type UserListQuery } from '@cit/shared';
import { AppError, fieldError, isUniqueViolation, notFound } from '../platform/http/errors';
import { decodeCursor, encodeCursor } from '../platform/http/cursor';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import type { AuthUser } from './context';
import { endSessions, expireOpenLinks, type LiveSessions, type PasswordLinks } from './password-links';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: 'it' | 'en';
  enti: Array<{ id: string; name: string }>;
  supplier: { id: string; name: string } | null;
  disabledAt: Date | null;
  passwordSet: boolean;
  fiscalCode: string | null;
  totpEnrolled: boolean;
  sortName: string;
}

const SELECT_USER = `
  SELECT u.id, u.email, u.name, u.role, u.language, u.disabled_at AS "disabledAt", (u.password_hash IS NOT NULL) AS "passwordSet",
         u.fiscal_code AS "fiscalCode", EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) AS "totpEnrolled",
         lower(u.name) AS "sortName",
         COALESCE((SELECT json_agg(json_build_object('id', e.id, 'name', e.name) ORDER BY e.name, e.id)
                     FROM user_enti ue JOIN enti e ON e.id = ue.ente_id WHERE ue.user_id = u.id), '[]'::json) AS enti,
         CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'name', s.name) END AS supplier
    FROM users u LEFT JOIN suppliers s ON s.id = u.supplier_id`;

const NAME_ID_CURSOR = z.tuple([cursorPart.text, cursorPart.uuid]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    language: r.language,
    enti: r.enti,
    supplier: r.supplier,
    disabledAt: r.disabledAt ? r.disabledAt.toISOString() : null,
    passwordSet: r.passwordSet,
    fiscalCode: r.fiscalCode,
    totpEnrolled: r.totpEnrolled,
  };
}

const fiscalCodeTaken = () => new AppError(409, 'fiscal_code_taken', 'Il codice fiscale è già associato a un altro utente.');

const emailTaken = () => new AppError(409, 'email_taken', 'Esiste già un utente con questo indirizzo e-mail.');

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * The admins' management of accounts. Links to Enti and suppliers follow the role (see checkLinks); every
 * account starts without a password and gets an invitation link by e-mail.
 */
export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly links: PasswordLinks,
    private readonly live: LiveSessions,
  ) {}

  async list(query: UserListQuery): Promise<UserList> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (query.role) where.push(`u.role = ${param(query.role)}`);
    if (query.q) {
      const like = param(`%${escapeLike(query.q)}%`);
      where.push(`(u.name ILIKE ${like} OR u.email ILIKE ${like})`);
    }
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, NAME_ID_CURSOR);
      where.push(`(lower(u.name), u.id) > (${param(name)}, ${param(id)}::uuid)`);
    }
    const rows = (await this.ds.query(
      `${SELECT_USER} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY lower(u.name), u.id LIMIT ${param(query.limit + 1)}`,
      params,
    )) as UserRow[];
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items: items.map(toUser), nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortName, last.id]) : null };
  }

  async get(id: string, db: DataSource | EntityManager = this.ds): Promise<User> {
    if (!UUID.test(id)) throw notFound("L'utente");
    const [row] = (await db.query(`${SELECT_USER} WHERE u.id = $1`, [id])) as UserRow[];
    if (!row) throw notFound("L'utente");
    return toUser(row);
  }

  /** Creates the account and queues its invitation in the same transaction: no account without its mail. */
  async create(input: CreateUser, audit: AuditActor): Promise<User> {
    const enteIds = [...new Set(input.enteIds ?? [])];
    const supplierId = input.supplierId ?? null;
    try {
      const id = await this.ds.transaction(async (tx) => {
        const taken = (await tx.query(`SELECT 1 FROM users WHERE email = $1`, [input.email])) as unknown[];
        if (taken.length > 0) throw emailTaken();
        await this.checkLinks(tx, input.role, enteIds, supplierId);
        const language = input.language ?? 'it';
        const [row] = (await tx.query(
          `INSERT INTO users (email, name, role, language, supplier_id, fiscal_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [input.email, input.name, input.role, language, supplierId, input.fiscalCode ?? null],
        )) as Array<{ id: string }>;
        if (!row) throw new Error('user not created');
        await this.setEnti(tx, row.id, enteIds);
        await this.links.issue(tx, { id: row.id, email: input.email, name: input.name, language }, 'invite');
        await recordChange(tx, audit, { entity: 'users', recordId: row.id, action: 'create', before: null, after: await this.get(row.id, tx) });
        return row.id;
      });
      return await this.get(id);
    } catch (err) {
      // Two admins creating the same address at once: the unique index decides.
      if (isUniqueViolation(err, 'users_email_key')) throw emailTaken();
      if (isUniqueViolation(err, 'users_fiscal_code_key')) throw fiscalCodeTaken();
      throw err;
    }
  }

  /** Every change of name, role, links, language or state is in the audit log with the account before and after. */
  async update(id: string, change: UpdateUser, actor: AuthUser, audit: AuditActor): Promise<User> {
    if (!UUID.test(id)) throw notFound("L'utente");
    const { disabling: disabledNow, accessChanged } = await this.ds.transaction(async (tx) => {
      const [current] = (await tx.query(
        `SELECT u.role, u.supplier_id AS "supplierId", u.disabled_at IS NOT NULL AS disabled,
                ARRAY(SELECT ente_id::text FROM user_enti WHERE user_id = u.id) AS "enteIds"
           FROM users u WHERE u.id = $1 FOR UPDATE`,
        [id],
      )) as Array<{ role: Role; supplierId: string | null; disabled: boolean; enteIds: string[] }>;
      if (!current) throw notFound("L'utente");
      const before = await this.get(id, tx);
      if (id === actor.id && change.disabled === true) {
        throw new AppError(409, 'cannot_disable_self', 'Non può disabilitare il Suo stesso account: lo chieda a un altro amministratore.');
      }
      // An admin demoting themself could leave the product with nobody able to manage users.
      if (id === actor.id && change.role !== undefined && change.role !== current.role) {
        throw new AppError(409, 'cannot_change_own_role', 'Non può cambiare il Suo ruolo: lo chieda a un altro amministratore.');
      }

      const role = change.role ?? current.role;
      const touchesLinks = change.role !== undefined || change.enteIds !== undefined || change.supplierId !== undefined;
      if (touchesLinks) {
        // Links the new role cannot have are dropped rather than refused, so "make them an operator" is one field.
        const enteIds = [...new Set(change.enteIds ?? (needsEnti(role) ? current.enteIds : []))];
        const supplierId = change.supplierId !== undefined ? change.supplierId : role === 'supplier_user' ? current.supplierId : null;
        await this.checkLinks(tx, role, enteIds, supplierId);
        await tx.query(`UPDATE users SET role = $2, supplier_id = $3 WHERE id = $1`, [id, role, supplierId]);
        await this.setEnti(tx, id, enteIds);
      }
      await tx.query(
        `UPDATE users SET name = COALESCE($2, name), language = COALESCE($3, language),
                disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN COALESCE(disabled_at, now()) ELSE NULL END,
                fiscal_code = CASE WHEN $5::boolean THEN $6 ELSE fiscal_code END,
                updated_at = now()
          WHERE id = $1`,
        [id, change.name ?? null, change.language ?? null, change.disabled ?? null, change.fiscalCode !== undefined, change.fiscalCode ?? null],
      );
      const disabling = change.disabled === true && !current.disabled;
      if (disabling) {
        await endSessions(tx, id);
        // A link mailed before the account was disabled must not work after it is enabled again.
        await expireOpenLinks(tx, id);
      }
      const after = await this.get(id, tx);
      if (changedFields(before, after).length > 0) await recordChange(tx, audit, { entity: 'users', recordId: id, action: 'update', before, after });
      return { disabling, accessChanged: touchesLinks };
    }).catch((err: unknown) => {
      // The unique index decides between two accounts given the same codice fiscale.
      if (isUniqueViolation(err, 'users_fiscal_code_key')) throw fiscalCodeTaken();
      throw err;
    });
    // After the commit: a socket dropped earlier could reconnect on a session that still existed.
    if (disabledNow) this.live.disconnectUser(id);
    // Role, Enti or supplier changed: live rooms (and followed tickets) follow the new access now, not in 5 minutes.
    else if (accessChanged) this.live.refreshUser(id);
    return this.get(id);
  }

  /** A fresh invitation; the user's previous links stop working. */
  async invite(id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound("L'utente");
    await this.ds.transaction(async (tx) => {
      const [user] = (await tx.query(
        `SELECT id, email, name, language, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1 FOR UPDATE`,
        [id],
      )) as Array<{ id: string; email: string; name: string; language: 'it' | 'en'; disabled: boolean }>;
      if (!user) throw notFound("L'utente");
      if (user.disabled) throw new AppError(409, 'user_disabled', "L'utente è disabilitato: riattivalo prima di inviare l'invito.");
      await this.links.issue(tx, { id: user.id, email: user.email, name: user.name, language: user.language }, 'invite');
    });
  }

  /** Who a ticket can be assigned to: active operators and admins. */
  async assignable(): Promise<AssignableUser[]> {
    return (await this.ds.query(
      `SELECT id, name, role FROM users WHERE role IN ('operator', 'admin') AND disabled_at IS NULL ORDER BY lower(name), id`,
    )) as AssignableUser[];
  }

  /**
   * The role decides the links: an Ente user has exactly one Ente; a capofila user exactly one Ente that has
   * members (an Unione or Comunità Montana), whose members it then sees; a supplier user its supplier; CIT
   * staff neither, since they see everything.
   */
  private async checkLinks(tx: EntityManager, role: Role, enteIds: string[], supplierId: string | null): Promise<void> {
    if (role === 'supplier_user') {
      if (!supplierId) throw fieldError('supplierId', 'Per un utente di un fornitore indichi il fornitore.');
      if (enteIds.length > 0) throw fieldError('enteIds', 'Un utente di un fornitore non va collegato a Enti.');
      const found = (await tx.query(`SELECT 1 FROM suppliers WHERE id = $1`, [supplierId])) as unknown[];
      if (found.length === 0) throw fieldError('supplierId', 'Il fornitore indicato non esiste.');
      return;
    }
    if (supplierId) throw fieldError('supplierId', 'Solo gli utenti di un fornitore sono collegati a un fornitore.');
    if (isStaff(role)) {
      if (enteIds.length > 0) throw fieldError('enteIds', 'Il personale del CIT vede tutti gli Enti: non va collegato a Enti specifici.');
      return;
    }
    const [enteId] = enteIds;
    if (enteIds.length !== 1 || !enteId) {
      throw fieldError(
        'enteIds',
        role === 'capofila_user'
          ? "Un utente capofila va collegato a esattamente un Ente (l'Unione di Comuni o la Comunità Montana)."
          : 'Un utente di Ente va collegato a esattamente un Ente.',
      );
    }
    const [ente] = (await tx.query(
      `SELECT EXISTS (SELECT 1 FROM enti m WHERE m.capofila_id = e.id) AS "hasMembers" FROM enti e WHERE e.id = $1`,
      [enteId],
    )) as Array<{ hasMembers: boolean }>;
    if (!ente) throw fieldError('enteIds.0', "L'Ente indicato non esiste.");
    if (role === 'capofila_user' && !ente.hasMembers) {
      throw fieldError('enteIds.0', "L'Ente indicato non ha Enti membri: un utente capofila va collegato a un'Unione di Comuni o a una Comunità Montana con membri.");
    }
  }

  private async setEnti(tx: EntityManager, userId: string, enteIds: string[]): Promise<void> {
    await tx.query(`DELETE FROM user_enti WHERE user_id = $1 AND NOT (ente_id = ANY($2::uuid[]))`, [userId, enteIds]);
    await tx.query(`INSERT INTO user_enti (user_id, ente_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [userId, enteIds]);
  }
}

function needsEnti(role: Role): boolean {
  return role === 'ente_user' || role === 'capofila_user';
}
