import type { DataSource, EntityManager } from 'typeorm';
import {
  calendarSettingsIssues,
  closureIssues,
  toSupportCalendar,
  type CreateCalendarClosure,
  type SupportCalendarSettings,
  type UpdateSupportCalendar,
} from '@cit/shared';
import { namedPublicHolidays } from '@cit/shared/holidays';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { staleVersion } from '../platform/http/optimistic';
import { AppError, invalidFields, notFound } from '../platform/http/errors';
import type { TicketService } from '../tickets/tickets.service';
import type { CalendarSource } from './calendar-source';
import { deleteClosure, insertClosure, readCalendar, touchCalendar, updateSettings, type StoredCalendar } from './support-calendar.repository';

/** 'YYYY-MM-DD' of an instant in a time zone (en-CA writes dates that way). */
const localDate = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** The calendar is one record for the audit log and the optimistic version, closures included. */
export const CALENDAR_RECORD_ID = 'support-calendar';

/** What the audit log keeps of the calendar: what an admin edits, without ids and timestamps. */
const auditView = (c: StoredCalendar) => ({
  workingDays: c.workingDays,
  hours: c.hours,
  patronDay: c.patronDay,
  closures: c.closures.map(({ date, everyYear, reason }) => ({ date, everyYear, reason })),
  version: c.version,
});

export interface CalendarView {
  year: number;
  language: string;
}

/**
 * Admin edits of the support calendar. Each edit, in one transaction: lock the calendar row, change it, record
 * the change with before and after, and move the running SLA clocks of open tickets to the new calendar (what they
 * had already counted stays counted). Processes pick the new calendar up on their next ticket write (CalendarSource).
 */
export class SupportCalendarService {
  constructor(
    private readonly ds: DataSource,
    private readonly tickets: TicketService,
    private readonly source: CalendarSource,
  ) {}

  async get(view: CalendarView): Promise<SupportCalendarSettings> {
    return this.present(await readCalendar(this.ds), view);
  }

  async update(actor: AuditActor, input: UpdateSupportCalendar, view: CalendarView): Promise<SupportCalendarSettings> {
    const issues = calendarSettingsIssues(input);
    if (issues.length > 0) throw invalidFields(issues);
    const settings = { workingDays: [...input.workingDays].sort((a, b) => a - b), hours: input.hours, patronDay: input.patronDay };
    return this.edit(actor, view, async (tx, before) => {
      if (before.version !== input.version) throw await staleVersion(tx, 'support_calendar', CALENDAR_RECORD_ID, this.present(before, view));
      // A save that changes nothing is not a change: no version, no audit entry, no clock moved.
      const same = JSON.stringify(settings) === JSON.stringify({ workingDays: before.workingDays, hours: before.hours, patronDay: before.patronDay });
      if (same) return false;
      await updateSettings(tx, settings, actor.userId);
      return true;
    });
  }

  async addClosure(actor: AuditActor, input: CreateCalendarClosure, view: CalendarView): Promise<SupportCalendarSettings> {
    const closure = { date: input.date ?? null, everyYear: input.everyYear ?? null, reason: input.reason.trim() };
    const issues = closureIssues(closure, localDate(this.tickets.now(), (await this.source.refresh()).timeZone));
    if (issues.length > 0) throw invalidFields(issues);
    return this.edit(actor, view, async (tx) => {
      const id = await insertClosure(tx, closure, actor.userId);
      if (id === null) {
        const field = closure.date !== null ? 'date' : 'everyYear';
        throw new AppError(409, 'closure_exists', 'Quel giorno è già tra le chiusure.', { fields: [{ path: field, message: 'Giorno già chiuso.' }] });
      }
      await touchCalendar(tx, actor.userId);
      return true;
    });
  }

  async removeClosure(actor: AuditActor, id: string, view: CalendarView): Promise<SupportCalendarSettings> {
    return this.edit(actor, view, async (tx) => {
      if (!(await deleteClosure(tx, id))) throw notFound('La chiusura');
      await touchCalendar(tx, actor.userId);
      return true;
    });
  }

  private async edit(
    actor: AuditActor,
    view: CalendarView,
    /** Applies the edit; false when it changes nothing. */
    change: (tx: EntityManager, before: StoredCalendar) => Promise<boolean>,
  ): Promise<SupportCalendarSettings> {
    const after = await this.ds.transaction(async (tx) => {
      // The row lock first: ticket writers take it (shared) before their ticket, so the order is the same everywhere.
      const before = await readCalendar(tx, true);
      if (!(await change(tx, before))) return before;
      const saved = await readCalendar(tx);
      await recordChange(tx, actor, { entity: 'support_calendar', recordId: CALENDAR_RECORD_ID, action: 'update', before: auditView(before), after: auditView(saved) });
      await this.tickets.moveClocksToCalendar(tx, toSupportCalendar(before), toSupportCalendar(saved), actor.userId);
      return saved;
    });
    // This process counts with the new calendar at once; the others on their next ticket write.
    await this.source.refresh();
    return this.present(after, view);
  }

  private present(c: StoredCalendar, view: CalendarView): SupportCalendarSettings {
    return {
      timeZone: c.timeZone,
      country: c.country,
      workingDays: c.workingDays,
      hours: c.hours,
      patronDay: c.patronDay,
      closures: c.closures,
      publicHolidays: namedPublicHolidays(c.country, view.year, view.language),
      version: c.version,
      updatedAt: c.updatedAt ? c.updatedAt.toISOString() : null,
    };
  }
}
