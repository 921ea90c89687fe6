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
];
const MINE = ['payment_settings', 'statements'];

/**
 * Statements an Ente can act on (issue 24): a number unique per year, kept when the statement is rendered again
 * (then `version` grows, so two documents never share a number and version), the balance carried from earlier
 * half-years, the payments received and the outstanding total, and an optional pagoPA notice code the CIT issues
 * for it. Existing statements are numbered in the order they were generated.
 *
 * The payment instructions printed on every statement (Tesoreria Unica account, IBAN, beneficiary) are one row
 * the CIT edits; empty until then, and the statement then says to ask the CIT.
 */
export class StatementBalance1766900000000 implements MigrationInterface {
  name = 'StatementBalance1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE statements
        ADD COLUMN number              integer,
        ADD COLUMN version             integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        ADD COLUMN carried_cents       bigint NOT NULL DEFAULT 0,
        ADD COLUMN payments_cents      bigint NOT NULL DEFAULT 0,
        ADD COLUMN outstanding_cents   bigint NOT NULL DEFAULT 0,
        ADD COLUMN pagopa_notice_code  char(18) CHECK (pagopa_notice_code ~ '^[0-3][0-9]{17}$')`);
    await q.query(`
      UPDATE statements s SET number = n.number, outstanding_cents = s.total_cents
        FROM (SELECT id, row_number() OVER (PARTITION BY year ORDER BY generated_at, id) AS number FROM statements) n
       WHERE n.id = s.id`);
    await q.query(`ALTER TABLE statements ALTER COLUMN number SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX statements_number ON statements (year, number)`);
    await q.query(`
      CREATE TABLE payment_settings (
        id                   smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        beneficiary          text NOT NULL DEFAULT 'Provincia di Brescia',
        treasury_account     text,
        iban                 text CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
        notes                text NOT NULL DEFAULT '',
        version              integer NOT NULL DEFAULT 0 CHECK (version >= 0),
        updated_at           timestamptz,
        updated_by           uuid REFERENCES users (id)
      )`);
    await q.query(`INSERT INTO payment_settings DEFAULT VALUES`);
    // Both are audited: the payment instructions and a statement's pagoPA code.
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.map((e) => `'${e}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.filter((e) => !MINE.includes(e)).map((e) => `'${e}'`).join(', ')})) NOT VALID`,
    );
    await q.query(`DROP TABLE payment_settings`);
    await q.query(`DROP INDEX statements_number`);
    await q.query(`
      ALTER TABLE statements DROP COLUMN number, DROP COLUMN version, DROP COLUMN carried_cents, DROP COLUMN payments_cents,
        DROP COLUMN outstanding_cents, DROP COLUMN pagopa_notice_code`);
  }
}
