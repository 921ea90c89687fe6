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
export const REPORT_ROLLUPS_REBUILD: readonly string[] = [
  `LOCK TABLE tickets IN SHARE MODE`,
  `TRUNCATE report_ticket_days, report_ticket_days_all, report_ticket_months_ente`,
  `INSERT INTO report_ticket_days (ente_id, day, service_code, urgency, support_group, opened, closed, response_met,
     response_missed, resolution_met, resolution_missed, resolution_seconds)
   SELECT f.ente_id, f.day, f.service_code, f.urgency, f.support_group, sum(f.opened), sum(f.closed), sum(f.response_met),
     sum(f.response_missed), sum(f.resolution_met), sum(f.resolution_missed), sum(f.resolution_seconds)
   FROM tickets t, report_ticket_facts(t) f GROUP BY 1, 2, 3, 4, 5`,
  `INSERT INTO report_ticket_days_all (day, service_code, urgency, support_group, shard, opened, closed, response_met,
     response_missed, resolution_met, resolution_missed, resolution_seconds)
   SELECT day, service_code, urgency, support_group, 0, sum(opened), sum(closed), sum(response_met), sum(response_missed),
     sum(resolution_met), sum(resolution_missed), sum(resolution_seconds)
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
