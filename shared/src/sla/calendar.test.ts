import {
  BRESCIA_CALENDAR,
  addSupportMinutes,
  calendarSettingsIssues,
  closureIssues,
  toSupportCalendar,
  isHoliday,
  isSupportTime,
  supportMinutesBetween,
  type SupportCalendar,
} from './index';
import { moveRunningClocks } from '../tickets/sla-clock';

/** Instants are written with their explicit offset (+01:00 CET, +02:00 CEST) or in UTC. */
const d = (iso: string) => new Date(iso);
const add = (iso: string, minutes: number) => addSupportMinutes(d(iso), minutes).toISOString();

describe('addSupportMinutes inside support hours', () => {
  it('adds within one interval', () => {
    expect(add('2026-03-02T09:00+01:00', 60)).toBe(d('2026-03-02T10:00+01:00').toISOString());
  });

  it('skips the lunch break', () => {
    expect(add('2026-03-03T12:30+01:00', 60)).toBe(d('2026-03-03T14:30+01:00').toISOString());
  });

  it('stops exactly at a closing when the budget ends there', () => {
    expect(add('2026-03-03T12:30+01:00', 30)).toBe(d('2026-03-03T13:00+01:00').toISOString());
    expect(add('2026-03-03T16:30+01:00', 30)).toBe(d('2026-03-03T17:00+01:00').toISOString());
  });

  it('carries over to the next working day', () => {
    expect(add('2026-03-03T16:30+01:00', 31)).toBe(d('2026-03-04T09:01+01:00').toISOString());
  });

  it('skips the weekend', () => {
    expect(add('2026-03-06T16:00+01:00', 120)).toBe(d('2026-03-09T10:00+01:00').toISOString());
  });

  it('keeps seconds of the start', () => {
    expect(add('2026-03-02T09:10:30.250+01:00', 60)).toBe(d('2026-03-02T10:10:30.250+01:00').toISOString());
  });
});

describe('holidays', () => {
  it('closes on Easter Monday 2026 (6 April)', () => {
    expect(isHoliday(d('2026-04-06T12:00+02:00'))).toBe(true);
    expect(add('2026-04-03T16:00+02:00', 120)).toBe(d('2026-04-07T10:00+02:00').toISOString());
  });

  it('closes on Easter Monday 2027 (29 March), right after the DST weekend', () => {
    expect(isHoliday(d('2027-03-29T12:00+02:00'))).toBe(true);
    expect(add('2027-03-26T16:00+01:00', 120)).toBe(d('2027-03-30T10:00+02:00').toISOString());
    expect(supportMinutesBetween(d('2027-03-26T16:00+01:00'), d('2027-03-30T10:00+02:00'))).toBe(120);
  });

  it('closes on the Brescia patron day, 15 February (a Monday in 2027)', () => {
    expect(isHoliday(d('2027-02-15T10:00+01:00'))).toBe(true);
    expect(isSupportTime(d('2027-02-15T10:00+01:00'))).toBe(false);
    expect(add('2027-02-12T16:00+01:00', 120)).toBe(d('2027-02-16T10:00+01:00').toISOString());
  });

  it('does not move 25 April when it falls on a Saturday (2026)', () => {
    expect(isHoliday(d('2026-04-25T10:00+02:00'))).toBe(true);
    expect(isHoliday(d('2026-04-27T10:00+02:00'))).toBe(false);
    expect(add('2026-04-24T16:00+02:00', 120)).toBe(d('2026-04-27T10:00+02:00').toISOString());
  });

  it('knows every fixed national holiday', () => {
    for (const mmdd of ['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26']) {
      expect([mmdd, isHoliday(d(`2030-${mmdd}T12:00Z`))]).toEqual([mmdd, true]);
    }
  });

  it('follows date-holidays for national holidays added by law (San Francesco, 4 October, from 2026)', () => {
    expect(isHoliday(d('2027-10-04T12:00+02:00'))).toBe(true);
    expect(isHoliday(d('2025-10-04T12:00+02:00'))).toBe(false);
  });

  it('counts only public holidays, not observances', () => {
    expect(isHoliday(d('2026-05-10T12:00+02:00'))).toBe(false); // Festa della mamma
    expect(isHoliday(d('2026-03-04T12:00+01:00'))).toBe(false);
  });

  it('reads the day in the calendar time zone, not in UTC', () => {
    expect(isHoliday(d('2026-04-05T22:30Z'))).toBe(true); // 00:30 of Easter Monday in Rome
    expect(isHoliday(d('2026-04-06T22:30Z'))).toBe(false); // 00:30 of Tuesday in Rome
  });
});

