import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every audited entity once this migration has run, written out: a migration must not follow later edits of the
 * shared list. Includes those of the migrations before it.
 */
const AUDITED = [
  'enti',
  'ente_population',
  'memberships',
  'price_lists',
  'support_calendar',
  'users',
  'sla_targets',
  'support_groups',
  'routing_rules',
  'login_throttle',
  'sessions',
  'personal_data',
  'payment_settings',
  'statements',
  'logins',
  'second_factors',
];
const MINE = ['logins', 'second_factors'];

/**
 * The TOTP second factor (issue 20): one authenticator per user, unconfirmed until the user types a first code
 * (so a scanned-but-abandoned QR code never locks anybody out), the last accepted time step (a code is accepted
 * once: RFC 6238 §5.2), and ten single-use recovery codes kept as SHA-256 hashes (they are 80-bit random values,
 * so a slow password hash adds nothing). Logins and second-factor events go to the audit log.
 */
export class SecondFactor1767400000000 implements MigrationInterface {
  name = 'SecondFactor1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_totp (
        user_id         uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret          text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,128}$'),
        confirmed_at    timestamptz,
        last_time_step  bigint,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE user_recovery_codes (
        user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash  char(64) NOT NULL,
        used_at    timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.map((e) => `'${e}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.filter((e) => !MINE.includes(e)).map((e) => `'${e}'`).join(', ')})) NOT VALID`,
    );
    await q.query(`DROP TABLE user_recovery_codes`);
    await q.query(`DROP TABLE user_totp`);
  }
}
