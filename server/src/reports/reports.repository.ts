import type { DataSource } from 'typeorm';
import { REPORT_TOP_ENTI, splitByMonths, type ReportPeriod } from '@cit/shared';

/**
 * What a report reads: the period, the Enti (null: every Ente, for CIT staff without an Ente filter) and the
 * optional service and group. The Enti are already the caller's scope: every query below is restricted by them.
 */
export interface ReportSlice {
  period: ReportPeriod;
  enteIds: readonly string[] | null;
  serviceCode: string | undefined;
  group: string | undefined;
}

/**
 * The rollup a slice reads and its WHERE clause: per Ente when restricted to Enti (key led by the Ente), else the
 * CIT-wide one. `$1`/`$2` are the period; the other parameters follow in `params`.
 */
function source(s: ReportSlice): { table: string; where: string; params: unknown[] } {
  const params: unknown[] = [s.period.from, s.period.to];
  const where = ['day BETWEEN $1::date AND $2::date'];
  if (s.enteIds !== null) {
    params.push(s.enteIds);
    where.push(`ente_id = ANY($${params.length}::uuid[])`);
  }
  if (s.serviceCode !== undefined) {
    params.push(s.serviceCode);
    where.push(`service_code = $${params.length}`);
  }
  if (s.group !== undefined) {
    params.push(s.group);
    where.push(`support_group = $${params.length}`);
  }
  return { table: s.enteIds === null ? 'report_ticket_days_all' : 'report_ticket_days', where: where.join(' AND '), params };
}

export interface TrendRow {
  grain: 'week' | 'month';
  start: string;
  opened: number;
  closed: number;
}

/** Opened and closed per week (from Monday) and per month, every week and month of the period (zeros included). */
export async function trendRows(ds: DataSource, s: ReportSlice): Promise<TrendRow[]> {
  const src = source(s);
  return (await ds.query(
    `WITH d AS (SELECT day, sum(opened)::int AS opened, sum(closed)::int AS closed FROM ${src.table} WHERE ${src.where} GROUP BY day),
     g AS (SELECT 'week' AS grain, date_trunc('week', $1::date) AS first, date_trunc('week', $2::date) AS last, interval '1 week' AS step
           UNION ALL SELECT 'month', date_trunc('month', $1::date), date_trunc('month', $2::date), interval '1 month')
     SELECT g.grain, to_char(p, 'YYYY-MM-DD') AS start,
            coalesce(sum(d.opened), 0)::int AS opened, coalesce(sum(d.closed), 0)::int AS closed
     FROM g CROSS JOIN LATERAL generate_series(g.first, g.last, g.step) p
     LEFT JOIN d ON date_trunc(g.grain, d.day) = p
     GROUP BY g.grain, p ORDER BY g.grain DESC, p`,
    src.params,
  )) as TrendRow[];
}

export interface SlaRow {
  dim: 'total' | 'urgency' | 'service' | 'group' | 'month';
  key: string;
  response_met: number;
  response_missed: number;
  resolution_met: number;
  resolution_missed: number;
  closed: number;
  resolution_seconds: string;
}

/** First-response and resolution SLA met/missed per urgency, service, group and month, and overall, in one pass. */
export async function slaRows(ds: DataSource, s: ReportSlice): Promise<SlaRow[]> {
  const src = source(s);
  return (await ds.query(
    `SELECT CASE WHEN GROUPING(urgency) = 0 THEN 'urgency' WHEN GROUPING(service_code) = 0 THEN 'service'
                 WHEN GROUPING(support_group) = 0 THEN 'group' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'total' END AS dim,
            coalesce(urgency, service_code, support_group, to_char(month, 'YYYY-MM'), '') AS key,
            sum(response_met)::int AS response_met, sum(response_missed)::int AS response_missed,
            sum(resolution_met)::int AS resolution_met, sum(resolution_missed)::int AS resolution_missed,
            sum(closed)::int AS closed, sum(resolution_seconds)::text AS resolution_seconds
     FROM (SELECT *, date_trunc('month', day) AS month FROM ${src.table} WHERE ${src.where}) r
     GROUP BY GROUPING SETS ((urgency), (service_code), (support_group), (month), ())
     ORDER BY 1, 2`,
    src.params,
  )) as SlaRow[];
}

export interface VolumeRow {
  id: string;
  name: string;
  opened: number;
  closed: number;
  enti: number;
}

/**
 * The Enti with most tickets opened in the period. Every Ente without service or group filter: the whole months from
 * the monthly rollup (20,000 Enti × 12 rows a year) and the days around them from the daily one by its day index
 * (the default period is eleven months and this month's days). An Ente scope, a service or a group: the daily rollup.
 */
