import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enti kept by the CIT in the product: ISTAT and IPA codes, deactivation, merger into another Ente (Italian
 * Comuni do merge), an optimistic `version`, and the dated history of capofila relations. `enti.capofila_id` and
 * `capofila_pays` stay the relation in force today (billing reads them); `ente_capofila_periods` says since when
 * and until when each relation held.
 */
export class EntiMasterData1765500000000 implements MigrationInterface {
  name = 'EntiMasterData1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE enti
        ADD COLUMN istat_code      char(6) CHECK (istat_code ~ '^[0-9]{6}$'),
        ADD COLUMN ipa_code        text CHECK (ipa_code ~ '^[a-z0-9_]{2,20}$'),
        ADD COLUMN deactivated_at  timestamptz,
        ADD COLUMN merged_into_id  uuid REFERENCES enti (id) ON DELETE RESTRICT,
        ADD COLUMN merged_on       date,
        ADD COLUMN version         integer NOT NULL DEFAULT 0 CHECK (version >= 0),
        ADD CONSTRAINT enti_merge_check CHECK ((merged_into_id IS NULL) = (merged_on IS NULL)),
        ADD CONSTRAINT enti_merge_self_check CHECK (merged_into_id IS DISTINCT FROM id),
        ADD CONSTRAINT enti_merged_inactive_check CHECK (merged_into_id IS NULL OR deactivated_at IS NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX enti_istat_code_key ON enti (istat_code) WHERE istat_code IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX enti_ipa_code_key ON enti (ipa_code) WHERE ipa_code IS NOT NULL`);
    await q.query(`CREATE INDEX enti_merged_into_idx ON enti (merged_into_id) WHERE merged_into_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE ente_capofila_periods (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ente_id        uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        capofila_id    uuid NOT NULL REFERENCES enti (id) ON DELETE RESTRICT,
        capofila_pays  boolean NOT NULL,
        valid_from     date NOT NULL,
        valid_to       date,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (capofila_id <> ente_id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    // At most one open period per Ente: the one enti.capofila_id shows.
    await q.query(`CREATE UNIQUE INDEX ente_capofila_periods_open_key ON ente_capofila_periods (ente_id) WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX ente_capofila_periods_ente_idx ON ente_capofila_periods (ente_id, valid_from DESC)`);
    await q.query(`CREATE INDEX ente_capofila_periods_capofila_idx ON ente_capofila_periods (capofila_id)`);
    // Relations already on file: their start is not recorded, the first convention period is the earliest known.
    await q.query(`
      INSERT INTO ente_capofila_periods (ente_id, capofila_id, capofila_pays, valid_from)
      SELECT id, capofila_id, capofila_pays, (SELECT min(starts_on) FROM convention_periods) FROM enti WHERE capofila_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ente_capofila_periods`);
    await q.query(`
      ALTER TABLE enti DROP COLUMN istat_code, DROP COLUMN ipa_code, DROP COLUMN deactivated_at, DROP COLUMN merged_into_id,
        DROP COLUMN merged_on, DROP COLUMN version`);
  }
}
