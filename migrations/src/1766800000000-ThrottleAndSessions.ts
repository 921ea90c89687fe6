import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: the account lockout (failed_logins, locked_until) is replaced by throttling on Redis that slows an
 * account down but never locks it; the audit log gains what the new admin actions record: lifting a throttle,
 * ending someone's sessions, exporting and pseudonymising a person's data, purging files past retention.
 */
export class ThrottleAndSessions1766800000000 implements MigrationInterface {
  name = 'ThrottleAndSessions1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check, DROP CONSTRAINT audit_log_action_check`);
    await q.query(`
      ALTER TABLE audit_log
        ADD CONSTRAINT audit_log_entity_check CHECK (entity IN ('enti', 'ente_population', 'memberships', 'price_lists', 'support_calendar', 'users', 'sla_targets', 'login_throttle', 'sessions', 'personal_data')),
        ADD CONSTRAINT audit_log_action_check CHECK (action IN ('create', 'update', 'delete', 'merge', 'import', 'publish', 'export', 'pseudonymise', 'purge'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check, DROP CONSTRAINT audit_log_action_check`);
    await q.query(`
      ALTER TABLE audit_log
        ADD CONSTRAINT audit_log_entity_check CHECK (entity IN ('enti', 'ente_population', 'memberships', 'price_lists', 'support_calendar', 'users', 'sla_targets')) NOT VALID,
        ADD CONSTRAINT audit_log_action_check CHECK (action IN ('create', 'update', 'delete', 'merge', 'import', 'publish')) NOT VALID`);
    await q.query(`ALTER TABLE users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0), ADD COLUMN locked_until timestamptz`);
  }
}
