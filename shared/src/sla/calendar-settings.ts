import { z } from 'zod';
import type { FieldIssue } from '../errors';
import { VersionSchema } from '../audit';
import { isIsoDate, type SupportCalendar } from './calendar';

/*
 * The support calendar as the CIT edits it (one row plus a list of closures), and the rules an edit must respect.
 * The same checks run in the browser (before sending) and on the server (which decides), so the messages match.
 */

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const MMDD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_INTERVALS = 6;

export const CalendarClosureSchema = z
  .object({
    id: z.string(),
    /** A one-off closure ('YYYY-MM-DD'), or null for one that recurs every year. */
    date: z.string().nullable(),
    /** A closure on the same day every year ('MM-DD'), or null for a one-off one. */
    everyYear: z.string().nullable(),
    reason: z.string(),
  })
  .meta({ id: 'CalendarClosure' });
export type CalendarClosure = z.infer<typeof CalendarClosureSchema>;

export const PublicHolidaySchema = z.object({ date: z.string(), name: z.string() }).meta({ id: 'PublicHoliday' });

export const SupportCalendarSettingsSchema = z
  .object({
    timeZone: z.string(),
    country: z.string(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int()),
    hours: z.array(z.tuple([z.string(), z.string()])),
    /** The patron saint's day of the CIT's town, 'MM-DD' (Brescia: 02-15), or null for none. */
    patronDay: z.string().nullable(),
    closures: z.array(CalendarClosureSchema),
    /** The national public holidays of the requested year, read-only (they come from the law, via date-holidays). */
    publicHolidays: z.array(PublicHolidaySchema),
    version: VersionSchema,
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'SupportCalendarSettings' });
export type SupportCalendarSettings = z.infer<typeof SupportCalendarSettingsSchema>;

const HourText = z.string('Orario non valido: usi HH:MM.').max(5, 'Orario non valido: usi HH:MM.');

/** Shapes only: what the values mean is checked by calendarSettingsIssues, with messages naming the field. */
export const UpdateSupportCalendarSchema = z
  .object({
    workingDays: z.array(z.number('Giorno della settimana non valido.').int('Giorno della settimana non valido.')).max(7, 'Al massimo 7 giorni.'),
    hours: z.array(z.tuple([HourText, HourText])).max(MAX_INTERVALS * 2, `Al massimo ${MAX_INTERVALS} fasce orarie al giorno.`),
    patronDay: z.string().max(5, 'Giorno del patrono non valido: usi MM-GG, es. 02-15.').nullable(),
    version: VersionSchema,
  })
  .meta({ id: 'UpdateSupportCalendar' });
export type UpdateSupportCalendar = z.infer<typeof UpdateSupportCalendarSchema>;

export const CreateCalendarClosureSchema = z
  .object({
    date: z.string().max(10, 'Data non valida: usi AAAA-MM-GG, es. 2027-12-24.').nullable().default(null),
    everyYear: z.string().max(5, 'Giorno non valido: usi MM-GG, es. 12-24.').nullable().default(null),
    reason: z.string('Indichi il motivo della chiusura.').max(200, 'Il motivo può avere al massimo 200 caratteri.'),
  })
  .meta({ id: 'CreateCalendarClosure' });
