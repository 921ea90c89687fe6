import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { BRESCIA_CALENDAR, setPublicHolidayProvider, type SupportCalendar } from '@cit/shared';
import { apiRequest } from '../api/client';

/**
 * The browser counts SLA minutes with the closed days the server publishes (GET /api/sla), instead of bundling
 * date-holidays with every country's rules. Until they arrive no public holiday is known: a countdown may be
 * off by one holiday for the first second, never more.
 */
const closedDays = new Map<number, readonly string[]>();
setPublicHolidayProvider((_country, year) => closedDays.get(year) ?? []);

/**
 * Opening days and hours as the admins set them; the closed days (holidays, patron, closures) all come through
 * the provider above, so the calendar itself lists none. Until the answer arrives, the seeded Brescia week.
 */
let calendar: SupportCalendar = Object.freeze({ ...BRESCIA_CALENDAR, extraHolidays: [], closures: [] });
export const browserCalendar = (): SupportCalendar => calendar;

const SlaCalendarSchema = z.object({
  calendar: z.object({
    timeZone: z.string(),
    workingDays: z.array(z.number().int()),
    hours: z.array(z.tuple([z.string(), z.string()])),
    closedDays: z.record(z.string(), z.array(z.string())),
  }),
});

export function useSupportCalendar(): void {
  useQuery({
    queryKey: ['sla', 'calendar'],
    staleTime: 12 * 3_600_000,
    queryFn: async ({ signal }) => {
      const sla = await apiRequest('/api/sla', { signal, schema: SlaCalendarSchema });
      for (const [year, days] of Object.entries(sla.calendar.closedDays)) closedDays.set(Number(year), days);
      const { timeZone, workingDays, hours } = sla.calendar;
      // A new object: the shared calendar code caches its compiled form per object.
      calendar = Object.freeze({ ...calendar, timeZone, workingDays, hours });
      // Re-installing clears the calendar's per-year cache, so the new days are used from the next tick.
      setPublicHolidayProvider((_country, y) => closedDays.get(y) ?? []);
      return sla;
    },
  });
}
