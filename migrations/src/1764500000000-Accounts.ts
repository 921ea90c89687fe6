import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: one-time links to set a password (invitation by an admin, reset asked by the user). Only the
 * SHA-256 of a token is stored, so a copy of the database cannot be turned into a working link.
 */
export class Accounts1764500000000 implements MigrationInterface {
  name = 'Accounts1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_links (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash  bytea NOT NULL CHECK (octet_length(token_hash) = 32),
        purpose     text NOT NULL CHECK (purpose IN ('invite', 'reset')),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT password_links_token_hash_key UNIQUE (token_hash)
      )`);
    // Superseding a user's open links and the per-address rate limit both look up by user and age.
    await q.query(`CREATE INDEX password_links_user_idx ON password_links (user_id, created_at)`);
    // The admins' user list pages by lower(name), id.
    await q.query(`CREATE INDEX users_name_order_idx ON users (lower(name), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_name_order_idx`);
    await q.query(`DROP TABLE password_links`);
  }
}
