import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Container } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { CATALOG, compliance, isStaff, type ReportFilters, type ServiceCode, type SlaFigures, type Urgency } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { useSupportGroups } from '../triage/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { ChartFigure, DataTable, type Column } from './ChartFigure';
import { ReportFiltersForm } from './ReportFiltersForm';
import { useBacklogReport, useSlaReport, useTrendReport, useVolumesReport } from './api';
import './reports.css';

const FILTER_KEYS = ['from', 'to', 'enteId', 'serviceCode', 'group'] as const;

/** /report: tickets opened and closed, backlog, SLA compliance and volumes; the Ente's own figures for its referents. */
export function ReportsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : []))) as ReportFilters;
  const apply = (f: ReportFilters) => setParams(Object.fromEntries(FILTER_KEYS.flatMap((k) => (f[k] ? [[k, f[k]]] : []))));
  const trend = useTrendReport(filters);
  const { day: formatDay } = useFormats();
  const period = trend.data?.period;
  return (
    <Container className="py-4 py-lg-5">
      <PageTitle>{t('reports.title')}</PageTitle>
      <p className="lead">{staff ? t('reports.introStaff') : t('reports.introEnte')}</p>
      <ReportFiltersForm key={params.toString()} value={filters} onApply={apply} staff={staff} />
      {period && <p aria-live="polite">{t('reports.period', { from: formatDay(period.from), to: formatDay(period.to) })}</p>}
      <TrendSection filters={filters} />
      <BacklogSection filters={filters} />
      <SlaSection filters={filters} />
      <VolumesSection filters={filters} />
    </Container>
  );
}

/** Dates and months in the page's language (the calendar days of the reports: no time zone shift). */
function useFormats() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    day: (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    month: (m: string) => new Date(`${m}-15T12:00:00Z`).toLocaleDateString(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  };
}
const serviceName = (code: string | null) => (code ? (CATALOG[code as ServiceCode]?.name ?? code) : null);

function Section({ title, state, children }: { title: string; state: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown }; children: () => ReactNode }) {
  return (
    <section className="mb-5">
      <h2 className="h3 mb-3">{title}</h2>
      {state.isPending ? <Loading /> : state.isError ? <ErrorAlert error={state.error} onRetry={() => void state.refetch()} /> : children()}
    </section>
  );
}

function TrendSection({ filters }: { filters: ReportFilters }) {
  const { t } = useTranslation();
  const report = useTrendReport(filters);
  const { day: formatDay, month: formatMonth } = useFormats();
  const [grain, setGrain] = useState<'month' | 'week'>('month');
  const series = [
    { key: 'opened', label: t('reports.opened') },
    { key: 'closed', label: t('reports.closed') },
  ];
  const switcher = (
    <div className="btn-group align-self-start mb-2" role="group" aria-label={t('reports.trend.grain')}>
      {(['month', 'week'] as const).map((g) => (
        <button key={g} type="button" className={`btn btn-sm ${grain === g ? 'btn-primary' : 'btn-outline-primary'}`} aria-pressed={grain === g} onClick={() => setGrain(g)}>
          {t(`reports.trend.${g}`)}
        </button>
      ))}
    </div>
  );
  return (
    <Section title={t('reports.trend.title')} state={report}>
      {() => {
        const rows = grain === 'month'
          ? report.data!.months.map((m) => ({ label: formatMonth(m.month), opened: m.opened, closed: m.closed }))
          : report.data!.weeks.map((w) => ({ label: t('reports.trend.weekOf', { day: formatDay(w.start) }), opened: w.opened, closed: w.closed }));
        return (
          <ChartFigure
            title={grain === 'month' ? t('reports.trend.perMonth') : t('reports.trend.perWeek')}
            note={t('reports.trend.note')}
            kind={grain === 'month' ? 'bar' : 'line'}
            rows={rows}
            category={(r) => r.label}
            series={series}
            value={(r, k) => (k === 'opened' ? r.opened : r.closed)}
            columns={[
              { key: 'label', label: grain === 'month' ? t('reports.month') : t('reports.week'), value: (r) => r.label },
              { key: 'opened', label: t('reports.opened'), value: (r) => r.opened, numeric: true },
              { key: 'closed', label: t('reports.closed'), value: (r) => r.closed, numeric: true },
            ]}
            extra={switcher}
          />
        );
      }}
    </Section>
  );
}

function BacklogSection({ filters }: { filters: ReportFilters }) {
  const { t } = useTranslation();
  const report = useBacklogReport(filters);
  return (
    <Section title={t('reports.backlog.title')} state={report}>
      {() => (
        <>
          <p className="report-total">
            <strong>{report.data!.total}</strong> {t('reports.backlog.total', { count: report.data!.total })}
          </p>
          <ChartFigure
            title={t('reports.backlog.ages')}
            note={t('reports.backlog.note')}
            kind="bar"
            rows={report.data!.ages}
            category={(r) => t(`reports.backlog.bucket.${r.bucket}`)}
            series={[{ key: 'count', label: t('reports.backlog.tickets') }]}
            value={(r) => r.count}
            columns={[
              { key: 'bucket', label: t('reports.backlog.age'), value: (r) => t(`reports.backlog.bucket.${r.bucket}`) },
              { key: 'count', label: t('reports.backlog.tickets'), value: (r) => r.count, numeric: true },
            ]}
          />
          <h3 className="h5">{t('reports.backlog.byStatus')}</h3>
          <DataTable
            caption={t('reports.backlog.byStatus')}
            rows={report.data!.byStatus}
            columns={[
              { key: 'status', label: t('reports.backlog.status'), value: (r) => t(`ticketStatus.${r.status}`) },
              { key: 'count', label: t('reports.backlog.tickets'), value: (r) => r.count, numeric: true },
            ]}
          />
        </>
      )}
    </Section>
  );
}

