import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** Rows an UPDATE/DELETE … RETURNING gave back (TypeORM answers those with [rows, count], INSERTs with rows). */
function returned(result: unknown): unknown[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as unknown[];
  return result as unknown[];
}

export interface TotpRow {
  secret: string;
  confirmedAt: Date | null;
  lastTimeStep: number | null;
}

/** The only writer of user_totp and user_recovery_codes. */
export async function findTotp(db: Db, userId: string, lock = false): Promise<TotpRow | undefined> {
  const [row] = (await db.query(
    `SELECT secret, confirmed_at AS "confirmedAt", last_time_step::float8 AS "lastTimeStep" FROM user_totp WHERE user_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [userId],
  )) as TotpRow[];
  return row;
}

/** A new, unconfirmed secret; replaces an unconfirmed one, never a confirmed one (that takes a reset). */
export async function saveUnconfirmedSecret(db: Db, userId: string, secret: string): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO user_totp (user_id, secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_time_step = NULL
       WHERE user_totp.confirmed_at IS NULL
     RETURNING user_id`,
    [userId, secret],
  )) as unknown[];
  return rows.length > 0;
}

/** Secrets still stored in clear (written before they were sealed, or by the demo seed): `prefix` marks sealed ones. */
export async function clearTotpSecrets(db: Db, sealedPrefix: string): Promise<Array<{ userId: string; secret: string }>> {
  return (await db.query(`SELECT user_id AS "userId", secret FROM user_totp WHERE left(secret, $1) <> $2`, [sealedPrefix.length, sealedPrefix])) as Array<{
    userId: string;
    secret: string;
  }>;
}

/** Swaps a clear secret for its sealed form, only if it is still that clear value (another process may have done it). */
export async function replaceClearSecret(db: Db, userId: string, clear: string, sealed: string): Promise<boolean> {
  return returned(await db.query(`UPDATE user_totp SET secret = $3 WHERE user_id = $1 AND secret = $2 RETURNING user_id`, [userId, clear, sealed])).length > 0;
}

export async function confirmTotp(db: Db, userId: string, timeStep: number): Promise<void> {
  await db.query(`UPDATE user_totp SET confirmed_at = now(), last_time_step = $2 WHERE user_id = $1`, [userId, timeStep]);
}

/** Records the step of an accepted code; false when a concurrent request accepted this step or a later one. */
export async function useTimeStep(db: Db, userId: string, timeStep: number): Promise<boolean> {
  const rows = returned(await db.query(
    `UPDATE user_totp SET last_time_step = $2 WHERE user_id = $1 AND (last_time_step IS NULL OR last_time_step < $2) RETURNING user_id`,
    [userId, timeStep],
  ));
  return rows.length > 0;
}

export async function deleteSecondFactor(db: Db, userId: string): Promise<boolean> {
  await db.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
  const rows = returned(await db.query(`DELETE FROM user_totp WHERE user_id = $1 RETURNING user_id`, [userId]));
  return rows.length > 0;
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: readonly string[]): Promise<void> {
  await db.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
  await db.query(`INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, h FROM unnest($2::text[]) AS h`, [userId, hashes]);
}

/** Marks a recovery code used; false when it is unknown or was used already. */
export async function useRecoveryCode(db: Db, userId: string, hash: string): Promise<boolean> {
  const rows = returned(
    await db.query(`UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id`, [userId, hash]),
  );
  return rows.length > 0;
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL`, [userId])) as Array<{ n: number }>;
  return row?.n ?? 0;
}

export async function userBrief(db: Db, userId: string): Promise<{ id: string; email: string; name: string; role: string } | undefined> {
  const [row] = (await db.query(`SELECT id, email, name, role FROM users WHERE id = $1`, [userId])) as Array<{ id: string; email: string; name: string; role: string }>;
  return row;
}
