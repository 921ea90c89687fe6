import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the 1 January renewal decided about a record: the year it last renewed it for (a second run of the same year
 * changes nothing), or why it ended a unit on 31 December (the new list does not offer the service; the Ente has
 * not joined the new convention). Cancellations keep their own columns and leave end_reason empty.
 */
export class RenewalOutcome1765200000000 implements MigrationInterface {
  name = 'RenewalOutcome1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_records
        ADD COLUMN renewed_for_year smallint CHECK (renewed_for_year BETWEEN 2000 AND 2200),
        ADD COLUMN end_reason text CHECK (end_reason IN ('not_offered', 'no_membership')),
        ADD CONSTRAINT service_records_end_reason_ended CHECK (end_reason IS NULL OR ends_on IS NOT NULL)`);
    // The renewal and its preview read only the annual records, per Ente.
    await q.query(`CREATE INDEX service_records_annual_idx ON service_records (ente_id) WHERE fee_type = 'annual'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_records_annual_idx`);
    await q.query(`
      ALTER TABLE service_records
        DROP CONSTRAINT service_records_end_reason_ended,
        DROP COLUMN end_reason,
        DROP COLUMN renewed_for_year`);
  }
}
