import Holidays from 'date-holidays';
import { setPublicHolidayProvider } from './calendar';

const instances = new Map<string, Holidays>();

function holidaysOf(country: string): Holidays {
  let hd = instances.get(country);
  if (!hd) {
    // An unknown code would silently yield no holidays at all.
    if (!Object.hasOwn(new Holidays().getCountries(), country)) throw new RangeError(`Paese sconosciuto: ${country}`);
    hd = new Holidays(country, { types: ['public'] });
    instances.set(country, hd);
  }
  return hd;
}

/** The public holidays of a year with their names in `language` ('YYYY-MM-DD', e.g. 'Lunedì dell’Angelo'). */
export function namedPublicHolidays(country: string, year: number, language: string): Array<{ date: string; name: string }> {
  return (
    holidaysOf(country)
      .getHolidays(year, language)
      // The types option only ranks overlapping rules, so other types can still slip through.
      .filter((h) => h.type === 'public')
      .map((h) => ({ date: h.date.slice(0, 10), name: h.name }))
  );
}

/** Public holidays from date-holidays (national rules, e.g. Easter Monday, 4 October from 2026 in Italy). */
export function dateHolidaysProvider(country: string, year: number): string[] {
  return namedPublicHolidays(country, year, 'it').map((h) => h.date.slice(5, 10));
}

/** Installs date-holidays as the holiday source: what the server (and Node tests) use. */
export function useDateHolidays(): void {
  setPublicHolidayProvider(dateHolidaysProvider);
}
