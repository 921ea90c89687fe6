import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GDPR duties (issue 19 point 7): a purged attachment keeps its row (the ticket's history still says a file was
 * there) with when and why its content was deleted; each daily retention run leaves its report; a pseudonymised
 * account says when it was pseudonymised.
 */
export class PersonalData1766810000000 implements MigrationInterface {
  name = 'PersonalData1766810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ticket_attachments
        ADD COLUMN purged_at    timestamptz,
        ADD COLUMN purge_reason text CHECK (purge_reason IN ('identity_document', 'signed_form')),
        ADD CONSTRAINT ticket_attachments_purge_check CHECK ((purged_at IS NULL) = (purge_reason IS NULL))`);
    await q.query(`
      CREATE TABLE retention_runs (
        run_on      date PRIMARY KEY,
        started_at  timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        report      jsonb
      )`);
    await q.query(`ALTER TABLE users ADD COLUMN pseudonymised_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN pseudonymised_at`);
    await q.query(`DROP TABLE retention_runs`);
    await q.query(`ALTER TABLE ticket_attachments DROP CONSTRAINT ticket_attachments_purge_check, DROP COLUMN purge_reason, DROP COLUMN purged_at`);
  }
}
