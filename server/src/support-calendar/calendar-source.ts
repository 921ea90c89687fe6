import type { DataSource, EntityManager } from 'typeorm';
import { toSupportCalendar, type SupportCalendar } from '@cit/shared';
import { useDateHolidays } from '@cit/shared/holidays';
import { calendarVersion, calendarVersionShared, readCalendar } from './support-calendar.repository';

/**
 * The support calendar one process computes with (API or worker), kept in memory and checked against the
 * stored version where it matters.
 *
 * Why a version check and not a Redis message announcing each edit: a message arrives "soon", so a ticket
 * written in the worker a moment after the save would still count with the old calendar, and a message lost while
 * Redis reconnects would leave a process on it for good. Every ticket write instead reads the version in its own
 * transaction, before locking the ticket (`sync`): one indexed one-row read, and an edit in progress is waited for,
 * so from the commit of an edit no process writes a ticket with the calendar it replaced. Reads outside ticket
 * transactions (the SLA job's first pass, GET /api/sla) use `refresh`, the same check without holding the row.
 */
export class CalendarSource {
  private loaded: { version: number; calendar: SupportCalendar } | undefined;

  constructor(private readonly ds: DataSource) {
    useDateHolidays();
  }

  /** The calendar of the last check; the ticket paths check first (`sync`, `refresh`), so this is never stale there. */
  current(): SupportCalendar {
    if (!this.loaded) throw new Error('Calendario di assistenza non ancora letto: chiamare sync() o refresh() prima di current().');
    return this.loaded.calendar;
  }

  /**
   * In a ticket transaction, before the ticket row is locked: holds the calendar row (KEY SHARE) until commit (an edit
   * waits for this transaction and this transaction waits for an edit in progress) and reloads if it changed.
   * Calendar edits lock the calendar row before any ticket, in the same order, so the two cannot deadlock.
   */
  async sync(tx: EntityManager): Promise<SupportCalendar> {
    const version = await calendarVersionShared(tx);
    return this.loaded?.version === version ? this.loaded.calendar : this.load(tx);
  }

  /** The calendar of a version just read along with other data (a ticket's creation reads it with its targets). */
  async atVersion(version: number): Promise<SupportCalendar> {
    return this.loaded?.version === version ? this.loaded.calendar : this.load(this.ds);
  }

  /** Reloads when the stored version differs from the one in memory. */
  async refresh(db: DataSource | EntityManager = this.ds): Promise<SupportCalendar> {
    const version = await calendarVersion(db);
    return this.loaded?.version === version ? this.loaded.calendar : this.load(db);
  }

  private async load(db: DataSource | EntityManager): Promise<SupportCalendar> {
    const stored = await readCalendar(db);
    const calendar = toSupportCalendar(stored);
    // Two loads can overlap; the older answer must not replace the newer one.
    if (!this.loaded || stored.version >= this.loaded.version) this.loaded = { version: stored.version, calendar };
    return calendar;
  }
}
