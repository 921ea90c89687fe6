import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residents and memberships become master data the CIT edits (issue 15, points 2 and 3): optimistic versions on
 * both, the rest of what SoftwareCit kept on a signed convention (start, payer, the signed document, stored in the
 * content-addressed attachment store), and the pending ISTAT imports a preview leaves for the confirmation.
 */
export class PopulationMemberships1765600000000 implements MigrationInterface {
  name = 'PopulationMemberships1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ente_population ADD COLUMN version integer NOT NULL DEFAULT 0`);
    await q.query(`
      ALTER TABLE memberships
        ADD COLUMN version          integer NOT NULL DEFAULT 0,
        ADD COLUMN joined_on        date,
        ADD COLUMN payer_ente_id    uuid REFERENCES enti (id) ON DELETE RESTRICT,
        ADD COLUMN document_sha256  char(64) CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
        ADD COLUMN document_name    text CHECK (char_length(document_name) BETWEEN 1 AND 255),
        ADD COLUMN document_mime    text,
        ADD COLUMN document_size    integer CHECK (document_size >= 0),
        ADD CONSTRAINT memberships_document_check CHECK ((document_sha256 IS NULL) = (document_name IS NULL)),
        ADD CONSTRAINT memberships_dates_check CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on)`);
    await q.query(`CREATE INDEX memberships_payer_idx ON memberships (payer_ente_id) WHERE payer_ente_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE population_imports (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        as_of_year   smallint NOT NULL CHECK (as_of_year BETWEEN 1990 AND 2200),
        file_name    text NOT NULL,
        file_sha256  char(64) NOT NULL,
        -- [{enteId, residents, businesses, before: {residents, businesses, version} | null}] as previewed
        changes      jsonb NOT NULL,
        created_by   uuid NOT NULL REFERENCES users (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        applied_at   timestamptz,
        applied_by   uuid REFERENCES users (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE population_imports`);
    await q.query(`
      ALTER TABLE memberships
        DROP CONSTRAINT memberships_dates_check, DROP CONSTRAINT memberships_document_check,
        DROP COLUMN document_size, DROP COLUMN document_mime, DROP COLUMN document_name, DROP COLUMN document_sha256,
        DROP COLUMN payer_ente_id, DROP COLUMN joined_on, DROP COLUMN version`);
    await q.query(`ALTER TABLE ente_population DROP COLUMN version`);
  }
}
