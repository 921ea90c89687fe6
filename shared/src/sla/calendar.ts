import { TZDate, tzOffset } from '@date-fns/tz';

/**
 * When the help-desk answers. Treat a calendar as immutable: its compiled form is
 * cached by object identity, so mutating one after first use is not seen.
 */
export interface SupportCalendar {
  /** IANA zone in which hours and holidays are read, e.g. 'Europe/Rome'. */
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  /**
   * Local opening intervals, 'HH:MM' to 'HH:MM', end excluded. They must not contain a
   * DST switch (none does between 03:00 and 24:00), because whole days are counted as
   * their wall-clock length.
   */
  hours: ReadonlyArray<readonly [string, string]>;
  /** Country code for date-holidays; only its 'public' holidays close the desk. */
  country: string;
  /** Further recurring closures as 'MM-DD', e.g. the patron day. */
  extraHolidays: readonly string[];
  /** One-off closures as 'YYYY-MM-DD', e.g. 2027-12-24 decided by the CIT for that year only. */
  closures: readonly string[];
}

export const BRESCIA_CALENDAR: SupportCalendar = Object.freeze({
  timeZone: 'Europe/Rome',
  workingDays: Object.freeze([1, 2, 3, 4, 5]),
  hours: Object.freeze([Object.freeze(['09:00', '13:00'] as const), Object.freeze(['14:00', '17:00'] as const)]),
  country: 'IT',
  // Santi Faustino e Giovita, patrons of Brescia.
  extraHolidays: Object.freeze(['02-15']),
  closures: Object.freeze([]),
});

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** A calendar that stays closed this long is misconfigured; stop instead of looping forever. */
const MAX_CLOSED_DAYS = 400;
/** Bounds the per-calendar memo of opening instants; a few years of days is plenty for any job. */
const MAX_CACHED_DAYS = 2048;

interface CompiledCalendar {
  timeZone: string;
  workingDays: ReadonlySet<number>;
  /** Sorted, non-overlapping [open, close) in minutes after local midnight. */
  intervals: ReadonlyArray<readonly [number, number]>;
  /** Support time of one open day, in ms. */
  dayMs: number;
  country: string;
  extraHolidays: ReadonlySet<string>;
  closures: ReadonlySet<string>;
  /** Local day → its intervals as instants; building a TZDate is the hot cost. */
  boundaries: Map<number, ReadonlyArray<readonly [number, number]>>;
}

const compiled = new WeakMap<SupportCalendar, CompiledCalendar>();

function compile(cal: SupportCalendar): CompiledCalendar {
  const cached = compiled.get(cal);
  if (cached) return cached;

  if (Number.isNaN(new TZDate(0, cal.timeZone).getTime())) {
    throw new RangeError(`Fuso orario sconosciuto: ${cal.timeZone}`);
  }
  const workingDays = new Set(cal.workingDays);
  for (const d of workingDays) {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new RangeError(`Giorno lavorativo non valido: ${d}`);
  }
  const intervals = cal.hours
    .map(([open, close]) => [parseHHMM(open), parseHHMM(close)] as const)
    .sort((a, b) => a[0] - b[0]);
  let dayMs = 0;
  let previousClose = 0;
  for (const [open, close] of intervals) {
    if (open >= close || open < previousClose) {
      throw new RangeError('Gli orari di assistenza devono essere intervalli crescenti e non sovrapposti.');
    }
    previousClose = close;
    dayMs += (close - open) * MS_PER_MINUTE;
  }
  // Without any open time addSupportMinutes could never finish.
  if (workingDays.size === 0 || dayMs === 0) throw new RangeError('Il calendario di assistenza non ha orari di apertura.');
  for (const mmdd of cal.extraHolidays) {
    if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(mmdd)) throw new RangeError(`Festività non valida (MM-DD): ${mmdd}`);
  }
  for (const date of cal.closures) {
    if (!isIsoDate(date)) throw new RangeError(`Chiusura non valida (AAAA-MM-GG): ${date}`);
  }

  const result: CompiledCalendar = {
    timeZone: cal.timeZone,
    workingDays,
    intervals,
    dayMs,
    country: cal.country,
    extraHolidays: new Set(cal.extraHolidays),
    closures: new Set(cal.closures),
    boundaries: new Map(),
  };
  compiled.set(cal, result);
  return result;
}

/** A real calendar day written 'YYYY-MM-DD' (2027-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function parseHHMM(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) throw new RangeError(`Orario non valido (HH:MM): ${hhmm}`);
  return minutes;
}

/** The public holidays of a country in a year, as 'MM-DD'. Throws for a country it does not know. */
export type PublicHolidayProvider = (country: string, year: number) => Iterable<string>;

let holidayProvider: PublicHolidayProvider | undefined;
/** country → year → 'MM-DD'; providers may be slow (date-holidays evaluates rules), so each year is computed once. */
const publicHolidaysByYear = new Map<string, Map<number, ReadonlySet<string>>>();

/**
 * Where public holidays come from. The server installs date-holidays (`@cit/shared/holidays`); the browser
 * installs the closed days the server publishes, so it does not download every country's rules.
 */
export function setPublicHolidayProvider(provider: PublicHolidayProvider): void {
  holidayProvider = provider;
  publicHolidaysByYear.clear();
}

