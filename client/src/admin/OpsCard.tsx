import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OpsFiguresSchema, type OpsFigures } from '@cit/shared';
import { apiRequest } from '../api/client';

/** The operations figures Prometheus scrapes (/api/metrics), for the admin home: what to look at first. */
export function OpsCard() {
  const { t, i18n } = useTranslation();
  const figures = useQuery({
    queryKey: ['admin', 'ops'],
    queryFn: ({ signal }) => apiRequest('/api/admin/ops', { signal, schema: OpsFiguresSchema, background: true }),
    refetchInterval: 30_000,
  });
  if (!figures.data) return null;
  const f: OpsFigures = figures.data;
  const n = (v: number) => v.toLocaleString(i18n.language);
  const failedRuns = f.runs.filter((r) => r.status === 'failed').reduce((s, r) => s + r.count, 0);
  const rows: Array<[string, string, boolean]> = [
    [t('admin.ops.outbox'), t('admin.ops.outboxValue', { count: f.outbox.waiting, seconds: n(Math.round(f.outbox.oldestSeconds)) }), f.outbox.oldestSeconds > 60],
    [t('admin.ops.jobs'), f.jobs ? t('admin.ops.jobsValue', { waiting: n(f.jobs.waiting), failed: n(f.jobs.failed) }) : t('admin.ops.redisDown'), !f.jobs || f.jobs.failed > 0],
    [t('admin.ops.mails'), t('admin.ops.mailsValue', { queued: n(f.mails.queued), failed: n(f.mails.failed) }), f.mails.failed > 0],
    [t('admin.ops.sla'), t('admin.ops.slaValue', { atRisk: n(f.tickets.atRisk), breached: n(f.tickets.breached) }), f.tickets.breached > 0],
    [t('admin.ops.runs'), t('admin.ops.runsValue', { failed: n(failedRuns) }), failedRuns > 0],
    [t('admin.ops.sockets'), n(f.liveSockets), false],
  ];
  return (
    <section className="card card-bg mb-4" aria-labelledby="ops-card-title">
      <div className="card-body">
        <h2 id="ops-card-title" className="h5 card-title">
          {t('admin.ops.title')}
        </h2>
        <dl className="row mb-0">
          {rows.map(([label, value, warn]) => (
            <div key={label} className="col-12 col-md-6 col-lg-4 mb-2">
              <dt className="small">{label}</dt>
              <dd className={`mb-0${warn ? ' text-danger fw-semibold' : ''}`}>{value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
