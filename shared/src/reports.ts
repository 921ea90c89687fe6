import { z } from 'zod';
import { SERVICE_CODES } from './catalog';
import { SupportGroupKeySchema } from './support-groups';
import { dayParam } from './request-values';
import { TicketStatusSchema } from './tickets/lifecycle';

/** The widest period a report covers: three years of days (the rollups answer it in one index range). */
export const REPORT_MAX_DAYS = 1096;
/** Reports cover the years the product can have data for; beyond, a date is a typing error. */
export const REPORT_FIRST_DAY = '2000-01-01';
export const REPORT_LAST_DAY = '2100-12-31';

const reportDay = (label: string) =>
  dayParam(label).refine(
    (d) => d >= REPORT_FIRST_DAY && d <= REPORT_LAST_DAY,
    `${label}: data fuori dall’intervallo dei report (${REPORT_FIRST_DAY.slice(0, 4)}–${REPORT_LAST_DAY.slice(0, 4)}).`,
  );

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The filters every report takes. Without a period: the last twelve months, this one included. An Ente user sees
 * only the Enti of its scope whatever it sends; staff may narrow to one Ente.
 */
export const ReportFiltersSchema = z
  .strictObject(
    {
      from: reportDay('Dal').optional(),
      to: reportDay('Al').optional(),
      enteId: z.uuid('Ente: identificativo non valido (atteso un UUID).').optional(),
      serviceCode: z.enum(SERVICE_CODES, 'Servizio: codice sconosciuto.').optional(),
      group: SupportGroupKeySchema.optional(),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys' ? `Parametri non previsti: ${iss.keys.join(', ')}.` : undefined,
    },
  )
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Al: la data finale precede quella iniziale.' });
    else if (f.from && f.to && daysBetween(f.from, f.to) >= REPORT_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Al: il periodo supera i tre anni; Scelga un intervallo più breve.' });
    }
  })
  .meta({ id: 'ReportFilters' });
export type ReportFilters = z.infer<typeof ReportFiltersSchema>;

export interface ReportPeriod {
  from: string;
  to: string;
}

/**
 * The period a report covers: the one asked, or the last twelve months up to `today` (from the 1st of the month
 * eleven months back). Only one end given: the other is placed a year away, within the allowed span.
 */
