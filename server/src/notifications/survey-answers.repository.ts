import type { DataSource } from 'typeorm';
import type { SurveyAnswerListQuery } from '@cit/shared';

/** Reads of `ticket_surveys` for the staff's list of answers and its export (the answers are written by SurveyService). */

type Filters = Pick<SurveyAnswerListQuery, 'from' | 'to' | 'enteId' | 'score'>;

/** The row of the list; the export reads the same columns with the time already written out in Italian time. */
export interface SurveyAnswerRow {
  ticketId: string;
  protocolYear: number;
  protocolNumber: number;
  title: string;
  ente: string;
  serviceCode: string | null;
  operatorName: string | null;
  score: number;
  comment: string | null;
  answeredAt: Date | string;
  /** The instant at full precision (microseconds), for the keyset: a JavaScript Date would round it to ms. */
  cursorAt?: string;
}

/**
 * Newest answer first, ties by ticket id (the keyset); `after` is the last row of the previous page. The days are
 * Italian calendar days, both included, as in the satisfaction figures (`SurveyService.stats`).
 */
export function surveyAnswersSql(f: Filters, opts: { after?: readonly [string, string]; limit?: number; forExport?: boolean } = {}): [string, unknown[]] {
  const params: unknown[] = [f.from ?? null, f.to ?? null, f.enteId ?? null, f.score ?? null];
  let keyset = '';
  if (opts.after) {
    params.push(opts.after[0], opts.after[1]);
    keyset = `AND (s.answered_at, s.ticket_id) < ($5::timestamptz, $6::uuid)`;
  }
  const answeredAt = opts.forExport
    ? `to_char(s.answered_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD HH24:MI') AS "answeredAt"`
    : `s.answered_at AS "answeredAt", to_char(s.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;
  let limit = '';
  if (opts.limit !== undefined) {
    params.push(opts.limit);
    limit = `LIMIT $${params.length}`;
  }
  const sql = `
    SELECT s.ticket_id AS "ticketId", t.protocol_year AS "protocolYear", t.protocol_number AS "protocolNumber", t.title,
           e.name AS ente, s.service_code AS "serviceCode", u.name AS "operatorName", s.score, s.comment, ${answeredAt}
      FROM ticket_surveys s
      JOIN tickets t ON t.id = s.ticket_id
      JOIN enti e ON e.id = s.ente_id
      LEFT JOIN users u ON u.id = s.operator_id
     WHERE ($1::date IS NULL OR s.answered_at >= $1::date::timestamp AT TIME ZONE 'Europe/Rome')
       AND ($2::date IS NULL OR s.answered_at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Rome')
       AND ($3::uuid IS NULL OR s.ente_id = $3::uuid)
       AND ($4::int IS NULL OR s.score = $4::int)
       ${keyset}
     ORDER BY s.answered_at DESC, s.ticket_id DESC
     ${limit}`;
  return [sql, params];
}

export async function surveyAnswersPage(ds: DataSource, f: Filters, after: readonly [string, string] | undefined, limit: number): Promise<SurveyAnswerRow[]> {
  const [sql, params] = surveyAnswersSql(f, { ...(after ? { after } : {}), limit });
  return (await ds.query(sql, params)) as SurveyAnswerRow[];
}
