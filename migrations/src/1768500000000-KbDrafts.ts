import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge-base drafts (issue 18, point 3): an article made from a ticket starts as a draft, seen by the CIT staff
 * only, never suggested nor offered as a link until published. Existing articles were all public: 'published'.
 */
export class KbDrafts1768500000000 implements MigrationInterface {
  name = 'KbDrafts1768500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE kb_articles ADD COLUMN status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE kb_articles DROP COLUMN status`);
  }
}
