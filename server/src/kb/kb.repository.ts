import type { DataSource, EntityManager } from 'typeorm';
import type { KbArticleSummary, KbAudience, KbDeflection, KbStatus, SaveKbArticle } from '@cit/shared';

/** Reads and writes of `kb_articles` and `kb_suggestion_events`; the service decides who sees which audience. */

type Db = DataSource | EntityManager;

export interface KbArticleRow extends KbArticleSummary {
  body: string;
  version: number;
  createdAt: string;
}

interface Row {
  id: string;
  title: string;
  body: string;
  serviceCode: string | null;
  category: string | null;
  audience: KbAudience;
  status: KbStatus;
  reviewedOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `a.id, a.title, a.body, a.service_code AS "serviceCode", a.category, a.audience, a.status,
  to_char(a.reviewed_on, 'YYYY-MM-DD') AS "reviewedOn", a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const toRow = (r: Row): KbArticleRow => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });
const toSummary = ({ id, title, serviceCode, category, audience, status, reviewedOn, updatedAt }: KbArticleRow): KbArticleSummary => ({
  id,
  title,
  serviceCode,
  category,
  audience,
  status,
  reviewedOn,
  updatedAt,
});

/**
 * Articles of the given audiences: with words, those matching them in Italian (stems: «firme» finds «firma»), best
 * first; without, the latest changed first. `websearch_to_tsquery` accepts whatever the user typed without errors.
 */
export async function searchKbArticles(
  db: Db,
  audiences: readonly KbAudience[],
  statuses: readonly KbStatus[],
  q: string | undefined,
  limit: number,
  any = false,
): Promise<KbArticleSummary[]> {
  // «any»: the parsed query with its ANDs turned into ORs (the parser already dropped stop words and punctuation).
  const query = any ? `to_tsquery('italian', replace(websearch_to_tsquery('italian', $3)::text, ' & ', ' | '))` : `websearch_to_tsquery('italian', $3)`;
  const rows = q
    ? ((await db.query(
        `SELECT ${COLUMNS} FROM kb_articles a, ${query} query
          WHERE a.audience = ANY($1) AND a.status = ANY($2) AND a.search @@ query
          ORDER BY ts_rank(a.search, query) DESC, a.updated_at DESC LIMIT $4`,
        [audiences, statuses, q, limit],
      )) as Row[])
    : ((await db.query(`SELECT ${COLUMNS} FROM kb_articles a WHERE a.audience = ANY($1) AND a.status = ANY($2) ORDER BY a.updated_at DESC LIMIT $3`, [
        audiences,
        statuses,
        limit,
      ])) as Row[]);
  return rows.map((r) => toSummary(toRow(r)));
}

export async function readKbArticle(db: Db, id: string, lock = false): Promise<KbArticleRow | undefined> {
  const [row] = (await db.query(`SELECT ${COLUMNS} FROM kb_articles a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as Row[];
  return row && toRow(row);
}

type Values = Required<{ [K in keyof SaveKbArticle]: Exclude<SaveKbArticle[K], undefined> }>;

export async function insertKbArticle(db: Db, v: Values, createdBy: string | null): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO kb_articles (title, body, service_code, category, audience, status, reviewed_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [v.title, v.body, v.serviceCode, v.category, v.audience, v.status, v.reviewedOn, createdBy],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('kb article insert returned nothing');
  return row.id;
}

export async function updateKbArticle(db: Db, id: string, v: Values): Promise<void> {
  await db.query(
    `UPDATE kb_articles SET title = $2, body = $3, service_code = $4, category = $5, audience = $6, status = $7,
            reviewed_on = $8, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, v.title, v.body, v.serviceCode, v.category, v.audience, v.status, v.reviewedOn],
  );
}

export async function deleteKbArticle(db: Db, id: string): Promise<void> {
  await db.query(`DELETE FROM kb_articles WHERE id = $1`, [id]);
}

/** One row per article (or one without, for a submitted ticket); ids of articles that do not exist are ignored. */
export async function insertSuggestionEvents(db: Db, formSession: string, kind: string, userId: string, articleIds: readonly string[], audiences: readonly KbAudience[]): Promise<void> {
  if (articleIds.length === 0) {
    await db.query(`INSERT INTO kb_suggestion_events (form_session, kind, user_id) VALUES ($1, $2, $3)`, [formSession, kind, userId]);
    return;
  }
  await db.query(
    `INSERT INTO kb_suggestion_events (form_session, kind, user_id, article_id)
     SELECT $1, $2, $3, a.id FROM kb_articles a WHERE a.id = ANY($4::uuid[]) AND a.audience = ANY($5) AND a.status = 'published'`,
    [formSession, kind, userId, articleIds, audiences],
  );
}

/** Forms per outcome: suggestions shown, an article opened, opened and then no ticket submitted (deflected). */
export async function suggestionFigures(db: Db): Promise<KbDeflection> {
  const [row] = (await db.query(`
    SELECT count(*) FILTER (WHERE shown OR opened)::int AS "formsWithSuggestions",
           count(*) FILTER (WHERE opened)::int AS "formsOpened",
           count(*) FILTER (WHERE opened AND NOT submitted)::int AS "deflected"
      FROM (SELECT bool_or(kind = 'shown') AS shown, bool_or(kind = 'opened') AS opened, bool_or(kind = 'submitted') AS submitted
              FROM kb_suggestion_events GROUP BY form_session, user_id) f`)) as KbDeflection[];
  return row ?? { formsWithSuggestions: 0, formsOpened: 0, deflected: 0 };
}