describe('daylight saving time (instants in UTC)', () => {
  it('spring forward, 29 March 2026: Friday 16:00 CET + 120 min is Monday 10:00 CEST', () => {
    expect(add('2026-03-27T15:00Z', 120)).toBe('2026-03-30T08:00:00.000Z');
    expect(supportMinutesBetween(d('2026-03-27T15:00Z'), d('2026-03-30T08:00Z'))).toBe(120);
  });

  it('fall back, 25 October 2026: Friday 16:00 CEST + 120 min is Monday 10:00 CET', () => {
    expect(add('2026-10-23T14:00Z', 120)).toBe('2026-10-26T09:00:00.000Z');
    expect(supportMinutesBetween(d('2026-10-23T14:00Z'), d('2026-10-26T09:00Z'))).toBe(120);
  });

  it('opens at 09:00 local time on both sides of each change', () => {
    expect(isSupportTime(d('2026-03-27T07:59Z'))).toBe(false); // 08:59 CET
    expect(isSupportTime(d('2026-03-27T08:00Z'))).toBe(true); // 09:00 CET
    expect(isSupportTime(d('2026-03-30T06:30Z'))).toBe(false); // 08:30 CEST
    expect(isSupportTime(d('2026-03-30T07:00Z'))).toBe(true); // 09:00 CEST
    expect(isSupportTime(d('2026-10-23T06:30Z'))).toBe(false); // 08:30 CEST
    expect(isSupportTime(d('2026-10-23T07:00Z'))).toBe(true); // 09:00 CEST
    expect(isSupportTime(d('2026-10-26T07:30Z'))).toBe(false); // 08:30 CET
    expect(isSupportTime(d('2026-10-26T08:00Z'))).toBe(true); // 09:00 CET
  });

  it('starting on the DST Sunday itself waits for Monday 09:00', () => {
    expect(add('2026-03-29T01:30Z', 0)).toBe('2026-03-30T07:00:00.000Z');
    expect(add('2026-10-25T00:30Z', 0)).toBe('2026-10-26T08:00:00.000Z');
  });

  it('counts whole weeks across both changes', () => {
    // Friday 20 March 09:00 CET to Friday 3 April 17:00 CEST: 11 full days.
    expect(supportMinutesBetween(d('2026-03-20T08:00Z'), d('2026-04-03T15:00Z'))).toBe(11 * 7 * 60);
    // Friday 16 October 10:00 CEST (6 h left) to Friday 30 October 17:00 CET: 6 h + 10 full days.
    expect(supportMinutesBetween(d('2026-10-16T08:00Z'), d('2026-10-30T16:00Z'))).toBe((6 + 10 * 7) * 60);
  });
});

describe('start outside support hours', () => {
  it('before opening', () => {
    expect(add('2026-03-02T07:12+01:00', 30)).toBe(d('2026-03-02T09:30+01:00').toISOString());
  });

  it('during the lunch break', () => {
    expect(add('2026-03-02T13:20+01:00', 30)).toBe(d('2026-03-02T14:30+01:00').toISOString());
  });

  it('in the evening and after midnight', () => {
    expect(add('2026-03-03T22:00+01:00', 60)).toBe(d('2026-03-04T10:00+01:00').toISOString());
    expect(add('2026-03-04T02:00+01:00', 60)).toBe(d('2026-03-04T10:00+01:00').toISOString());
  });

  it('on Saturday and Sunday', () => {
    expect(add('2026-03-07T11:00+01:00', 60)).toBe(d('2026-03-09T10:00+01:00').toISOString());
    expect(add('2026-03-08T11:00+01:00', 60)).toBe(d('2026-03-09T10:00+01:00').toISOString());
  });
});