const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`);

/** The SLA tables' column headings, in the page's language. */
function useSlaColumns(): (keyLabel: string, keyValue: (r: SlaFigures) => string) => Column<SlaFigures>[] {
  const { t } = useTranslation();
  return (keyLabel, keyValue) => [
    { key: 'key', label: keyLabel, value: keyValue },
    { key: 'rm', label: t('reports.sla.responseMet'), value: (r) => r.responseMet, numeric: true },
    { key: 'rx', label: t('reports.sla.responseMissed'), value: (r) => r.responseMissed, numeric: true },
    { key: 'rp', label: t('reports.sla.responsePct'), value: (r) => pct(compliance(r.responseMet, r.responseMissed)), numeric: true },
    { key: 'sm', label: t('reports.sla.resolutionMet'), value: (r) => r.resolutionMet, numeric: true },
    { key: 'sx', label: t('reports.sla.resolutionMissed'), value: (r) => r.resolutionMissed, numeric: true },
    { key: 'sp', label: t('reports.sla.resolutionPct'), value: (r) => pct(compliance(r.resolutionMet, r.resolutionMissed)), numeric: true },
    { key: 'h', label: t('reports.sla.meanHours'), value: (r) => (r.meanResolutionHours === null ? '—' : r.meanResolutionHours.toLocaleString()), numeric: true },
  ];
}

function SlaSection({ filters }: { filters: ReportFilters }) {
  const { t } = useTranslation();
  const report = useSlaReport(filters);
  const slaColumns = useSlaColumns();
  const { month: formatMonth } = useFormats();
  // Groups are the CIT's own organisation: shown to the staff only, by the names the admins gave them.
  const staff = isStaff(useCurrentUser().role);
  const groups = useSupportGroups(staff);
  const groupName = (key: string) => (key === '' ? t('reports.noGroup') : (groups.data?.items.find((g) => g.key === key)?.name ?? key));
  const series = [
    { key: 'response', label: t('reports.sla.responsePct') },
    { key: 'resolution', label: t('reports.sla.resolutionPct') },
  ];
  const value = (r: SlaFigures, k: string) => (k === 'response' ? compliance(r.responseMet, r.responseMissed) : compliance(r.resolutionMet, r.resolutionMissed));
  return (
    <Section title={t('reports.sla.title')} state={report}>
      {() => {
        const d = report.data!;
        return (
          <>
            <p>
              {t('reports.sla.total', { response: pct(compliance(d.total.responseMet, d.total.responseMissed)), resolution: pct(compliance(d.total.resolutionMet, d.total.resolutionMissed)) })}
            </p>
            <ChartFigure title={t('reports.sla.perMonth')} note={t('reports.sla.note')} kind="line" percent rows={d.byMonth} category={(r) => formatMonth(r.key)} series={series} value={value}
              columns={slaColumns(t('reports.month'), (r) => formatMonth(r.key))} />
            <ChartFigure title={t('reports.sla.perUrgency')} kind="bar" percent rows={d.byUrgency} category={(r) => t(`urgency.${r.key as Urgency}`)} series={series} value={value}
              columns={slaColumns(t('reports.sla.urgency'), (r) => t(`urgency.${r.key as Urgency}`))} />
            <ChartFigure title={t('reports.sla.perService')} kind="hbar" percent rows={d.byService} category={(r) => serviceName(r.key) ?? t('reports.noService')} series={series} value={value}
              columns={slaColumns(t('reports.service'), (r) => serviceName(r.key) ?? t('reports.noService'))} />
            {staff && d.byGroup.length > 0 && (
              <ChartFigure title={t('reports.sla.perGroup')} kind="hbar" percent rows={d.byGroup} category={(r) => groupName(r.key)} series={series} value={value}
                columns={slaColumns(t('reports.sla.group'), (r) => groupName(r.key))} />
            )}
          </>
        );
      }}
    </Section>
  );
}

function VolumesSection({ filters }: { filters: ReportFilters }) {
  const { t } = useTranslation();
  const report = useVolumesReport(filters);
  const series = [
    { key: 'opened', label: t('reports.opened') },
    { key: 'closed', label: t('reports.closed') },
  ];
  return (
    <Section title={t('reports.volumes.title')} state={report}>
      {() => {
        const d = report.data!;
        return (
          <>
            {d.byEnte.length > 1 && (
              <ChartFigure title={t('reports.volumes.perEnte')} note={d.otherEnti > 0 ? t('reports.volumes.others', { count: d.otherEnti }) : undefined} kind="hbar" rows={d.byEnte}
                category={(r) => r.name} series={series} value={(r, k) => (k === 'opened' ? r.opened : r.closed)}
                columns={[
                  { key: 'name', label: t('reports.ente'), value: (r) => r.name },
                  { key: 'opened', label: t('reports.opened'), value: (r) => r.opened, numeric: true },
                  { key: 'closed', label: t('reports.closed'), value: (r) => r.closed, numeric: true },
                ]} />
            )}
            <ChartFigure title={t('reports.volumes.perService')} kind="hbar" rows={d.byService} category={(r) => serviceName(r.serviceCode) ?? t('reports.noService')}
              series={series} value={(r, k) => (k === 'opened' ? r.opened : r.closed)}
              columns={[
                { key: 'service', label: t('reports.service'), value: (r) => serviceName(r.serviceCode) ?? t('reports.noService') },
                { key: 'opened', label: t('reports.opened'), value: (r) => r.opened, numeric: true },
                { key: 'closed', label: t('reports.closed'), value: (r) => r.closed, numeric: true },
              ]} />
          </>
        );
      }}
    </Section>
  );
}
