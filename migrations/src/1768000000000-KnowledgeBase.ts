import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every audited entity once this migration has run, written out: a migration must not follow later edits of the
 * shared list. Includes those of the migrations before it.
 */
const AUDITED = [
  'enti',
  'ente_population',
  'memberships',
  'price_lists',
  'support_calendar',
  'users',
  'sla_targets',
  'support_groups',
  'routing_rules',
  'login_throttle',
  'sessions',
  'personal_data',
  'payment_settings',
  'statements',
  'kb_articles',
];
const MINE = ['kb_articles'];

/**
 * The knowledge base (issue 18, point 3): articles in Markdown for the Enti or for the CIT only, searched in Italian
 * (a generated tsvector, title weighted above body), their changes in the audit log; and the events of the
 * suggestions shown while an Ente types a ticket title, from which deflection is counted (opened, never submitted).
 */
export class KnowledgeBase1768000000000 implements MigrationInterface {
  name = 'KnowledgeBase1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kb_articles (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title           text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
        body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
        service_code    text,
        category        text,
        audience        text NOT NULL CHECK (audience IN ('enti', 'cit')),
        reviewed_on     date,
        version         integer NOT NULL DEFAULT 0 CHECK (version >= 0),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        created_by      uuid REFERENCES users (id),
        search          tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('italian', title), 'A') ||
                          setweight(to_tsvector('italian', coalesce(category, '')), 'B') ||
                          setweight(to_tsvector('italian', body), 'C')) STORED
      )`);
    await q.query(`CREATE INDEX kb_articles_search_idx ON kb_articles USING gin (search)`);
    await q.query(`CREATE INDEX kb_articles_audience_idx ON kb_articles (audience, updated_at DESC)`);
    // One row per suggestion shown or opened and per ticket submitted, grouped by the new-ticket form they came from.
    await q.query(`
      CREATE TABLE kb_suggestion_events (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        form_session    uuid NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('shown', 'opened', 'submitted')),
        article_id      uuid REFERENCES kb_articles (id) ON DELETE SET NULL,
        user_id         uuid NOT NULL REFERENCES users (id),
        at              timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX kb_suggestion_events_session_idx ON kb_suggestion_events (form_session, kind)`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.map((e) => `'${e}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.filter((e) => !MINE.includes(e)).map((e) => `'${e}'`).join(', ')})) NOT VALID`,
    );
    await q.query(`DROP TABLE kb_suggestion_events`);
    await q.query(`DROP TABLE kb_articles`);
  }
}
