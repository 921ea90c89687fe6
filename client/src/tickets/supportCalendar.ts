import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { setPublicHolidayProvider } from '@cit/shared';
import { apiRequest } from '../api/client';

/**
 * The browser counts SLA minutes with the closed days the server publishes (GET /api/sla), instead of bundling
 * date-holidays with every country's rules. Until they arrive no public holiday is known: a countdown may be
 * off by one holiday for the first second, never more.
 */
const closedDays = new Map<number, readonly string[]>();
setPublicHolidayProvider((_country, year) => closedDays.get(year) ?? []);

const SlaCalendarSchema = z.object({
  calendar: z.object({ closedDays: z.record(z.string(), z.array(z.string())) }),
});

export function useSupportCalendar(): void {
  useQuery({
    queryKey: ['sla', 'calendar'],
    staleTime: 12 * 3_600_000,
    queryFn: async ({ signal }) => {
      const sla = await apiRequest('/api/sla', { signal, schema: SlaCalendarSchema });
      for (const [year, days] of Object.entries(sla.calendar.closedDays)) closedDays.set(Number(year), days);
      // Re-installing clears the calendar's per-year cache, so the new days are used from the next tick.
      setPublicHolidayProvider((_country, y) => closedDays.get(y) ?? []);
      return sla;
    },
  });
}
