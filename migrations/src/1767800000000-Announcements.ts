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
  'announcements',
];
const MINE = ['announcements'];

/**
 * Announcements (issue 18): a banner the admins publish for every Ente or some (and optionally for the CIT staff),
 * shown between its start and end; ending one early moves its end to now. Each user may dismiss a banner once
 * and it stays dismissed for that user (not for the others).
 */
export class Announcements1767800000000 implements MigrationInterface {
  name = 'Announcements1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE announcements (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title          text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        body           text NOT NULL DEFAULT '' CHECK (char_length(body) <= 2000),
        severity       text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        starts_at      timestamptz NOT NULL,
        ends_at        timestamptz NOT NULL,
        all_enti       boolean NOT NULL,
        include_staff  boolean NOT NULL DEFAULT false,
        version        integer NOT NULL DEFAULT 0 CHECK (version >= 0),
        created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    // The current ones are those not yet ended: the index keeps that read short however many past ones pile up.
    await q.query(`CREATE INDEX announcements_ends_at_idx ON announcements (ends_at)`);
    await q.query(`
      CREATE TABLE announcement_enti (
        announcement_id  uuid NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
        ente_id          uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        PRIMARY KEY (announcement_id, ente_id)
      )`);
    await q.query(`CREATE INDEX announcement_enti_ente_idx ON announcement_enti (ente_id)`);
    await q.query(`
      CREATE TABLE announcement_dismissals (
        announcement_id  uuid NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
        user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        dismissed_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, announcement_id)
      )`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.map((e) => `'${e}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.filter((e) => !MINE.includes(e)).map((e) => `'${e}'`).join(', ')})) NOT VALID`,
    );
    await q.query(`DROP TABLE announcement_dismissals`);
    await q.query(`DROP TABLE announcement_enti`);
    await q.query(`DROP TABLE announcements`);
  }
}
