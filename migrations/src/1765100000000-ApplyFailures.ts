import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * «Non applicata»: an approved request the worker refused for a business reason (the price list does not offer the
 * service, no membership, data missing) records when and why, so that nobody retries it blindly, the inbox shows it
 * and an admin can re-apply it once the cause is corrected (which clears both columns).
 */
export class ApplyFailures1765100000000 implements MigrationInterface {
  name = 'ApplyFailures1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets ADD COLUMN apply_failed_at timestamptz, ADD COLUMN apply_failure text`);
    await q.query(`
      ALTER TABLE tickets ADD CONSTRAINT tickets_apply_failure_pair
        CHECK ((apply_failed_at IS NULL) = (apply_failure IS NULL))`);
    // The inbox lists them; they are few, so a partial index keeps it cheap whatever the size of the queue.
    await q.query(`CREATE INDEX tickets_apply_failed ON tickets (apply_failed_at) WHERE apply_failed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_apply_failed`);
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_apply_failure_pair`);
    await q.query(`ALTER TABLE tickets DROP COLUMN apply_failure, DROP COLUMN apply_failed_at`);
  }
}