describe('0 minutes', () => {
  it('returns the start itself when inside support hours', () => {
    const inside = d('2026-03-02T11:22:33.444+01:00');
    expect(addSupportMinutes(inside, 0).getTime()).toBe(inside.getTime());
    expect(add('2026-03-02T09:00+01:00', 0)).toBe(d('2026-03-02T09:00+01:00').toISOString());
  });

  it('moves to the next opening otherwise', () => {
    expect(add('2026-03-02T08:59:59+01:00', 0)).toBe(d('2026-03-02T09:00+01:00').toISOString());
    expect(add('2026-03-02T13:00+01:00', 0)).toBe(d('2026-03-02T14:00+01:00').toISOString());
    expect(add('2026-03-02T17:00+01:00', 0)).toBe(d('2026-03-03T09:00+01:00').toISOString());
    expect(add('2026-03-06T18:00+01:00', 0)).toBe(d('2026-03-09T09:00+01:00').toISOString());
    expect(add('2026-12-24T17:30+01:00', 0)).toBe(d('2026-12-28T09:00+01:00').toISOString());
  });

  it('measures nothing between equal or reversed instants', () => {
    expect(supportMinutesBetween(d('2026-03-02T10:00+01:00'), d('2026-03-02T10:00+01:00'))).toBe(0);
    expect(supportMinutesBetween(d('2026-03-02T11:00+01:00'), d('2026-03-02T10:00+01:00'))).toBe(0);
  });
});

describe('long durations over Christmas and New Year', () => {
  it('70 h from Monday 22 December 2025 skip 25-26 Dec, 1 Jan and 6 Jan', () => {
    // Open days: 22 23 24 | 29 30 31 | 2 | 5 | 7 8 → the tenth full day ends at 17:00 of 8 January.
    const start = d('2025-12-22T09:00+01:00');
    const due = addSupportMinutes(start, 70 * 60);
    expect(due.toISOString()).toBe(d('2026-01-08T17:00+01:00').toISOString());
    expect(supportMinutesBetween(start, due)).toBe(70 * 60);
    expect(add('2025-12-22T09:00+01:00', 70 * 60 + 1)).toBe(d('2026-01-09T09:01+01:00').toISOString());
  });

  it('70 h from Monday 21 December 2026, with 25 December on a Friday and 26 on a Saturday', () => {
    // Open days: 21 22 23 24 | 28 29 30 31 | 4 5 (6 January is a Wednesday holiday).
    expect(add('2026-12-21T09:00+01:00', 70 * 60)).toBe(d('2027-01-05T17:00+01:00').toISOString());
    expect(add('2026-12-21T09:00+01:00', 77 * 60)).toBe(d('2027-01-07T17:00+01:00').toISOString());
  });

  it('counts a whole year of support time', () => {
    // 2026 has 261 weekdays; these public holidays fall on one of them. 25 Apr, 15 Aug, 4 Oct, 1 Nov,
    // 26 Dec and the patron day (15 Feb) fall on weekends.
    const weekdayClosures = ['01-01', '01-06', '04-06', '05-01', '06-02', '12-08', '12-25'].length;
    const minutes = supportMinutesBetween(d('2026-01-01T00:00+01:00'), d('2027-01-01T00:00+01:00'));
    expect(minutes).toBe((261 - weekdayClosures) * 7 * 60);
  });
});

