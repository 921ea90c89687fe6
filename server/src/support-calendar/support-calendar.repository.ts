import type { DataSource, EntityManager } from 'typeorm';
import type { CalendarClosure, UpdateSupportCalendar } from '@cit/shared';

/** The stored calendar: the settings row and its closures (one-off dates first, then the yearly ones). */
export interface StoredCalendar {
  timeZone: string;
  country: string;
  workingDays: number[];
  hours: Array<[string, string]>;
  patronDay: string | null;
  closures: CalendarClosure[];
  version: number;
  updatedAt: Date | null;
}

type Db = DataSource | EntityManager;

interface SettingsRow {
  time_zone: string;
  country: string;
  working_days: number[];
  hours: Array<[string, string]>;
  patron_day: string | null;
  version: number;
  updated_at: Date | null;
}

/**
 * The calendar as stored. `lock` takes the row for an edit (FOR UPDATE): edits of the calendar happen one at a
 * time, and the ticket writers that hold it (calendarVersionShared) wait for the edit to commit.
 */
export async function readCalendar(db: Db, lock = false): Promise<StoredCalendar> {
  const [row] = (await db.query(
    `SELECT time_zone, country, working_days, hours, patron_day, version, updated_at FROM support_calendar WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
  )) as SettingsRow[];
  if (!row) throw new Error('support_calendar has no row: the SupportCalendar migration seeds it.');
  const closures = (await db.query(
    `SELECT id, to_char(on_date, 'YYYY-MM-DD') AS date, every_year AS "everyYear", reason
     FROM calendar_closures ORDER BY on_date NULLS LAST, every_year`,
  )) as CalendarClosure[];
  return {
    timeZone: row.time_zone,
    country: row.country,
    workingDays: row.working_days,
    hours: row.hours,
    patronDay: row.patron_day,
    closures,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** The version without holding anything: enough to notice an edit outside a ticket transaction. */
export async function calendarVersion(db: Db): Promise<number> {
  const [row] = (await db.query(`SELECT version FROM support_calendar WHERE id = 1`)) as Array<{ version: number }>;
  if (!row) throw new Error('support_calendar has no row: the SupportCalendar migration seeds it.');
  return row.version;
}

/**
 * The version, holding the row until the transaction ends: an edit in progress is waited for (and its version
 * returned, since a row lock re-reads the committed row), and no edit commits before this transaction does.
 * KEY SHARE, the weakest lock, as foreign-key checks take it: ticket writers never wait for each other, only for an
 * edit, which locks the row FOR UPDATE (readCalendar with `lock`) before changing it.
 */
export async function calendarVersionShared(tx: EntityManager): Promise<number> {
  const [row] = (await tx.query(`SELECT version FROM support_calendar WHERE id = 1 FOR KEY SHARE`)) as Array<{ version: number }>;
  if (!row) throw new Error('support_calendar has no row: the SupportCalendar migration seeds it.');
  return row.version;
}

export async function updateSettings(tx: EntityManager, input: Omit<UpdateSupportCalendar, 'version'>, userId: string | null): Promise<void> {
  await tx.query(
    `UPDATE support_calendar SET working_days = $1, hours = $2, patron_day = $3, version = version + 1, updated_at = now(), updated_by = $4 WHERE id = 1`,
    [input.workingDays, JSON.stringify(input.hours), input.patronDay, userId],
  );
}

/** A closure added or removed is an edit of the calendar too: the version moves so that every process reloads. */
export async function touchCalendar(tx: EntityManager, userId: string | null): Promise<void> {
  await tx.query(`UPDATE support_calendar SET version = version + 1, updated_at = now(), updated_by = $1 WHERE id = 1`, [userId]);
}

/** Inserts a closure; null when the same day is already closed (unique date or yearly day). */
export async function insertClosure(
  tx: EntityManager,
  closure: { date: string | null; everyYear: string | null; reason: string },
  userId: string | null,
): Promise<string | null> {
  const rows = (await tx.query(
    `INSERT INTO calendar_closures (on_date, every_year, reason, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
    [closure.date, closure.everyYear, closure.reason, userId],
  )) as Array<{ id: string }>;
  return rows[0]?.id ?? null;
}

export async function deleteClosure(tx: EntityManager, id: string): Promise<boolean> {
  // Through a CTE: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
  const [row] = (await tx.query(`WITH d AS (DELETE FROM calendar_closures WHERE id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`, [id])) as Array<{
    n: number;
  }>;
  return (row?.n ?? 0) > 0;
}
