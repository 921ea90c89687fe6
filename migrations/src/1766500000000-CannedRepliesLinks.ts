import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, points 5 and 7: canned replies (personal, or shared when owner_id is null) and the relations between
 * tickets: links between related tickets (one row per pair, smaller id first, so a link shows on both) and merges
 * (a duplicate points to the ticket that absorbed it; a ticket is merged at most once).
 */
export class CannedRepliesLinks1766500000000 implements MigrationInterface {
  name = 'CannedRepliesLinks1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE canned_replies (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id    uuid REFERENCES users (id) ON DELETE CASCADE,
        name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
        body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
        set_status  text CHECK (set_status IN ('assigned', 'pending', 'solved')),
        set_group   text,
        created_by  uuid NOT NULL REFERENCES users (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Names are what `::` looks up: unique among one person's replies, and among the shared ones.
    await q.query(`CREATE UNIQUE INDEX canned_replies_personal_name_key ON canned_replies (owner_id, lower(name)) WHERE owner_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX canned_replies_shared_name_key ON canned_replies (lower(name)) WHERE owner_id IS NULL`);

    await q.query(`
      CREATE TABLE ticket_links (
        ticket_a    uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        ticket_b    uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        created_by  uuid NOT NULL REFERENCES users (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_a, ticket_b),
        CHECK (ticket_a < ticket_b)
      )`);
    await q.query(`CREATE INDEX ticket_links_b_idx ON ticket_links (ticket_b)`);

    await q.query(`
      CREATE TABLE ticket_merges (
        merged_id   uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        into_id     uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        merged_by   uuid NOT NULL REFERENCES users (id),
        merged_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (merged_id <> into_id)
      )`);
    await q.query(`CREATE INDEX ticket_merges_into_idx ON ticket_merges (into_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ticket_merges`);
    await q.query(`DROP TABLE ticket_links`);
    await q.query(`DROP TABLE canned_replies`);
  }
}
