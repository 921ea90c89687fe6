import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox poll must cost what is pending, not what was dispatched since the last vacuum (issue 25 point 3).
 *
 * The old index, (available_at, id) WHERE done_at IS NULL, cannot give rows in id order: the poll read every entry
 * with available_at <= now() — including the entries of rows already dispatched, which stay in the index until
 * VACUUM — and sorted them, through a bitmap scan that never marks an entry dead. In a 25-minute load run it walked
 * 78 million entries to fetch 344 rows. Keyed on id alone, the poll is an ordered index scan that stops after its
 * batch, and a plain index scan marks the entries of dispatched rows dead the first time it meets them, so later
 * polls skip them without reading the table. Autovacuum is told to clean the table often: it is all churn.
 *
 * Dispatched rows and sent mails are kept for a while (evidence, debugging) and then purged by the daily
 * `platform.purge` job; both purges walk an index from the oldest row and stop at the cut-off.
 */
export class OutboxStaysCheap1767900000000 implements MigrationInterface {
  name = 'OutboxStaysCheap1767900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_pending_idx`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE done_at IS NULL`);
    await q.query(`ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000)`);
    await q.query(`CREATE INDEX outgoing_mails_created_idx ON outgoing_mails (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outgoing_mails_created_idx`);
    await q.query(`ALTER TABLE outbox RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold)`);
    await q.query(`DROP INDEX outbox_pending_idx`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (available_at, id) WHERE done_at IS NULL`);
  }
}