export function reportPeriod(f: Pick<ReportFilters, 'from' | 'to'>, today: string): ReportPeriod {
  const shift = (day: string, months: number) => {
    const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.toISOString().slice(0, 10);
  };
  if (f.from && f.to) return { from: f.from, to: f.to };
  if (f.from) {
    const end = new Date(Date.parse(`${shift(f.from, 12)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    return { from: f.from, to: end < REPORT_LAST_DAY ? end : REPORT_LAST_DAY };
  }
  const to = f.to ?? today;
  const from = shift(to, -11);
  return { from: from > REPORT_FIRST_DAY ? from : REPORT_FIRST_DAY, to };
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonthStart = (day: string) => {
  const d = new Date(`${monthStart(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * A period split into the whole calendar months inside it (read from monthly rollups) and the days before and after
 * them (read from daily ones): the default period, «the last twelve months up to today», is eleven whole months and
 * the days of this one. Ranges are inclusive; `months` holds the first days of the first and last whole month.
 */
export function splitByMonths(p: ReportPeriod): { head: ReportPeriod | null; months: ReportPeriod | null; tail: ReportPeriod | null } {
  const first = p.from.endsWith('-01') ? p.from : nextMonthStart(p.from);
  // The first day after the last whole month.
  const afterLast = addDays(p.to, 1).endsWith('-01') ? addDays(p.to, 1) : monthStart(p.to);
  if (first >= afterLast) return { head: p, months: null, tail: null };
  const lastMonth = monthStart(addDays(afterLast, -1));
  return {
    head: p.from < first ? { from: p.from, to: addDays(first, -1) } : null,
    months: { from: first, to: lastMonth },
    tail: afterLast <= p.to ? { from: afterLast, to: p.to } : null,
  };
}

/** Share of met over met + missed, as a percentage with one decimal; null when nothing was measured. */
export function compliance(met: number, missed: number): number | null {
  const all = met + missed;
  return all === 0 ? null : Math.round((met / all) * 1000) / 10;
}

/** Age buckets of the backlog, in whole days since the ticket was opened. */
export const BACKLOG_AGE_BUCKETS = [
  { key: 'd0_1', maxDays: 1 },
  { key: 'd2_7', maxDays: 7 },
  { key: 'd8_30', maxDays: 30 },
  { key: 'd31_90', maxDays: 90 },
  { key: 'd91_plus', maxDays: null },
] as const;
export type BacklogAgeBucket = (typeof BACKLOG_AGE_BUCKETS)[number]['key'];
export const BacklogAgeBucketSchema = z.enum(BACKLOG_AGE_BUCKETS.map((b) => b.key) as [BacklogAgeBucket, ...BacklogAgeBucket[]]);
/** Statuses that make the backlog: open and still in the CIT's (or the Ente's, when pending) hands. */
export const BACKLOG_STATUSES = ['new', 'assigned', 'planned', 'pending'] as const;

const isoDate = z.iso.date();
const count = z.number().int();
const Period = z.object({ from: isoDate, to: isoDate });

export const ReportTrendSchema = z
  .object({
    period: Period,
    /** Weeks start on Monday; the first and last may be partial (cut by the period). */
    weeks: z.array(z.object({ start: isoDate, opened: count, closed: count })),
    months: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), opened: count, closed: count })),
  })
  .meta({ id: 'ReportTrend' });
export type ReportTrend = z.infer<typeof ReportTrendSchema>;

export const SlaFiguresSchema = z.object({
  /** Urgency, service code, group key or month (YYYY-MM); '' for tickets with no service or no group. */
  key: z.string(),
  responseMet: count,
  responseMissed: count,
  resolutionMet: count,
  resolutionMissed: count,
  /** Mean elapsed hours from opening to solution of the tickets solved in the period; null when none. */
  meanResolutionHours: z.number().nullable(),
});
export type SlaFigures = z.infer<typeof SlaFiguresSchema>;

export const ReportSlaSchema = z
  .object({
    period: Period,
    total: SlaFiguresSchema,
    byUrgency: z.array(SlaFiguresSchema),
    byService: z.array(SlaFiguresSchema),
    byGroup: z.array(SlaFiguresSchema),
    byMonth: z.array(SlaFiguresSchema),
  })
  .meta({ id: 'ReportSla' });
export type ReportSla = z.infer<typeof ReportSlaSchema>;

export const ReportBacklogSchema = z
  .object({
    /** Open tickets now (the period does not apply): new, assigned, planned, pending. */
    total: count,
    byStatus: z.array(z.object({ status: TicketStatusSchema, count })),
    ages: z.array(z.object({ bucket: BacklogAgeBucketSchema, count })),
  })
  .meta({ id: 'ReportBacklog' });
export type ReportBacklog = z.infer<typeof ReportBacklogSchema>;

/** The Enti with most tickets opened in the period; the rest are counted in `otherEnti`. */
export const REPORT_TOP_ENTI = 25;

export const ReportVolumesSchema = z
  .object({
    period: Period,
    byEnte: z.array(z.object({ id: z.uuid(), name: z.string(), opened: count, closed: count })),
    /** Enti with tickets in the period beyond the ones listed. */
    otherEnti: count,
    /** serviceCode null: assistance tickets not about a service. */
    byService: z.array(z.object({ serviceCode: z.string().nullable(), opened: count, closed: count })),
  })
  .meta({ id: 'ReportVolumes' });
export type ReportVolumes = z.infer<typeof ReportVolumesSchema>;