function publicHolidays(country: string, year: number): ReadonlySet<string> {
  let years = publicHolidaysByYear.get(country);
  if (!years) {
    years = new Map();
    publicHolidaysByYear.set(country, years);
  }
  let set = years.get(year);
  if (!set) {
    if (!holidayProvider) throw new Error('Calendario delle festività non impostato: setPublicHolidayProvider() va chiamata all’avvio.');
    set = new Set(holidayProvider(country, year));
    years.set(year, set);
  }
  return set;
}

/*
 * A local calendar day is represented by the UTC midnight of the same Y-M-D: plain integer
 * arithmetic steps through days and weekdays without any time-zone or DST involvement.
 */

function localDayOf(ms: number, timeZone: string): number {
  const local = ms + tzOffset(timeZone, new Date(ms)) * MS_PER_MINUTE;
  return local - mod(local, MS_PER_DAY);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** The [open, close) instants of a local day's intervals. */
function boundariesOf(day: number, c: CompiledCalendar): ReadonlyArray<readonly [number, number]> {
  let result = c.boundaries.get(day);
  if (!result) {
    const d = new Date(day);
    const at = (minuteOfDay: number) =>
      new TZDate(
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        Math.floor(minuteOfDay / 60),
        minuteOfDay % 60,
        c.timeZone,
      ).getTime();
    result = c.intervals.map(([open, close]) => [at(open), at(close)] as const);
    if (c.boundaries.size >= MAX_CACHED_DAYS) c.boundaries.clear();
    c.boundaries.set(day, result);
  }
  return result;
}

function isHolidayDay(day: number, c: CompiledCalendar): boolean {
  const d = new Date(day);
  const iso = d.toISOString().slice(0, 10);
  const mmdd = iso.slice(5);
  return c.closures.has(iso) || c.extraHolidays.has(mmdd) || publicHolidays(c.country, d.getUTCFullYear()).has(mmdd);
}

function isOpenDay(day: number, c: CompiledCalendar): boolean {
  const weekday = new Date(day).getUTCDay();
  return c.workingDays.has(weekday === 0 ? 7 : weekday) && !isHolidayDay(day, c);
}

function msOf(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Data non valida.');
  return ms;
}

/**
 * The instant at which `minutes` of support time have elapsed since `start`. A start outside
 * support hours counts from the next opening; a due time that lands exactly on a closing
 * stays there (12:30 + 30 → 13:00), while 0 minutes from a closing moves to the next opening.
 */
export function addSupportMinutes(start: Date, minutes: number, cal: SupportCalendar = BRESCIA_CALENDAR): Date {
  const c = compile(cal);
  const startMs = msOf(start);
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Minuti non validi: ${minutes}`);
  // Integer ms keep the sums exact; callers using whole minutes get whole minutes back.
  let remaining = Math.round(minutes * MS_PER_MINUTE);
  let cursor = startMs;
  let day = localDayOf(startMs, c.timeZone);
  let closedDays = 0;
  for (;;) {
    if (!isOpenDay(day, c)) {
      if (++closedDays > MAX_CLOSED_DAYS) throw new RangeError('Il calendario di assistenza non riapre mai.');
    } else if (cursor === Number.NEGATIVE_INFINITY && remaining > c.dayMs) {
      // Whole open day consumed: no need to locate its intervals in time.
      closedDays = 0;
      remaining -= c.dayMs;
    } else {
      closedDays = 0;
      for (const [openMs, closeMs] of boundariesOf(day, c)) {
        if (closeMs <= cursor) continue;
        const from = Math.max(openMs, cursor);
        if (remaining <= closeMs - from) return new Date(from + remaining);
        remaining -= closeMs - from;
      }
    }
    day += MS_PER_DAY;
    cursor = Number.NEGATIVE_INFINITY;
  }
}

/** Support minutes in [from, to); fractional only if the instants carry seconds. */
export function supportMinutesBetween(from: Date, to: Date, cal: SupportCalendar = BRESCIA_CALENDAR): number {
  const c = compile(cal);
  const fromMs = msOf(from);
  const toMs = msOf(to);
  if (toMs <= fromMs) return 0;
  const firstDay = localDayOf(fromMs, c.timeZone);
  const lastDay = localDayOf(toMs, c.timeZone);
  let total = 0;
  for (let day = firstDay; day <= lastDay; day += MS_PER_DAY) {
    if (!isOpenDay(day, c)) continue;
    if (day !== firstDay && day !== lastDay) {
      total += c.dayMs;
      continue;
    }
    for (const [openMs, closeMs] of boundariesOf(day, c)) {
      const overlap = Math.min(closeMs, toMs) - Math.max(openMs, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MS_PER_MINUTE;
}

export function isSupportTime(at: Date, cal: SupportCalendar = BRESCIA_CALENDAR): boolean {
  const c = compile(cal);
  const ms = msOf(at);
  const day = localDayOf(ms, c.timeZone);
  if (!isOpenDay(day, c)) return false;
  for (const [openMs, closeMs] of boundariesOf(day, c)) {
    if (openMs <= ms && ms < closeMs) return true;
  }
  return false;
}

/** Whether the local day containing `day` is a public holiday or one of the calendar's extra or one-off closures. */
export function isHoliday(day: Date, cal: SupportCalendar = BRESCIA_CALENDAR): boolean {
  const c = compile(cal);
  return isHolidayDay(localDayOf(msOf(day), c.timeZone), c);
}
