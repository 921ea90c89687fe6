import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets per Ente and status, kept by triggers in the same transaction as the tickets themselves, so that the
 * queue's status counts read at most 7 rows per Ente instead of counting millions of tickets on every page.
 * INSERT and DELETE are statement triggers (a bulk statement costs one grouped upsert); UPDATE is a row trigger
 * that fires only when a ticket changes status or Ente, so the SLA job's bulk updates cost nothing here.
 * Rows are upserted in key order, so concurrent transactions take the row locks in the same order.
 */
export class TicketStatusCounts1764700000000 implements MigrationInterface {
  name = 'TicketStatusCounts1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ticket_status_counts (
        ente_id  uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        status   text NOT NULL,
        n        integer NOT NULL,
        PRIMARY KEY (ente_id, status)
      )`);
    await q.query(`
      CREATE FUNCTION ticket_status_counts_bulk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ticket_status_counts AS c (ente_id, status, n)
        SELECT ente_id, status, CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE -count(*) END
        FROM changed GROUP BY ente_id, status ORDER BY ente_id, status
        ON CONFLICT (ente_id, status) DO UPDATE SET n = c.n + excluded.n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION ticket_status_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ticket_status_counts AS c (ente_id, status, n)
        SELECT * FROM (VALUES (OLD.ente_id, OLD.status, -1), (NEW.ente_id, NEW.status, 1)) v (ente_id, status, n) ORDER BY 1, 2
        ON CONFLICT (ente_id, status) DO UPDATE SET n = c.n + excluded.n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER ticket_status_counts_insert AFTER INSERT ON tickets
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ticket_status_counts_bulk()`);
    await q.query(`
      CREATE TRIGGER ticket_status_counts_delete AFTER DELETE ON tickets
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ticket_status_counts_bulk()`);
    await q.query(`
      CREATE TRIGGER ticket_status_counts_update AFTER UPDATE OF status, ente_id ON tickets
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.ente_id IS DISTINCT FROM NEW.ente_id)
      EXECUTE FUNCTION ticket_status_counts_move()`);
    // Existing tickets, counted once; the table is locked so that no ticket slips between count and triggers.
    await q.query(`LOCK TABLE tickets IN SHARE MODE`);
    await q.query(`INSERT INTO ticket_status_counts (ente_id, status, n) SELECT ente_id, status, count(*) FROM tickets GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER ticket_status_counts_update ON tickets`);
    await q.query(`DROP TRIGGER ticket_status_counts_delete ON tickets`);
    await q.query(`DROP TRIGGER ticket_status_counts_insert ON tickets`);
    await q.query(`DROP FUNCTION ticket_status_counts_move()`);
    await q.query(`DROP FUNCTION ticket_status_counts_bulk()`);
    await q.query(`DROP TABLE ticket_status_counts`);
  }
}
