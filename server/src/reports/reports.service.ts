import type { DataSource } from 'typeorm';
import {
  BACKLOG_AGE_BUCKETS,
  BACKLOG_STATUSES,
  can,
  reportPeriod,
  type ReportBacklog,
  type ReportFilters,
  type ReportSla,
  type ReportTrend,
  type ReportVolumes,
  type SlaFigures,
} from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { fieldError, forbidden } from '../platform/http/errors';
import {
  backlogRows,
  enteExists,
  groupExists,
  slaRows,
  trendRows,
  volumesByEnte,
  volumesByService,
  type BacklogRow,
  type ReportSlice,
  type SlaRow,
} from './reports.repository';

/**
 * The reports of issue 18, read from the rollups (never from the tickets, but for the backlog's open ones). The
 * caller's scope is applied here, before any query: an Ente user's slice is always its own Enti, whatever it asks.
 */
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    /** Today in Rome: the default period ends here, and the backlog's ages count from it. */
    private readonly today: () => string,
  ) {}

  /** The slice a request may read; unknown or invisible Ente and unknown group → 400 naming the field. */
  async slice(auth: AuthContext, f: ReportFilters): Promise<ReportSlice> {
    if (!can(auth.user, 'reports.read')) throw forbidden();
    const period = reportPeriod(f, this.today());
    let enteIds: readonly string[] | null;
    if (auth.scope.kind === 'all') {
      if (f.enteId !== undefined && !(await enteExists(this.ds, f.enteId))) throw fieldError('enteId', 'Ente: non esiste.');
      enteIds = f.enteId === undefined ? null : [f.enteId];
    } else if (auth.scope.kind === 'enti') {
      // Same answer for an Ente that does not exist and one outside the scope: nothing leaks about other Enti.
      if (f.enteId !== undefined && !auth.scope.enteIds.includes(f.enteId)) throw fieldError('enteId', 'Ente: non esiste o non è tra quelli del Suo profilo.');
      enteIds = f.enteId === undefined ? auth.scope.enteIds : [f.enteId];
    } else throw forbidden();
    if (f.group !== undefined && !(await groupExists(this.ds, f.group))) throw fieldError('group', 'Gruppo: non esiste.');
    return { period, enteIds, serviceCode: f.serviceCode, group: f.group };
  }

  async trend(auth: AuthContext, f: ReportFilters): Promise<ReportTrend> {
    const s = await this.slice(auth, f);
    const rows = await trendRows(this.ds, s);
    return {
      period: s.period,
      weeks: rows.filter((r) => r.grain === 'week').map((r) => ({ start: r.start, opened: r.opened, closed: r.closed })),
      months: rows.filter((r) => r.grain === 'month').map((r) => ({ month: r.start.slice(0, 7), opened: r.opened, closed: r.closed })),
    };
  }

  async sla(auth: AuthContext, f: ReportFilters): Promise<ReportSla> {
    const s = await this.slice(auth, f);
    const rows = await slaRows(this.ds, s);
    const figures = (r: SlaRow): SlaFigures => ({
      key: r.key,
      responseMet: r.response_met,
      responseMissed: r.response_missed,
      resolutionMet: r.resolution_met,
      resolutionMissed: r.resolution_missed,
      meanResolutionHours: r.closed === 0 ? null : Math.round((Number(r.resolution_seconds) / r.closed / 3600) * 10) / 10,
    });
    // A key with only openings in the period has nothing to say about the SLA; leaving it out also hides the rows the
    // triggers moved to zero, so that live rollups and rebuilt ones give the same answer.
    const measured = (r: SlaRow) => r.response_met + r.response_missed + r.resolution_met + r.resolution_missed > 0;
    const of = (dim: SlaRow['dim']) => rows.filter((r) => r.dim === dim && measured(r)).map(figures);
    const total = rows.find((r) => r.dim === 'total');
    return {
      period: s.period,
      total: total ? figures(total) : { key: '', responseMet: 0, responseMissed: 0, resolutionMet: 0, resolutionMissed: 0, meanResolutionHours: null },
      byUrgency: of('urgency'),
      byService: of('service'),
      byGroup: of('group'),
      byMonth: of('month'),
    };
  }

  async volumes(auth: AuthContext, f: ReportFilters): Promise<ReportVolumes> {
    const s = await this.slice(auth, f);
    const [enti, services] = await Promise.all([volumesByEnte(this.ds, s), volumesByService(this.ds, s)]);
    return {
      period: s.period,
      byEnte: enti.map((e) => ({ id: e.id, name: e.name, opened: e.opened, closed: e.closed })),
      otherEnti: Math.max(0, (enti[0]?.enti ?? 0) - enti.length),
      byService: services.map((r) => ({ serviceCode: r.service_code === '' ? null : r.service_code, opened: r.opened, closed: r.closed })),
    };
  }

  /** The backlog is now, not over the period: the period filters are checked but do not apply. */
  async backlog(auth: AuthContext, f: ReportFilters): Promise<ReportBacklog> {
    const s = await this.slice(auth, f);
    const rows = await backlogRows(this.ds, this.today(), s);
    const open = (r: BacklogRow) => r.new + r.assigned + r.planned + r.pending;
    return {
      total: rows.reduce((n, r) => n + open(r), 0),
      byStatus: BACKLOG_STATUSES.map((status) => ({ status, count: rows.reduce((n, r) => n + r[status], 0) })),
      ages: BACKLOG_AGE_BUCKETS.map((b) => ({ bucket: b.key, count: rows.filter((r) => r.bucket === b.key).reduce((n, r) => n + open(r), 0) })),
    };
  }
}
