import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who changed the CIT's master data (Enti, residents, memberships, price lists, calendar, users, SLA targets),
 * when, from which address, before and after. Append-only: the triggers refuse any UPDATE and any DELETE of
 * a row younger than five years (the retention the CIT must keep), so not even the product can rewrite it.
 * The actor's name and e-mail are copied: the entry must stay readable if the account is later renamed.
 */
export class AuditLog1765400000000 implements MigrationInterface {
  name = 'AuditLog1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        actor_id    uuid,
        actor_name  text NOT NULL,
        actor_email text,
        ip          text,
        entity      text NOT NULL CHECK (entity IN ('enti', 'ente_population', 'memberships', 'price_lists', 'support_calendar', 'users', 'sla_targets')),
        record_id   text NOT NULL,
        action      text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'merge', 'import', 'publish')),
        before      jsonb,
        after       jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_record_idx ON audit_log (entity, record_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.at > now() - interval '5 years' THEN
          RAISE EXCEPTION 'audit_log entries are kept for 5 years' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`);
    await q.query(`
      CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log cannot be truncated' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log EXECUTE FUNCTION audit_log_no_truncate()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_guard()`);
    await q.query(`DROP FUNCTION audit_log_no_truncate()`);
  }
}
