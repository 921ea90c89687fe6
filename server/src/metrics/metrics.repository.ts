import type { DataSource } from 'typeorm';

export interface DatabaseOpsFigures {
  outboxWaiting: number;
  outboxOldestSeconds: number;
  mailsQueued: number;
  mailsFailed: number;
  ticketsAtRisk: number;
  ticketsBreached: number;
  runs: Array<{ source: string; status: string; count: number }>;
}

/**
 * The figures operators watch, across every tenant (no tenant data leaves: counts only). Each count reads a
 * partial index (pending outbox rows, open tickets by SLA state) or a small table, so a scrape stays cheap.
 */
export async function databaseOpsFigures(ds: DataSource): Promise<DatabaseOpsFigures> {
  const [row] = (await ds.query(`
    SELECT (SELECT count(*) FROM outbox WHERE done_at IS NULL)::int AS outbox_waiting,
           coalesce((SELECT extract(epoch FROM now() - min(created_at)) FROM outbox WHERE done_at IS NULL), 0)::float8 AS outbox_oldest,
           (SELECT count(*) FROM outgoing_mails WHERE status = 'queued')::int AS mails_queued,
           (SELECT count(*) FROM outgoing_mails WHERE status = 'failed')::int AS mails_failed,
           (SELECT count(*) FROM tickets WHERE sla_state = 'at_risk' AND status IN ('new', 'assigned', 'planned'))::int AS at_risk,
           (SELECT count(*) FROM tickets WHERE sla_state = 'breached' AND status IN ('new', 'assigned', 'planned'))::int AS breached`)) as Array<{
    outbox_waiting: number;
    outbox_oldest: number;
    mails_queued: number;
    mails_failed: number;
    at_risk: number;
    breached: number;
  }>;
  const runs = (await ds.query(`
    SELECT source, status, count(*)::int AS count FROM import_runs GROUP BY 1, 2
    UNION ALL
    SELECT 'statements', status, count(*)::int FROM statement_runs GROUP BY 2
    ORDER BY 1, 2`)) as Array<{ source: string; status: string; count: number }>;
  return {
    outboxWaiting: row!.outbox_waiting,
    outboxOldestSeconds: Math.round(row!.outbox_oldest * 10) / 10,
    mailsQueued: row!.mails_queued,
    mailsFailed: row!.mails_failed,
    ticketsAtRisk: row!.at_risk,
    ticketsBreached: row!.breached,
    runs,
  };
}
