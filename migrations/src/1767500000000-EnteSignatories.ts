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
  'ente_signatories',
];
const MINE = ['ente_signatories'];

/**
 * The people an Ente declares as authorised to sign its request forms (issue 20): the approver's verdict
 * matches a digital signature's codice fiscale against them (and against the requester and the membership's
 * signatory). One person once per Ente; audited.
 */
export class EnteSignatories1767500000000 implements MigrationInterface {
  name = 'EnteSignatories1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ente_signatories (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ente_id      uuid NOT NULL REFERENCES enti (id),
        full_name    text NOT NULL CHECK (length(full_name) BETWEEN 2 AND 200),
        fiscal_code  char(16) NOT NULL CHECK (fiscal_code ~ '^[A-Z0-9]{16}$'),
        role         text NOT NULL CHECK (length(role) BETWEEN 2 AND 200),
        created_at   timestamptz NOT NULL DEFAULT now(),
        created_by   uuid REFERENCES users (id),
        UNIQUE (ente_id, fiscal_code)
      )`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.map((e) => `'${e}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.filter((e) => !MINE.includes(e)).map((e) => `'${e}'`).join(', ')})) NOT VALID`,
    );
    await q.query(`DROP TABLE ente_signatories`);
  }
}