export type CreateCalendarClosure = z.input<typeof CreateCalendarClosureSchema>;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Every problem of a calendar edit, each naming its field ('hours.1.0' is the opening time of the second interval). */
export function calendarSettingsIssues(input: Pick<UpdateSupportCalendar, 'workingDays' | 'hours' | 'patronDay'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  input.workingDays.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1 || d > 7) issues.push({ path: `workingDays.${i}`, message: 'Giorno della settimana non valido (1 = lunedì … 7 = domenica).' });
  });
  if (new Set(input.workingDays).size !== input.workingDays.length) issues.push({ path: 'workingDays', message: 'Un giorno di apertura è indicato due volte.' });
  if (input.workingDays.length === 0) issues.push({ path: 'workingDays', message: 'Indichi almeno un giorno di apertura.' });
  if (input.hours.length === 0) issues.push({ path: 'hours', message: 'Indichi almeno un orario di apertura.' });
  if (input.hours.length > MAX_INTERVALS) issues.push({ path: 'hours', message: `Al massimo ${MAX_INTERVALS} fasce orarie al giorno.` });
  const valid: Array<{ i: number; open: number; close: number }> = [];
  input.hours.forEach(([open, close], i) => {
    const openOk = HHMM.test(open) && open !== '24:00';
    const closeOk = HHMM.test(close);
    if (!openOk) issues.push({ path: `hours.${i}.0`, message: 'Orario di apertura non valido: usi HH:MM, es. 09:00.' });
    if (!closeOk) issues.push({ path: `hours.${i}.1`, message: 'Orario di chiusura non valido: usi HH:MM, es. 13:00.' });
    if (!openOk || !closeOk) return;
    // Before 03:00 a fascia could contain a daylight-saving switch, which the SLA clock does not count.
    if (minutes(open) < 3 * 60) issues.push({ path: `hours.${i}.0`, message: 'L’assistenza non può aprire prima delle 03:00 (cambio dell’ora legale).' });
    else if (minutes(close) <= minutes(open)) issues.push({ path: `hours.${i}.1`, message: 'La chiusura deve venire dopo l’apertura.' });
    else valid.push({ i, open: minutes(open), close: minutes(close) });
  });
  let previous: (typeof valid)[number] | undefined;
  for (const current of [...valid].sort((a, b) => a.open - b.open)) {
    if (previous && current.open < previous.close) {
      issues.push({ path: `hours.${current.i}.0`, message: `La fascia si sovrappone a quella che chiude alle ${hhmm(previous.close)}.` });
    }
    previous = current;
  }
  if (input.patronDay !== null && !isMonthDay(input.patronDay)) {
    issues.push({ path: 'patronDay', message: 'Giorno del patrono non valido: usi MM-GG, es. 02-15.' });
  }
  return issues;
}

/**
 * Problems of a new closure: exactly one of the date or the yearly day, a real day, a reason. A date before `today`
 * ('YYYY-MM-DD' in the calendar's zone) is refused: the support time of past days is already counted.
 */
export function closureIssues(input: { date: string | null; everyYear: string | null; reason: string }, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.date === null && input.everyYear === null) issues.push({ path: 'date', message: 'Indichi il giorno di chiusura.' });
  if (input.date !== null && input.everyYear !== null) issues.push({ path: 'everyYear', message: 'Indichi una data oppure un giorno fisso ogni anno, non entrambi.' });
  if (input.date !== null && !isIsoDate(input.date)) issues.push({ path: 'date', message: 'Data non valida: usi AAAA-MM-GG, es. 2027-12-24.' });
  else if (input.date !== null && input.date < today) issues.push({ path: 'date', message: 'Il giorno è già passato: il tempo di assistenza di quel giorno è già stato contato.' });
  if (input.everyYear !== null && !isMonthDay(input.everyYear)) issues.push({ path: 'everyYear', message: 'Giorno non valido: usi MM-GG, es. 12-24.' });
  if (input.reason.trim() === '') issues.push({ path: 'reason', message: 'Indichi il motivo della chiusura.' });
  return issues;
}

/** 'MM-DD' of a day that exists in some year (02-29 does, in leap years). */
function isMonthDay(value: string): boolean {
  return MMDD.test(value) && isIsoDate(`2024-${value}`);
}

function hhmm(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** The calendar the SLA clock computes with, from the stored settings. */
export function toSupportCalendar(s: Pick<SupportCalendarSettings, 'timeZone' | 'country' | 'workingDays' | 'hours' | 'patronDay' | 'closures'>): SupportCalendar {
  const yearly = s.closures.flatMap((c) => (c.everyYear ? [c.everyYear] : []));
  return Object.freeze({
    timeZone: s.timeZone,
    country: s.country,
    workingDays: Object.freeze([...s.workingDays]),
    hours: Object.freeze(s.hours.map(([a, b]) => Object.freeze([a, b] as const))),
    extraHolidays: Object.freeze([...new Set([...(s.patronDay ? [s.patronDay] : []), ...yearly])]),
    closures: Object.freeze(s.closures.flatMap((c) => (c.date ? [c.date] : []))),
  });
}
