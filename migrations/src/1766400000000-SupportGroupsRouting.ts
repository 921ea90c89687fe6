import type { MigrationInterface, QueryRunner } from 'typeorm';

const AUDITED = ['enti', 'ente_population', 'memberships', 'price_lists', 'support_calendar', 'users', 'sla_targets'];

/**
 * Support groups become master data (admins create, rename, deactivate them and choose their members) instead of a
 * fixed list in code; the four groups of the old list are seeded with the same keys, so tickets that already carry
 * one and clients that send one keep working. Routing rules (an ordered list of conditions → actions) are applied to
 * new tickets and on re-triage; tickets gain labels (what a rule can add) and the channel they came in by.
 */
export class SupportGroupsRouting1766400000000 implements MigrationInterface {
  name = 'SupportGroupsRouting1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE support_groups (
        key         text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
        name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
        active      boolean NOT NULL DEFAULT true,
        version     integer NOT NULL DEFAULT 0,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX support_groups_name_key ON support_groups (lower(name))`);
    await q.query(`
      INSERT INTO support_groups (key, name) VALUES
        ('primo_livello', 'Primo livello'), ('sistemisti', 'Sistemisti'), ('applicativi', 'Applicativi'), ('amministrazione', 'Amministrazione')`);
    await q.query(`
      CREATE TABLE support_group_members (
        group_key  text NOT NULL REFERENCES support_groups (key) ON DELETE CASCADE,
        user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (group_key, user_id)
      )`);
    // "My groups" is asked per user on every queue load.
    await q.query(`CREATE INDEX support_group_members_user_idx ON support_group_members (user_id)`);
    // NOT VALID: the existing tickets carry only the seeded keys (the old enum), and checking 10M rows here would
    // hold the table for minutes; every new write is checked.
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_support_group_fkey FOREIGN KEY (support_group) REFERENCES support_groups (key) NOT VALID`);
    await q.query(`ALTER TABLE tickets ADD COLUMN labels text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE tickets ADD COLUMN channel text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'phone', 'email', 'import'))`);
    await q.query(`UPDATE tickets SET channel = 'import' WHERE protocol_year = 0`);
    await q.query(`CREATE INDEX tickets_labels_idx ON tickets USING gin (labels)`);
    await q.query(`CREATE INDEX tickets_support_group_idx ON tickets (support_group, queue_due, id) WHERE support_group IS NOT NULL`);
    await q.query(`
      CREATE TABLE routing_rules (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position    integer NOT NULL,
        name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
        enabled     boolean NOT NULL DEFAULT true,
        conditions  jsonb NOT NULL CHECK (jsonb_typeof(conditions) = 'object'),
        actions     jsonb NOT NULL CHECK (jsonb_typeof(actions) = 'object'),
        version     integer NOT NULL DEFAULT 0,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX routing_rules_position_idx ON routing_rules (position, id)`);
    // A view shared with a group is read by that group's members only.
    await q.query(`ALTER TABLE saved_views ADD COLUMN group_key text REFERENCES support_groups (key) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${[...AUDITED, 'support_groups', 'routing_rules'].map((e) => `'${e}'`).join(', ')}))`,
    );
  }

  /** The audit log is append-only: its entries about groups and rules stay, so the old check comes back NOT VALID. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.map((e) => `'${e}'`).join(', ')})) NOT VALID`);
    await q.query(`ALTER TABLE saved_views DROP COLUMN group_key`);
    await q.query(`DROP TABLE routing_rules`);
    await q.query(`ALTER TABLE tickets DROP COLUMN channel, DROP COLUMN labels, DROP CONSTRAINT tickets_support_group_fkey`);
    await q.query(`DROP TABLE support_group_members`);
    await q.query(`DROP TABLE support_groups`);
  }
}
