import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ReportBacklogSchema, ReportSlaSchema, ReportTrendSchema, ReportVolumesSchema, type ReportFilters } from '@cit/shared';
import type { ResponseParser } from '../api/transport';
import { apiRequest } from '../api/client';

const query = (f: ReportFilters) => ({ from: f.from, to: f.to, enteId: f.enteId, serviceCode: f.serviceCode, group: f.group });

function useReport<T>(name: string, schema: ResponseParser<T>, filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', name, query(filters)],
    queryFn: ({ signal }) => apiRequest(`/api/reports/${name}`, { query: query(filters), schema, signal }),
    // The previous figures stay on screen while new filters load: the charts do not blink.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export const useTrendReport = (f: ReportFilters) => useReport('trend', ReportTrendSchema, f);
export const useSlaReport = (f: ReportFilters) => useReport('sla', ReportSlaSchema, f);
export const useVolumesReport = (f: ReportFilters) => useReport('volumes', ReportVolumesSchema, f);
export const useBacklogReport = (f: ReportFilters) => useReport('backlog', ReportBacklogSchema, f);
