import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { cursorPart, type SurveyAnswerList, type SurveyAnswerListQuery } from '@cit/shared';
import { AppError } from '../platform/http/errors';
import type { MailTokens } from './tokens';
import { serviceName } from './notifier';
import { formatProtocol } from '../tickets/tickets.service';
import { decodeCursor, encodeCursor } from '../platform/http/cursor';
import { surveyAnswersPage } from './survey-answers.repository';

/**
 * The keyset: the answer's instant written by PostgreSQL to the microsecond (a JavaScript Date would round it and
 * skip or repeat rows), checked strictly so that a crafted cursor (30 February, year 0) is a 400, not a 500.
 */
const MICRO_INSTANT = z
  .string()
  .regex(/^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  .refine((s) => {
    const d = new Date(s);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === s.slice(0, 19);
  });
const AnswerCursor = z.tuple([MICRO_INSTANT, cursorPart.uuid]);

export interface SurveyAnswer {
  ticketId: string;
  protocol: string;
  title: string;
  score: number | null;
  comment: string | null;
  expiresAt: string;
}

export interface SurveyStatsRow {
  count: number;
  average: number;
}

export interface SurveyStats {
  overall: SurveyStatsRow;
  byService: Array<SurveyStatsRow & { serviceCode: string | null; serviceName: string | null }>;
  byOperator: Array<SurveyStatsRow & { operatorId: string | null; operatorName: string | null }>;
  byMonth: Array<SurveyStatsRow & { month: string }>;
}

const row = (r: { count: string | number; average: string | number | null }): SurveyStatsRow => ({
  count: Number(r.count),
  average: r.average === null ? 0 : Math.round(Number(r.average) * 100) / 100,
});

/**
 * Satisfaction surveys: the signed link is the capability (no sign-in), one answer per ticket, which the
 * requester may change while the link is valid.
 */
export class SurveyService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: MailTokens,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private verify(token: string): { ticketId: string; expiresAt: Date } {
    const v = this.tokens.verifySurveyToken(token, this.now());
    if (!v.ok) {
      throw v.reason === 'expired'
        ? new AppError(410, 'survey_expired', 'Il link del questionario è scaduto.')
        : new AppError(404, 'survey_not_found', 'Link del questionario non valido.');
    }
    return v;
  }

  async read(token: string): Promise<SurveyAnswer> {
    const { ticketId, expiresAt } = this.verify(token);
    const [t] = (await this.ds.query(
      `SELECT t.protocol_year, t.protocol_number, t.title, s.score, s.comment
         FROM tickets t LEFT JOIN ticket_surveys s ON s.ticket_id = t.id WHERE t.id = $1 AND t.status = 'closed'`,
      [ticketId],
    )) as Array<{ protocol_year: number; protocol_number: number; title: string; score: number | null; comment: string | null }>;
    if (!t) throw new AppError(404, 'survey_not_found', 'Link del questionario non valido.');
    return {
      ticketId,
      protocol: formatProtocol(t.protocol_year, t.protocol_number),
      title: t.title,
      score: t.score,
      comment: t.comment,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * Records the answer; it can be changed until the link expires, keeping the last answer and its time
   * (`updated_at`). A bare one-click link (`mode: 'link'`) never changes a score already given: mail scanners
   * open every link of a mail, so only the page's form (`mode: 'form'`) or the API changes an answer.
   */
  async answer(token: string, input: { score?: number | undefined; comment?: string | undefined }, mode: 'link' | 'form' = 'form'): Promise<SurveyAnswer & { kept?: boolean }> {
    const current = await this.read(token);
    if (mode === 'link' && current.score !== null && input.score !== undefined && input.score !== current.score) return { ...current, kept: true };
    const score = input.score ?? current.score;
    if (score === null) throw new AppError(400, 'score_required', 'Scegliere un voto da 1 a 5.', { fields: [{ path: 'score', message: 'Voto mancante.' }] });
    const comment = input.comment === undefined ? current.comment : input.comment.trim() || null;
    await this.ds.query(
      `INSERT INTO ticket_surveys (ticket_id, ente_id, service_code, operator_id, score, comment)
       SELECT t.id, t.ente_id, t.service_code, t.assignee_id, $2, $3 FROM tickets t WHERE t.id = $1
       ON CONFLICT (ticket_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, updated_at = now()`,
      [current.ticketId, score, comment],
    );
    return { ...current, score, comment };
  }

  /** The answers one by one (staff), newest first, a page at a time; the export reads the same query. */
  async answers(query: SurveyAnswerListQuery): Promise<SurveyAnswerList> {
    const after = query.cursor ? decodeCursor(query.cursor, AnswerCursor) : undefined;
    const rows = await surveyAnswersPage(this.ds, query, after, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        ticketId: r.ticketId,
        protocol: formatProtocol(r.protocolYear, r.protocolNumber),
        title: r.title,
        ente: r.ente,
        serviceCode: r.serviceCode,
        operatorName: r.operatorName,
        score: r.score,
        comment: r.comment,
        answeredAt: new Date(r.answeredAt).toISOString(),
      })),
      nextCursor: rows.length > query.limit && last?.cursorAt ? encodeCursor([last.cursorAt, last.ticketId]) : null,
    };
  }

  /** `from` and `to` are days (YYYY-MM-DD) in Italian time, both included. */
  async stats(from: string | undefined, to: string | undefined): Promise<SurveyStats> {
    const where = `WHERE ($1::date IS NULL OR s.answered_at >= $1::date::timestamp AT TIME ZONE 'Europe/Rome')
                     AND ($2::date IS NULL OR s.answered_at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Rome')`;
    const args = [from ?? null, to ?? null];
    const agg = `count(*) AS count, avg(s.score) AS average`;
    const [overall] = (await this.ds.query(`SELECT ${agg} FROM ticket_surveys s ${where}`, args)) as Array<{ count: string; average: string | null }>;
    const byService = (await this.ds.query(
      `SELECT s.service_code, ${agg} FROM ticket_surveys s ${where} GROUP BY s.service_code ORDER BY s.service_code NULLS FIRST`,
      args,
    )) as Array<{ service_code: string | null; count: string; average: string }>;
    const byOperator = (await this.ds.query(
      `SELECT s.operator_id, u.name, ${agg} FROM ticket_surveys s LEFT JOIN users u ON u.id = s.operator_id ${where}
       GROUP BY s.operator_id, u.name ORDER BY u.name NULLS FIRST`,
      args,
    )) as Array<{ operator_id: string | null; name: string | null; count: string; average: string }>;
    const byMonth = (await this.ds.query(
      `SELECT to_char(s.answered_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month, ${agg} FROM ticket_surveys s ${where}
       GROUP BY 1 ORDER BY 1`,
      args,
    )) as Array<{ month: string; count: string; average: string }>;
    return {
      overall: row(overall ?? { count: 0, average: null }),
      byService: byService.map((r) => ({ serviceCode: r.service_code, serviceName: serviceName(r.service_code), ...row(r) })),
      byOperator: byOperator.map((r) => ({ operatorId: r.operator_id, operatorName: r.name, ...row(r) })),
      byMonth: byMonth.map((r) => ({ month: r.month, ...row(r) })),
    };
  }
}
