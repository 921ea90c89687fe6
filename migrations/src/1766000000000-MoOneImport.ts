import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The MoOne (GLPI) import: which local record each source row became, the runs with their reconciliation report,
 * and what MoOne knew about an imported ticket that the product has no column for.
 *
 * Imported tickets take protocol year 0, the MoOne register, with their MoOne ID as number ("MoOne/55487"): they
 * never touch `ticket_protocol_counters`, so they consume none of the year's numbers, and the unique protocol
 * key also guarantees one local ticket per MoOne ID.
 */
export class MoOneImport1766000000000 implements MigrationInterface {
  name = 'MoOneImport1766000000000';

  async up(q: QueryRunner): Promise<void> {
    // The fingerprint is a digest of the mapped source row with its children: a re-run writes only what changed.
    await q.query(`
      CREATE TABLE import_source_ids (
        source       text NOT NULL CHECK (source IN ('moone')),
        kind         text NOT NULL,
        source_id    bigint NOT NULL,
        local_id     uuid NOT NULL,
        fingerprint  text NOT NULL,
        imported_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, kind, source_id)
      )`);
    await q.query(`CREATE INDEX import_source_ids_local_idx ON import_source_ids (local_id)`);

    await q.query(`
      CREATE TABLE import_runs (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source       text NOT NULL CHECK (source IN ('moone')),
        options      jsonb NOT NULL,
        status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        started_at   timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz,
        error        text,
        report       jsonb
      )`);
    await q.query(`CREATE INDEX import_runs_started_idx ON import_runs (started_at DESC)`);

    await q.query(`
      CREATE TABLE moone_tickets (
        ticket_id     uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        moone_id      integer NOT NULL UNIQUE,
        entity_name   text NOT NULL,
        status_label  text NOT NULL,
        category      text,
        request_type  text,
        contracts     text[] NOT NULL DEFAULT '{}',
        imported_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_protocol_year_check CHECK (protocol_year = 0 OR protocol_year BETWEEN 2000 AND 2200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_protocol_year_check`);
    await q.query(`DROP TABLE moone_tickets`);
    await q.query(`DROP TABLE import_runs`);
    await q.query(`DROP TABLE import_source_ids`);
  }
}
