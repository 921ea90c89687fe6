import type { DataSource } from 'typeorm';

export interface RebuildOutcome {
  dayRows: number;
  allRows: number;
  monthRows: number;
  seconds: number;
}

/**
 * The rebuild, statement by statement, to run in one transaction: the tickets are locked in SHARE mode (reads go on,
 * ticket writes wait) so nothing changes between the scan and the commit; the tables are emptied and filled again
 * with the same facts function the triggers use (migration 1768400000000), so the figures are those the triggers
 * keep, and running it twice gives the same rows. The migration fills the tables with the same statements; the
 * benches run them after a bulk load made with the insert trigger off.
 */
/** The counters of the daily rollups, in the order of the facts' composite type (migration 1768400000000). */
const COUNTERS = [
  'opened', 'closed', 'response_met', 'response_missed', 'resolution_met', 'resolution_missed', 'resolution_seconds',
  'backlog_new', 'backlog_assigned', 'backlog_planned', 'backlog_pending',
];

export const REPORT_ROLLUPS_REBUILD: readonly string[] = [
  `LOCK TABLE tickets IN SHARE MODE`,
  `TRUNCATE report_ticket_days, report_ticket_days_all, report_ticket_months_ente`,
  `INSERT INTO report_ticket_days (ente_id, day, service_code, urgency, support_group, ${COUNTERS.join(', ')})
   SELECT f.ente_id, f.day, f.service_code, f.urgency, f.support_group, ${COUNTERS.map((c) => `sum(f.${c})`).join(', ')}
   FROM tickets t, report_ticket_facts(t) f GROUP BY 1, 2, 3, 4, 5`,
  `INSERT INTO report_ticket_days_all (day, service_code, urgency, support_group, shard, ${COUNTERS.join(', ')})
   SELECT day, service_code, urgency, support_group, 0, ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
   FROM report_ticket_days GROUP BY 1, 2, 3, 4`,
  `INSERT INTO report_ticket_months_ente (month, ente_id, opened, closed)
   SELECT date_trunc('month', day)::date, ente_id, sum(opened), sum(closed) FROM report_ticket_days GROUP BY 1, 2`,
];

/** Rebuilds the report rollups from the tickets, from scratch (REPORT_ROLLUPS_REBUILD), in one transaction. */
export async function rebuildReportRollups(ds: DataSource): Promise<RebuildOutcome> {
  const started = process.hrtime.bigint();
  return ds.transaction(async (m) => {
    for (const sql of REPORT_ROLLUPS_REBUILD) await m.query(sql);
    // INSERT … SELECT gives no row count through TypeORM's query(): counted after, inside the same snapshot.
    const [n] = (await m.query(`
      SELECT (SELECT count(*) FROM report_ticket_days)::int AS days, (SELECT count(*) FROM report_ticket_days_all)::int AS all_days,
             (SELECT count(*) FROM report_ticket_months_ente)::int AS months`)) as Array<{ days: number; all_days: number; months: number }>;
    return {
      dayRows: n!.days,
      allRows: n!.all_days,
      monthRows: n!.months,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  });
}
