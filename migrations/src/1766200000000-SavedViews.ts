import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operators' saved views of the ticket queue: filters, sort and columns as JSON (validated by the shared zod
 * schema before it gets here), personal or shared with all the CIT staff. The built-in views live in code.
 */
export class SavedViews1766200000000 implements MigrationInterface {
  name = 'SavedViews1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
        definition  jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
        shared      boolean NOT NULL DEFAULT false,
        version     integer NOT NULL DEFAULT 0,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Two views of one operator with the same name could not be told apart in the selector.
    await q.query(`CREATE UNIQUE INDEX saved_views_owner_name_key ON saved_views (owner_id, lower(name))`);
    await q.query(`CREATE INDEX saved_views_shared_idx ON saved_views (owner_id) WHERE shared`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_views`);
  }
}
