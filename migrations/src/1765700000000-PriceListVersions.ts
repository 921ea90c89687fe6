import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_PRICE_LISTS } from './data/price-lists';

/**
 * Price lists become versioned data (issue 15, point 4). A version belongs to a convention period and takes effect
 * on a date; the one in force is the latest published version of the period with effective_from <= the date. A
 * published version is never changed (the trigger refuses it even to SQL run by hand), only superseded by a
 * later one. Seeded with the lists that used to be constants in shared/src/catalog/.
 */
export class PriceListVersions1765700000000 implements MigrationInterface {
  name = 'PriceListVersions1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE price_list_versions (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period          text NOT NULL REFERENCES convention_periods (code),
        effective_from  date NOT NULL,
        status          text NOT NULL CHECK (status IN ('draft', 'published')),
        body            jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
        created_by      uuid REFERENCES users (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_by      uuid REFERENCES users (id),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        published_at    timestamptz,
        published_by    uuid REFERENCES users (id),
        version         integer NOT NULL DEFAULT 0,
        CHECK ((status = 'published') = (published_at IS NOT NULL))
      )`);
    // Two published versions of a period cannot take effect the same day: which one applies would be a guess.
    await q.query(`CREATE UNIQUE INDEX price_list_versions_in_force ON price_list_versions (period, effective_from) WHERE status = 'published'`);
    await q.query(`
      CREATE FUNCTION price_list_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'price list version % is published and cannot be changed or deleted', OLD.id;
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER price_list_versions_frozen BEFORE UPDATE OR DELETE ON price_list_versions
        FOR EACH ROW EXECUTE FUNCTION price_list_versions_frozen()`);
    for (const list of SEED_PRICE_LISTS) {
      await q.query(
        `INSERT INTO price_list_versions (period, effective_from, status, body, published_at) VALUES ($1, $2, 'published', $3, now())`,
        [list.period, list.startsOn, JSON.stringify(list)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE price_list_versions`);
    await q.query(`DROP FUNCTION price_list_versions_frozen()`);
  }
}