/** Deterministic generator (mulberry32) so failures can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('supportMinutesBetween is the inverse of addSupportMinutes', () => {
  const random = prng(20260329);
  const base = Date.UTC(2025, 0, 1);
  const spanMinutes = 4 * 365 * 24 * 60;
  const randomInstant = () => new Date(base + Math.floor(random() * spanMinutes) * 60_000);

  it('between(start, add(start, m)) === m', () => {
    for (let i = 0; i < 2000; i++) {
      const start = randomInstant();
      const minutes = Math.floor(random() * 6000);
      const due = addSupportMinutes(start, minutes);
      expect([start.toISOString(), minutes, supportMinutesBetween(start, due)]).toEqual([start.toISOString(), minutes, minutes]);
    }
  });

  // An opening instant (14:00) measures the same as the closing before it (13:00), where add stops.
  it('add(from, between(from, to)) === to when to is strictly inside support hours', () => {
    let checked = 0;
    while (checked < 1000) {
      const from = randomInstant();
      const to = new Date(from.getTime() + Math.floor(random() * 30 * 24 * 60) * 60_000);
      if (!isSupportTime(to) || !isSupportTime(new Date(to.getTime() - 60_000))) continue;
      checked++;
      expect([from.toISOString(), addSupportMinutes(from, supportMinutesBetween(from, to)).toISOString()]).toEqual([
        from.toISOString(),
        to.toISOString(),
      ]);
    }
  });

  it('adding in two steps equals adding at once', () => {
    for (let i = 0; i < 1000; i++) {
      const start = randomInstant();
      const a = Math.floor(random() * 3000);
      const b = 1 + Math.floor(random() * 3000);
      expect(addSupportMinutes(addSupportMinutes(start, a), b).getTime()).toBe(addSupportMinutes(start, a + b).getTime());
    }
  });
});

describe('custom calendar', () => {
  // A Monday–Saturday morning desk with no patron day.
  const mornings: SupportCalendar = {
    timeZone: 'Europe/Rome',
    workingDays: [1, 2, 3, 4, 5, 6],
    hours: [['08:00', '12:00']],
    country: 'IT',
    extraHolidays: [],
    closures: [],
  };

  it('uses its own hours and working days', () => {
    expect(addSupportMinutes(d('2026-03-06T11:00+01:00'), 120, mornings).toISOString()).toBe(
      d('2026-03-07T09:00+01:00').toISOString(),
    );
    expect(isSupportTime(d('2026-03-07T08:00+01:00'), mornings)).toBe(true);
    expect(isSupportTime(d('2026-03-02T12:30+01:00'), mornings)).toBe(false);
    expect(supportMinutesBetween(d('2026-03-02T00:00+01:00'), d('2026-03-09T00:00+01:00'), mornings)).toBe(6 * 4 * 60);
  });

  it('is open on 15 February but still closed on national holidays', () => {
    expect(isHoliday(d('2027-02-15T10:00+01:00'), mornings)).toBe(false);
    expect(isSupportTime(d('2027-02-15T10:00+01:00'), mornings)).toBe(true);
    expect(isSupportTime(d('2027-03-29T10:00+02:00'), mornings)).toBe(false);
  });

  it('works in another zone and country', () => {
    const newYork: SupportCalendar = {
      timeZone: 'America/New_York',
      workingDays: [1, 2, 3, 4, 5],
      hours: [['09:00', '17:00']],
      country: 'US',
      extraHolidays: [],
      closures: [],
    };
    // 4 July 2025 is a Friday; US DST ended on 2 November 2025.
    expect(addSupportMinutes(d('2025-07-03T16:00-04:00'), 120, newYork).toISOString()).toBe(
      d('2025-07-07T10:00-04:00').toISOString(),
    );
    expect(addSupportMinutes(d('2025-10-31T16:00-04:00'), 120, newYork).toISOString()).toBe(
      d('2025-11-03T10:00-05:00').toISOString(),
    );
  });
});

describe('invalid input', () => {
  const broken = (patch: Partial<SupportCalendar>): SupportCalendar => ({ ...BRESCIA_CALENDAR, ...patch });

  it('rejects negative or non-finite minutes and invalid dates', () => {
    expect(() => addSupportMinutes(d('2026-03-02T10:00+01:00'), -1)).toThrow(RangeError);
    expect(() => addSupportMinutes(d('2026-03-02T10:00+01:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addSupportMinutes(d('2026-03-02T10:00+01:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addSupportMinutes(new Date(Number.NaN), 10)).toThrow(RangeError);
    expect(() => supportMinutesBetween(new Date(Number.NaN), new Date())).toThrow(RangeError);
  });

  it('rejects malformed calendars', () => {
    const at = d('2026-03-02T10:00+01:00');
    expect(() => isSupportTime(at, broken({ workingDays: [] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ workingDays: [0] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ hours: [] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ hours: [['9:00', '13:00']] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ hours: [['13:00', '09:00']] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ hours: [['09:00', '13:00'], ['12:00', '17:00']] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ timeZone: 'Europe/Nowhere' }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ country: 'XX' }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ extraHolidays: ['2-15'] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ closures: ['2027-02-30'] }))).toThrow(RangeError);
    expect(() => isSupportTime(at, broken({ closures: ['24-12-2027'] }))).toThrow(RangeError);
  });

  it('stops instead of looping when the desk never opens', () => {
    const allHolidays = broken({
      extraHolidays: Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(5, 10)),
    });
    expect(() => addSupportMinutes(d('2026-03-02T10:00+01:00'), 1, allHolidays)).toThrow(RangeError);
  });
});

describe('one-off closures (YYYY-MM-DD)', () => {
  const christmasEve2027: SupportCalendar = { ...BRESCIA_CALENDAR, closures: ['2027-12-24'] };

  it('closes that day only, not the same day of other years', () => {
    // Thursday 23 December 2027, 16:00 + 120 min: Friday 24 is closed, so Monday 27 at 10:00.
    expect(addSupportMinutes(d('2027-12-23T16:00+01:00'), 120, christmasEve2027).toISOString()).toBe(d('2027-12-27T10:00+01:00').toISOString());
    expect(addSupportMinutes(d('2027-12-23T16:00+01:00'), 120).toISOString()).toBe(d('2027-12-24T10:00+01:00').toISOString());
    expect(isHoliday(d('2027-12-24T10:00+01:00'), christmasEve2027)).toBe(true);
    expect(isHoliday(d('2026-12-24T10:00+01:00'), christmasEve2027)).toBe(false);
    expect(supportMinutesBetween(d('2027-12-20T00:00+01:00'), d('2027-12-27T00:00+01:00'), christmasEve2027)).toBe(4 * 7 * 60);
  });
});

describe('the calendar as the CIT edits it', () => {
  const settings = {
    timeZone: 'Europe/Rome',
    country: 'IT',
    workingDays: [1, 2, 3, 4, 5],
    hours: [['09:00', '13:00'], ['14:00', '17:00']] as Array<[string, string]>,
    patronDay: '02-15',
    closures: [
      { id: 'a', date: '2027-12-24', everyYear: null, reason: 'Ponte' },
      { id: 'b', date: null, everyYear: '08-14', reason: 'Ferragosto lungo' },
    ],
  };

  it('becomes the SLA calendar: patron day and yearly closures recur, dated ones do not', () => {
    const cal = toSupportCalendar(settings);
    expect(cal.extraHolidays).toEqual(['02-15', '08-14']);
    expect(cal.closures).toEqual(['2027-12-24']);
    expect(isHoliday(d('2026-08-14T10:00+02:00'), cal)).toBe(true);
    expect(isHoliday(d('2027-12-24T10:00+01:00'), cal)).toBe(true);
    expect(isHoliday(d('2028-12-24T10:00+01:00'), cal)).toBe(false);
  });

  it('accepts the Brescia calendar', () => {
    expect(calendarSettingsIssues(settings)).toEqual([]);
  });

  it('names the field of every problem', () => {
    const paths = (patch: Partial<typeof settings>) => calendarSettingsIssues({ ...settings, ...patch }).map((i) => i.path);
    expect(paths({ workingDays: [] })).toEqual(['workingDays']);
    expect(paths({ workingDays: [1, 8] })).toEqual(['workingDays.1']);
    expect(paths({ workingDays: [1, 1] })).toEqual(['workingDays']);
    expect(paths({ hours: [] })).toEqual(['hours']);
    expect(paths({ hours: [['9:00', '13:00']] })).toEqual(['hours.0.0']);
    expect(paths({ hours: [['09:00', '25:00']] })).toEqual(['hours.0.1']);
    expect(paths({ hours: [['13:00', '09:00']] })).toEqual(['hours.0.1']);
    expect(paths({ hours: [['02:00', '06:00']] })).toEqual(['hours.0.0']);
    expect(paths({ patronDay: '02-30' })).toEqual(['patronDay']);
    const overlap = calendarSettingsIssues({ ...settings, hours: [['14:00', '17:00'], ['09:00', '14:30']] });
    expect(overlap).toEqual([{ path: 'hours.0.0', message: 'La fascia si sovrappone a quella che chiude alle 14:30.' }]);
  });

  it('checks a closure: one day, a real one, with a reason', () => {
    const today = '2027-06-01';
    expect(closureIssues({ date: '2027-12-24', everyYear: null, reason: 'Ponte' }, today)).toEqual([]);
    expect(closureIssues({ date: null, everyYear: '12-24', reason: 'Vigilia' }, today)).toEqual([]);
    expect(closureIssues({ date: '2027-02-29', everyYear: null, reason: 'x' }, today).map((i) => i.path)).toEqual(['date']);
    expect(closureIssues({ date: null, everyYear: null, reason: 'x' }, today).map((i) => i.path)).toEqual(['date']);
    expect(closureIssues({ date: '2027-12-24', everyYear: '12-24', reason: ' ' }, today).map((i) => i.path)).toEqual(['everyYear', 'reason']);
    // Today may still be closed (its remaining hours); yesterday is already counted.
    expect(closureIssues({ date: today, everyYear: null, reason: 'x' }, today)).toEqual([]);
    expect(closureIssues({ date: '2027-05-31', everyYear: null, reason: 'x' }, today).map((i) => i.path)).toEqual(['date']);
  });
});

describe('running clocks when the calendar changes', () => {
  const clocks = {
    takeChargeMinutes: 240,
    resolveMinutes: 840,
    // Opened Thursday 23 December 2027 at 09:00 under the old calendar.
    takeChargeDue: d('2027-12-23T13:00+01:00'),
    resolveDue: d('2027-12-24T17:00+01:00'),
    takeChargeRemaining: null,
    resolveRemaining: null,
    takenAt: d('2027-12-23T10:00+01:00'),
    solvedAt: null,
  };
  const closed: SupportCalendar = { ...BRESCIA_CALENDAR, closures: ['2027-12-24'] };

  it('keeps the minutes already counted and spends the rest under the new calendar', () => {
    const moved = moveRunningClocks(clocks, d('2027-12-23T15:00+01:00'), BRESCIA_CALENDAR, closed);
    // 9 h were left at 15:00 (2 on the 23rd, 7 on the 24th); the 24th is now closed, so the 7 h go to Monday 27.
    expect(moved.resolveDue?.toISOString()).toBe(d('2027-12-27T17:00+01:00').toISOString());
    expect(supportMinutesBetween(d('2027-12-23T15:00+01:00'), moved.resolveDue!, closed)).toBe(540);
    // The take-charge clock stopped when the ticket was taken: its due instant stays for the record.
    expect(moved.takeChargeDue).toEqual(clocks.takeChargeDue);
  });

  it('leaves a clock that already ran out, and a calendar change that does not touch it', () => {
    const late = moveRunningClocks(clocks, d('2027-12-25T10:00+01:00'), BRESCIA_CALENDAR, closed);
    expect(late.resolveDue).toEqual(clocks.resolveDue);
    const untouched = moveRunningClocks(clocks, d('2027-12-23T15:00+01:00'), BRESCIA_CALENDAR, { ...BRESCIA_CALENDAR, closures: ['2028-01-03'] });
    expect(untouched.resolveDue).toEqual(clocks.resolveDue);
  });
});
