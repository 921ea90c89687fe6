import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups for the reports (issue 18): at 10M tickets a report must answer in p95 < 300 ms, so no report scans
 * tickets. What each ticket contributes (`report_ticket_facts`) is one SQL function shared by the triggers that keep
 * the rollups current and by the rebuild command (`npm run reports:rebuild`), so both give the same figures:
 *  - opened: +1 on the day it was created (Europe/Rome);
 *  - first response: met or missed on the day it was taken in charge;
 *  - resolved («chiusi» in the reports): +1 on the day it was solved, with the resolution SLA met or missed and the
 *    elapsed seconds from creation to solution, while it stays solved, to test or closed (a reopened ticket leaves it);
 *  - backlog: +1 in its status (new, assigned, planned, pending) on the day it was created, while it is open, so the
 *    backlog and its age are a sum over creation days, not a scan of the (millions of) open tickets.
 * Deleted tickets contribute nothing. Met/missed follow sla-clock.ts's rules: a clock is missed when the event came
 * after its due instant, or when the clock had been stopped with no minutes left.
 *
 * Kept like the queue's status counts (1764700000000): statement triggers for INSERT and DELETE (a bulk statement
 * costs one grouped upsert), a row trigger for UPDATE that fires only when a column a fact depends on changes and
 * writes only when the facts differ (the SLA job's bulk updates of sla_state and queue_due cost nothing). Three
 * grains, each for the reads it serves:
 *  - report_ticket_days: day × Ente × service × urgency × group, for an Ente's own figures (key led by the Ente);
 *  - report_ticket_days_all: the same without the Ente, for the CIT-wide figures; split into 16 shards by backend,
 *    like ticket_status_totals, so that concurrent ticket creations do not queue on today's row;
 *  - report_ticket_months_ente: month × Ente, for the volumes per Ente over whole months (20,000 Enti).
 * Rows are upserted in key order so that concurrent transactions lock them in the same order.
 */
/** The counters of a fact and of the daily rollups, in the composite type's order. */
const COUNTERS = [
  'opened', 'closed', 'response_met', 'response_missed', 'resolution_met', 'resolution_missed', 'resolution_seconds',
  'backlog_new', 'backlog_assigned', 'backlog_planned', 'backlog_pending',
];

export class ReportRollups1768400000000 implements MigrationInterface {
  name = 'ReportRollups1768400000000';

  async up(q: QueryRunner): Promise<void> {
    const counters = `
        opened              integer NOT NULL DEFAULT 0,
        closed              integer NOT NULL DEFAULT 0,
        response_met        integer NOT NULL DEFAULT 0,
        response_missed     integer NOT NULL DEFAULT 0,
        resolution_met      integer NOT NULL DEFAULT 0,
        resolution_missed   integer NOT NULL DEFAULT 0,
        resolution_seconds  bigint NOT NULL DEFAULT 0,
        backlog_new         integer NOT NULL DEFAULT 0,
        backlog_assigned    integer NOT NULL DEFAULT 0,
        backlog_planned     integer NOT NULL DEFAULT 0,
        backlog_pending     integer NOT NULL DEFAULT 0`;
    // '' for "no service" and "no group": key columns cannot be NULL.
    await q.query(`
      CREATE TABLE report_ticket_days (
        ente_id        uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        day            date NOT NULL,
        service_code   text NOT NULL,
        urgency        text NOT NULL,
        support_group  text NOT NULL,
        ${counters},
        PRIMARY KEY (ente_id, day, service_code, urgency, support_group)
      )`);
    // Every Ente over a few days (the days around the whole months of a period): an index-only range scan.
    await q.query(`CREATE INDEX report_ticket_days_day_idx ON report_ticket_days (day) INCLUDE (ente_id, opened, closed)`);
    await q.query(`
      CREATE TABLE report_ticket_days_all (
        day            date NOT NULL,
        service_code   text NOT NULL,
        urgency        text NOT NULL,
        support_group  text NOT NULL,
        shard          smallint NOT NULL,
        ${counters},
        PRIMARY KEY (day, service_code, urgency, support_group, shard)
      )`);
    // The backlog reads only the days that still have open tickets (recent ones, and a few stragglers).
    const open = `backlog_new <> 0 OR backlog_assigned <> 0 OR backlog_planned <> 0 OR backlog_pending <> 0`;
    await q.query(`CREATE INDEX report_ticket_days_backlog_idx ON report_ticket_days (ente_id, day) WHERE ${open}`);
    await q.query(`CREATE INDEX report_ticket_days_all_backlog_idx ON report_ticket_days_all (day) WHERE ${open}`);
    await q.query(`
      CREATE TABLE report_ticket_months_ente (
        month    date NOT NULL,
        ente_id  uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        opened   integer NOT NULL DEFAULT 0,
        closed   integer NOT NULL DEFAULT 0,
        PRIMARY KEY (month, ente_id)
      )`);
    await q.query(`
      CREATE TYPE report_ticket_fact AS (
        day date, ente_id uuid, service_code text, urgency text, support_group text,
        opened integer, closed integer, response_met integer, response_missed integer,
        resolution_met integer, resolution_missed integer, resolution_seconds bigint,
        backlog_new integer, backlog_assigned integer, backlog_planned integer, backlog_pending integer)`);
    // STABLE and a single SELECT: the planner inlines it into the rebuild's scan.
    await q.query(`
      CREATE FUNCTION report_ticket_facts(t tickets) RETURNS SETOF report_ticket_fact LANGUAGE sql STABLE AS $$
        SELECT f.day, t.ente_id, coalesce(t.service_code, ''), t.urgency, coalesce(t.support_group, ''),
               f.opened, f.closed, f.response_met, f.response_missed, f.resolution_met, f.resolution_missed, f.resolution_seconds,
               f.backlog_new, f.backlog_assigned, f.backlog_planned, f.backlog_pending
        FROM (
          SELECT (t.created_at AT TIME ZONE 'Europe/Rome')::date AS day, 1 AS opened, 0 AS closed,
                 0 AS response_met, 0 AS response_missed, 0 AS resolution_met, 0 AS resolution_missed, 0::bigint AS resolution_seconds,
                 (t.status = 'new')::int AS backlog_new, (t.status = 'assigned')::int AS backlog_assigned,
                 (t.status = 'planned')::int AS backlog_planned, (t.status = 'pending')::int AS backlog_pending
          WHERE t.status <> 'deleted'
          UNION ALL
          SELECT (t.taken_at AT TIME ZONE 'Europe/Rome')::date, 0, 0, 1 - late, late, 0, 0, 0, 0, 0, 0, 0
          FROM (SELECT CASE WHEN (t.take_charge_due IS NOT NULL AND t.taken_at > t.take_charge_due)
                              OR (t.take_charge_due IS NULL AND t.take_charge_remaining = 0) THEN 1 ELSE 0 END AS late) r
          WHERE t.status <> 'deleted' AND t.taken_at IS NOT NULL
          UNION ALL
          SELECT (t.solved_at AT TIME ZONE 'Europe/Rome')::date, 0, 1, 0, 0, 1 - late, late,
                 greatest(0, floor(extract(epoch FROM t.solved_at - t.created_at)))::bigint, 0, 0, 0, 0
          FROM (SELECT CASE WHEN (t.resolve_due IS NOT NULL AND t.solved_at > t.resolve_due) OR t.resolve_remaining = 0
                            THEN 1 ELSE 0 END AS late) r
          WHERE t.status IN ('solved', 'to_test', 'closed') AND t.solved_at IS NOT NULL
        ) f
      $$`);
    // Adds signed facts to the three grains; keys whose changes cancel out are not written.
    const nonZero = COUNTERS.filter((c) => c !== 'resolution_seconds').map((c) => `abs(${c})`).join(' + ');
    const upsert = (table: string, keys: string[], extra: { column: string; value: string }[]) => `
          INSERT INTO ${table} AS r (${[...keys, ...extra.map((e) => e.column), ...COUNTERS].join(', ')})
          SELECT ${[...keys, ...extra.map((e) => e.value), ...COUNTERS.map((c) => `sum(${c})`)].join(', ')}
          FROM f GROUP BY ${keys.map((_, i) => i + 1).join(', ')}
          HAVING sum(${nonZero}) <> 0
          ORDER BY ${keys.map((_, i) => i + 1).join(', ')}
          ON CONFLICT (${[...keys, ...extra.map((e) => e.column)].join(', ')}) DO UPDATE SET
            ${COUNTERS.map((c) => `${c} = r.${c} + excluded.${c}`).join(', ')}`;
    await q.query(`
      CREATE FUNCTION report_rollups_add(facts report_ticket_fact[]) RETURNS void LANGUAGE sql AS $$
        WITH f AS (SELECT * FROM unnest(facts)),
        d AS (${upsert('report_ticket_days', ['ente_id', 'day', 'service_code', 'urgency', 'support_group'], [])}),
        a AS (${upsert('report_ticket_days_all', ['day', 'service_code', 'urgency', 'support_group'], [{ column: 'shard', value: 'pg_backend_pid() % 16' }])})
        INSERT INTO report_ticket_months_ente AS r (month, ente_id, opened, closed)
        SELECT date_trunc('month', day)::date, ente_id, sum(opened), sum(closed)
        FROM f GROUP BY 1, 2 HAVING sum(abs(opened) + abs(closed)) <> 0 ORDER BY 1, 2
        ON CONFLICT (month, ente_id) DO UPDATE SET opened = r.opened + excluded.opened, closed = r.closed + excluded.closed
      $$`);
    const signed = (source: string, sign: string) => `
      SELECT (f.day, f.ente_id, f.service_code, f.urgency, f.support_group, ${COUNTERS.map((c) => `${sign} * f.${c}`).join(', ')})::report_ticket_fact
      FROM ${source}`;
    await q.query(`
      CREATE FUNCTION report_rollups_bulk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM report_rollups_add(ARRAY(${signed('changed t, report_ticket_facts(t) f', "CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END")}));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION report_rollups_move() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        before report_ticket_fact[] := ARRAY(SELECT f FROM report_ticket_facts(OLD) f ORDER BY f.day, f.opened, f.closed);
        after report_ticket_fact[] := ARRAY(SELECT f FROM report_ticket_facts(NEW) f ORDER BY f.day, f.opened, f.closed);
      BEGIN
        -- Most updates that reach here (a pause, a new due instant) change no fact.
        IF before IS NOT DISTINCT FROM after THEN RETURN NULL; END IF;
        PERFORM report_rollups_add(ARRAY(${signed('unnest(before) f', '-1')} UNION ALL ${signed('unnest(after) f', '1')}));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_rollups_insert AFTER INSERT ON tickets
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_bulk()`);
    await q.query(`
      CREATE TRIGGER report_rollups_delete AFTER DELETE ON tickets
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_bulk()`);
    await q.query(`
      CREATE TRIGGER report_rollups_update
      AFTER UPDATE OF status, ente_id, service_code, urgency, support_group, created_at, taken_at, solved_at,
        take_charge_due, take_charge_remaining, resolve_due, resolve_remaining ON tickets
      FOR EACH ROW WHEN (
        OLD.status IS DISTINCT FROM NEW.status OR OLD.ente_id IS DISTINCT FROM NEW.ente_id
        OR OLD.service_code IS DISTINCT FROM NEW.service_code OR OLD.urgency IS DISTINCT FROM NEW.urgency
        OR OLD.support_group IS DISTINCT FROM NEW.support_group OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.taken_at IS DISTINCT FROM NEW.taken_at OR OLD.solved_at IS DISTINCT FROM NEW.solved_at
        OR OLD.take_charge_due IS DISTINCT FROM NEW.take_charge_due OR OLD.take_charge_remaining IS DISTINCT FROM NEW.take_charge_remaining
        OR OLD.resolve_due IS DISTINCT FROM NEW.resolve_due OR OLD.resolve_remaining IS DISTINCT FROM NEW.resolve_remaining)
      EXECUTE FUNCTION report_rollups_move()`);
    // Existing tickets, counted once under the lock the status counts used: none slips between fill and triggers.
    await q.query(`LOCK TABLE tickets IN SHARE MODE`);
    // Grouped inserts, not report_rollups_add: an array of every ticket's facts would not fit in memory at 10M.
    // The same statements as the rebuild command's (server/src/reports/report-rollups.repository.ts).
    await q.query(`
      INSERT INTO report_ticket_days (ente_id, day, service_code, urgency, support_group, ${COUNTERS.join(', ')})
      SELECT f.ente_id, f.day, f.service_code, f.urgency, f.support_group, ${COUNTERS.map((c) => `sum(f.${c})`).join(', ')}
      FROM tickets t, report_ticket_facts(t) f GROUP BY 1, 2, 3, 4, 5`);
    await q.query(`
      INSERT INTO report_ticket_days_all (day, service_code, urgency, support_group, shard, ${COUNTERS.join(', ')})
      SELECT day, service_code, urgency, support_group, 0, ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
      FROM report_ticket_days GROUP BY 1, 2, 3, 4`);
    await q.query(`
      INSERT INTO report_ticket_months_ente (month, ente_id, opened, closed)
      SELECT date_trunc('month', day)::date, ente_id, sum(opened), sum(closed) FROM report_ticket_days GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_rollups_update ON tickets`);
    await q.query(`DROP TRIGGER report_rollups_delete ON tickets`);
    await q.query(`DROP TRIGGER report_rollups_insert ON tickets`);
    await q.query(`DROP FUNCTION report_rollups_move()`);
    await q.query(`DROP FUNCTION report_rollups_bulk()`);
    await q.query(`DROP FUNCTION report_rollups_add(report_ticket_fact[])`);
    await q.query(`DROP FUNCTION report_ticket_facts(tickets)`);
    await q.query(`DROP TYPE report_ticket_fact`);
    await q.query(`DROP TABLE report_ticket_months_ente`);
    await q.query(`DROP TABLE report_ticket_days_all`);
    await q.query(`DROP TABLE report_ticket_days`);
  }
}
