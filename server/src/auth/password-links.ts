import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Language } from '@cit/shared';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import { AppError } from '../platform/http/errors';
import { queueAccountMail } from '../notifications/account-mails';
import { hashPassword } from './password';

export type LinkPurpose = 'invite' | 'reset';

export const LINK_VALID_HOURS = 24;
/** Reset links per address and hour; more requests get the same answer and no mail. */
export const RESET_LINKS_PER_HOUR = 3;

export const FORGOT_PASSWORD_MESSAGE =
  'Se l’indirizzo corrisponde a un account attivo, riceverà a breve un’e-mail con il collegamento per reimpostare la password. Il collegamento vale 24 ore e funziona una sola volta.';

export const invalidLink = () => new AppError(400, 'invalid_link', 'Il collegamento non è valido o è scaduto: chiedine uno nuovo.');

/** Ends a user's live connections on every process; bound to the realtime server once it exists. */
export interface LiveSessions {
  disconnectUser(userId: string): void;
  /** Ends the live connections opened with one session (logout). */
  disconnectSession(sessionId: string): void;
  /** The user's role, Enti or supplier changed: their live connections follow the new access at once. */
  refreshUser(userId: string): void;
}

export interface LinkRecipient {
  id: string;
  email: string;
  name: string;
  language: Language;
}

/** A leaked copy of the table must not yield usable links: only the digest is stored and looked up. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A stale link stops working: expiring it now keeps the row for the rate limit and the audit trail. */
export async function expireOpenLinks(tx: EntityManager, userId: string): Promise<void> {
  await tx.query(`UPDATE password_links SET expires_at = now() WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()`, [userId]);
}

/** Deletes every session row of the user (http_sessions.user_id is derived from the session data). */
export async function endSessions(tx: EntityManager, userId: string): Promise<void> {
  await tx.query(`DELETE FROM http_sessions WHERE user_id = $1`, [userId]);
}

/**
 * One-time links to set a password: the admin's invitation and the self-service reset. A link is 32 random
 * bytes (base64url) in the URL; it works once, for LINK_VALID_HOURS, and a newer link replaces older ones.
 */
export class PasswordLinks {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly live: LiveSessions,
    private readonly logger: Logger,
  ) {}

  /** Creates a link in the caller's transaction and queues its mail there too, superseding the user's open links. */
  async issue(tx: EntityManager, user: LinkRecipient, purpose: LinkPurpose): Promise<void> {
    await expireOpenLinks(tx, user.id);
    const token = randomBytes(32).toString('base64url');
    const [link] = (await tx.query(
      `INSERT INTO password_links (user_id, token_hash, purpose, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING id, expires_at AS "expiresAt"`,
      [user.id, digest(token), purpose, LINK_VALID_HOURS],
    )) as Array<{ id: string; expiresAt: Date }>;
    if (!link) throw new Error('password link not created');
    const url = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/imposta-password?token=${token}`;
    const mailId = await queueAccountMail(tx, this.config, {
      kind: purpose === 'invite' ? 'account_invite' : 'password_reset',
      linkId: link.id,
      link: url,
      expiresAt: link.expiresAt,
      user,
    });
    if (!mailId) this.logger.warn({ userId: user.id, purpose }, 'e-mail disattivate: collegamento per la password creato ma non inviato');
  }

  /**
   * Self-service reset. The caller learns nothing: the same lookup runs for any address, and the mail goes
   * only to an active account under the hourly limit. The user row is locked so that concurrent requests
   * cannot slip past the limit together.
   */
  async forgot(email: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const [user] = (await tx.query(
        `SELECT id, email, name, language, disabled_at IS NOT NULL AS disabled FROM users WHERE email = $1 FOR UPDATE`,
        [email],
      )) as Array<LinkRecipient & { disabled: boolean }>;
      const [recent] = (await tx.query(
        `SELECT count(*)::int AS n FROM password_links WHERE user_id = $1 AND purpose = 'reset' AND created_at > now() - interval '1 hour'`,
        [user?.id ?? null],
      )) as Array<{ n: number }>;
      if (!user || user.disabled) return;
      if ((recent?.n ?? 0) >= RESET_LINKS_PER_HOUR) {
        this.logger.info({ userId: user.id }, 'password reset rate-limited');
        return;
      }
      await this.issue(tx, { id: user.id, email: user.email, name: user.name, language: user.language }, 'reset');
    });
  }

  /**
   * Sets the password through a link. The link is looked up first so a weak password does not burn it; the
   * single use itself is the conditional UPDATE, so two concurrent submissions cannot both succeed.
   */
  async reset(token: string, password: string): Promise<void> {
    const hash = digest(token);
    const [link] = (await this.ds.query(
      `SELECT u.email FROM password_links l JOIN users u ON u.id = l.user_id
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND u.disabled_at IS NULL`,
      [hash],
    )) as Array<{ email: string }>;
    if (!link) throw invalidLink();
    if (password.trim().toLowerCase() === link.email) {
      throw new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', {
        fields: [{ path: 'password', message: 'La password non può essere uguale al Suo indirizzo e-mail.' }],
      });
    }
    const passwordHash = await hashPassword(password);
    const userId = await this.ds.transaction(async (tx) => {
      // Through a CTE: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
      const [used] = (await tx.query(
        `WITH l AS (UPDATE password_links SET used_at = now()
                     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id)
         SELECT user_id AS "userId" FROM l`,
        [hash],
      )) as Array<{ userId: string }>;
      if (!used) throw invalidLink();
      const [user] = (await tx.query(
        `WITH u AS (UPDATE users SET password_hash = $2, updated_at = now()
                     WHERE id = $1 AND disabled_at IS NULL RETURNING id)
         SELECT id FROM u`,
        [used.userId, passwordHash],
      )) as Array<{ id: string }>;
      // Disabled between the lookup and now: throwing rolls the use of the link back too.
      if (!user) throw invalidLink();
      await expireOpenLinks(tx, used.userId);
      // Whoever knew the old password (or stole a session) is out from now on.
      await endSessions(tx, used.userId);
      return used.userId;
    });
    this.live.disconnectUser(userId);
  }
}