export async function volumesByEnte(ds: DataSource, s: ReportSlice): Promise<VolumeRow[]> {
  let from: string;
  let params: unknown[];
  if (s.enteIds === null && s.serviceCode === undefined && s.group === undefined) {
    const split = splitByMonths(s.period);
    params = [];
    const parts: string[] = [];
    const days = (p: ReportPeriod) => {
      params.push(p.from, p.to);
      parts.push(`SELECT ente_id, opened, closed FROM report_ticket_days WHERE day BETWEEN $${params.length - 1}::date AND $${params.length}::date`);
    };
    if (split.head) days(split.head);
    if (split.months) {
      params.push(split.months.from, split.months.to);
      parts.push(`SELECT ente_id, opened, closed FROM report_ticket_months_ente WHERE month BETWEEN $${params.length - 1}::date AND $${params.length}::date`);
    }
    if (split.tail) days(split.tail);
    from = `SELECT ente_id, sum(opened)::int AS opened, sum(closed)::int AS closed FROM (${parts.join(' UNION ALL ')}) u GROUP BY ente_id`;
  } else {
    const src = source(s);
    params = src.params;
    from = `SELECT ente_id, sum(opened)::int AS opened, sum(closed)::int AS closed FROM report_ticket_days WHERE ${src.where} GROUP BY ente_id`;
  }
  return (await ds.query(
    `WITH v AS (${from}), n AS (SELECT * FROM v WHERE opened <> 0 OR closed <> 0)
     SELECT n.ente_id AS id, e.name, n.opened, n.closed, count(*) OVER ()::int AS enti
     FROM n JOIN enti e ON e.id = n.ente_id
     ORDER BY n.opened DESC, n.closed DESC, e.name, e.id LIMIT ${REPORT_TOP_ENTI}`,
    params,
  )) as VolumeRow[];
}

/** Opened and closed per service ('' for assistance not about a service). */
export async function volumesByService(ds: DataSource, s: ReportSlice): Promise<Array<{ service_code: string; opened: number; closed: number }>> {
  const src = source(s);
  return (await ds.query(
    `SELECT service_code, sum(opened)::int AS opened, sum(closed)::int AS closed FROM ${src.table} WHERE ${src.where}
     GROUP BY service_code HAVING sum(opened) <> 0 OR sum(closed) <> 0 ORDER BY 2 DESC, 1`,
    src.params,
  )) as Array<{ service_code: string; opened: number; closed: number }>;
}

export interface BacklogRow {
  bucket: string;
  new: number;
  assigned: number;
  planned: number;
  pending: number;
}

/**
 * Open tickets now, per age bucket (calendar days since the day they were opened, Europe/Rome) and status: the
 * backlog counters of the rollups, kept on each ticket's opening day while it is open, read through the partial
 * indexes of the days that still have some. The period does not apply.
 */
export async function backlogRows(ds: DataSource, today: string, s: Omit<ReportSlice, 'period'>): Promise<BacklogRow[]> {
  const params: unknown[] = [today];
  // Written out, not a parameter: the planner must see the partial indexes' predicate.
  const where = ['(backlog_new <> 0 OR backlog_assigned <> 0 OR backlog_planned <> 0 OR backlog_pending <> 0)'];
  if (s.enteIds !== null) {
    params.push(s.enteIds);
    where.push(`ente_id = ANY($${params.length}::uuid[])`);
  }
  if (s.serviceCode !== undefined) {
    params.push(s.serviceCode);
    where.push(`service_code = $${params.length}`);
  }
  if (s.group !== undefined) {
    params.push(s.group);
    where.push(`support_group = $${params.length}`);
  }
  return (await ds.query(
    `SELECT CASE WHEN day >= $1::date - 1 THEN 'd0_1' WHEN day >= $1::date - 7 THEN 'd2_7' WHEN day >= $1::date - 30 THEN 'd8_30'
                 WHEN day >= $1::date - 90 THEN 'd31_90' ELSE 'd91_plus' END AS bucket,
            sum(backlog_new)::int AS new, sum(backlog_assigned)::int AS assigned,
            sum(backlog_planned)::int AS planned, sum(backlog_pending)::int AS pending
     FROM ${s.enteIds === null ? 'report_ticket_days_all' : 'report_ticket_days'} WHERE ${where.join(' AND ')}
     GROUP BY 1`,
    params,
  )) as BacklogRow[];
}

/** Whether a support group with this key exists (active or not: old tickets keep a deactivated group). */
export async function groupExists(ds: DataSource, key: string): Promise<boolean> {
  const rows = (await ds.query(`SELECT 1 FROM support_groups WHERE key = $1`, [key])) as unknown[];
  return rows.length > 0;
}

/** Whether an Ente with this id exists. */
export async function enteExists(ds: DataSource, id: string): Promise<boolean> {
  const rows = (await ds.query(`SELECT 1 FROM enti WHERE id = $1`, [id])) as unknown[];
  return rows.length > 0;
}
