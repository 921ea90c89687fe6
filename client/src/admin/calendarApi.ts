import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SupportCalendarSettingsSchema, type CreateCalendarClosure, type UpdateSupportCalendar } from '@cit/shared';
import { apiRequest } from '../api/client';

const calendarKey = ['sla', 'support-calendar'] as const;

/** GET /api/sla/calendar: the editable calendar and the national holidays of `year`, named in `lang`. */
export function useCalendarSettings(year: number, lang: 'it' | 'en') {
  return useQuery({
    queryKey: [...calendarKey, year, lang],
    queryFn: ({ signal }) => apiRequest('/api/sla/calendar', { query: { year, lang }, schema: SupportCalendarSettingsSchema, signal }),
    placeholderData: keepPreviousData,
  });
}

/** After any edit: this page, the targets page's summary and every countdown in the browser read the new calendar. */
function useCalendarMutation<V>(request: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['sla'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useUpdateCalendar() {
  return useCalendarMutation((body: UpdateSupportCalendar) =>
    apiRequest('/api/sla/calendar', { method: 'PUT', body, schema: SupportCalendarSettingsSchema }),
  );
}

export function useAddClosure() {
  return useCalendarMutation((body: CreateCalendarClosure) =>
    apiRequest('/api/sla/calendar/closures', { method: 'POST', body, schema: SupportCalendarSettingsSchema }),
  );
}

export function useRemoveClosure() {
  return useCalendarMutation((id: string) =>
    apiRequest(`/api/sla/calendar/closures/${encodeURIComponent(id)}`, { method: 'DELETE', schema: SupportCalendarSettingsSchema }),
  );
}
