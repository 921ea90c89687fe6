import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing: half-year of each entry, collections, Telemaco usage imports, half-year statements and their runs.
 */
export class Billing1764400000000 implements MigrationInterface {
  name = 'Billing1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // Every entry belongs to the half-year statement that lists it: renewals and quotas to H1, the rest by date.
    await q.query(`UPDATE billing_entries SET half = CASE WHEN kind IN ('annual', 'quota') AND due_on = make_date(year, 3, 31) THEN 1
                                                         WHEN extract(month FROM created_at) <= 6 THEN 1 ELSE 2 END
                   WHERE half IS NULL`);
    await q.query(`ALTER TABLE billing_entries ALTER COLUMN half SET NOT NULL`);
    await q.query(`
      ALTER TABLE billing_entries
        ADD COLUMN collected_on   date,
        ADD COLUMN collected_by   uuid REFERENCES users (id),
        ADD CONSTRAINT billing_entries_collected_check CHECK ((status = 'collected') = (collected_on IS NOT NULL))`);
    await q.query(`CREATE INDEX billing_entries_statement_idx ON billing_entries (payer_ente_id, year, half)`);
    // An Ente may leave during a convention; it still owes the whole year in which it left.
    await q.query(`ALTER TABLE memberships ADD COLUMN left_on date`);

    await q.query(`
      CREATE TABLE data_imports (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind         text NOT NULL CHECK (kind IN ('telemaco_usage', 'collections')),
        file_name    text NOT NULL,
        row_count    integer NOT NULL CHECK (row_count >= 0),
        imported_by  uuid NOT NULL REFERENCES users (id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE telemaco_usage (
        ente_id    uuid NOT NULL REFERENCES enti (id),
        year       smallint NOT NULL,
        month      smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
        lookups    integer NOT NULL CHECK (lookups >= 0),
        import_id  uuid NOT NULL REFERENCES data_imports (id),
        PRIMARY KEY (ente_id, year, month)
      )`);

    await q.query(`
      CREATE TABLE statement_runs (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year          smallint NOT NULL,
        half          smallint NOT NULL CHECK (half IN (1, 2)),
        status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        total         integer NOT NULL DEFAULT 0,
        done          integer NOT NULL DEFAULT 0,
        error         text,
        started_by    uuid REFERENCES users (id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
    await q.query(`
      CREATE TABLE statements (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payer_ente_id   uuid NOT NULL REFERENCES enti (id),
        year            smallint NOT NULL,
        half            smallint NOT NULL CHECK (half IN (1, 2)),
        total_cents     integer NOT NULL CHECK (total_cents >= 0),
        due_on          date NOT NULL,
        entry_count     integer NOT NULL,
        consolidated    boolean NOT NULL,
        pdf_sha256      char(64),
        run_id          uuid REFERENCES statement_runs (id),
        generated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX statements_key ON statements (payer_ente_id, year, half)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE statements`);
    await q.query(`DROP TABLE statement_runs`);
    await q.query(`DROP TABLE telemaco_usage`);
    await q.query(`DROP TABLE data_imports`);
    await q.query(`ALTER TABLE memberships DROP COLUMN left_on`);
    await q.query(`DROP INDEX billing_entries_statement_idx`);
    await q.query(`ALTER TABLE billing_entries DROP CONSTRAINT billing_entries_collected_check, DROP COLUMN collected_on, DROP COLUMN collected_by`);
    await q.query(`ALTER TABLE billing_entries ALTER COLUMN half DROP NOT NULL`);
  }
}
