import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SoftwareCit import (issue 16, points 2 and 5): its runs share `import_runs` with MoOne's, with the progress
 * the admin page shows and the uploaded files the background job reads; service records may come from SoftwareCit
 * instead of an approved request ticket (the history since 2015 has no ticket here), keyed by their SoftwareCit id;
 * and the 2015-2020 convention the history starts with.
 */
export class SoftwareCitImport1766300000000 implements MigrationInterface {
  name = 'SoftwareCitImport1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO convention_periods (code, starts_on, ends_on) VALUES ('2015-2020', '2015-01-01', '2020-12-31') ON CONFLICT DO NOTHING`);
    await q.query(`ALTER TABLE import_runs DROP CONSTRAINT import_runs_source_check`);
    await q.query(`ALTER TABLE import_runs ADD CONSTRAINT import_runs_source_check CHECK (source IN ('moone', 'softwarecit'))`);
    await q.query(`ALTER TABLE import_runs DROP CONSTRAINT import_runs_status_check`);
    await q.query(`ALTER TABLE import_runs ADD CONSTRAINT import_runs_status_check CHECK (status IN ('queued', 'running', 'done', 'failed'))`);
    // input: the uploaded CSV texts, kept only until the job has read them (cleared when the run ends).
    await q.query(`
      ALTER TABLE import_runs
        ADD COLUMN dry_run     boolean NOT NULL DEFAULT false,
        ADD COLUMN done        integer NOT NULL DEFAULT 0 CHECK (done >= 0),
        ADD COLUMN total       integer NOT NULL DEFAULT 0 CHECK (total >= 0),
        ADD COLUMN started_by  uuid REFERENCES users (id),
        ADD COLUMN input       jsonb`);
    await q.query(`
      ALTER TABLE service_records
        ALTER COLUMN request_ticket_id DROP NOT NULL,
        ALTER COLUMN request_unit DROP NOT NULL,
        ADD COLUMN import_key text CHECK (char_length(import_key) BETWEEN 1 AND 200),
        ADD CONSTRAINT service_records_origin_check CHECK ((request_ticket_id IS NOT NULL AND request_unit IS NOT NULL) OR import_key IS NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX service_records_import_key ON service_records (import_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM service_records WHERE request_ticket_id IS NULL`);
    await q.query(`DROP INDEX service_records_import_key`);
    await q.query(`
      ALTER TABLE service_records
        DROP CONSTRAINT service_records_origin_check, DROP COLUMN import_key,
        ALTER COLUMN request_ticket_id SET NOT NULL, ALTER COLUMN request_unit SET NOT NULL`);
    await q.query(`DELETE FROM import_runs WHERE source <> 'moone' OR status = 'queued'`);
    await q.query(`ALTER TABLE import_runs DROP COLUMN dry_run, DROP COLUMN done, DROP COLUMN total, DROP COLUMN started_by, DROP COLUMN input`);
    await q.query(`ALTER TABLE import_runs DROP CONSTRAINT import_runs_status_check`);
    await q.query(`ALTER TABLE import_runs ADD CONSTRAINT import_runs_status_check CHECK (status IN ('running', 'done', 'failed'))`);
    await q.query(`ALTER TABLE import_runs DROP CONSTRAINT import_runs_source_check`);
    await q.query(`ALTER TABLE import_runs ADD CONSTRAINT import_runs_source_check CHECK (source IN ('moone'))`);
    await q.query(`DELETE FROM convention_periods c WHERE code = '2015-2020' AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.period_code = c.code)`);
  }
}
