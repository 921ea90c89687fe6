import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Card, Container } from 'design-react-kit';
import { ContractsDashboardSchema, type ContractsDashboard } from '@cit/shared';
import { apiRequest } from '../api/client';
import { useCurrentUser } from '../auth/currentUser';
import { useCatalog } from '../services/api';
import { useFormatDate } from '../services/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';

export function useContracts() {
  return useQuery({
    queryKey: ['services', 'contracts'],
    queryFn: ({ signal }) => apiRequest('/api/services/contracts', { schema: ContractsDashboardSchema, signal }),
  });
}

const BOXES = ['expiredLast30', 'expiringNext7', 'expiringNext30', 'noticeNext7', 'noticeNext30'] as const;
type BoxKey = (typeof BOXES)[number];
type Line = ContractsDashboard[BoxKey][number];

export const recordLink = (line: Line) => `/servizi?ente=${line.ente.id}&tutti=1#record-${line.recordId}`;

function ContractBox({ box, lines, limit, compact }: { box: BoxKey; lines: readonly Line[]; limit: number; compact: boolean }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const id = useId();
  const catalog = useCatalog();
  const formatDate = useFormatDate();
  const serviceName = (code: string) => catalog.data?.services.find((s) => s.code === code)?.name ?? code;
  const enteLink = (enteId: string) => (user.role === 'admin' ? `/admin/enti/${enteId}` : `/servizi?ente=${enteId}`);
  const shown = lines.slice(0, limit);
  return (
    <Card tag="section" aria-labelledby={id} shadow="sm" rounded className={`h-100 dashboard-box contract-box contract-${box}`}>
      <div className="it-card-body">
        <h3 id={id} className="h6 d-flex justify-content-between gap-2">
          <span>{t(`contracts.box.${box}`)}</span>
          <span className="dashboard-box-count">{lines.length}</span>
        </h3>
        {!compact && <p className="small text-muted">{t(`contracts.explain.${box}`)}</p>}
        {shown.length === 0 ? (
          <p className="text-muted mb-0 small">{t('contracts.none')}</p>
        ) : (
          <ul className="mini-tickets contract-lines">
            {shown.map((line) => (
              <li key={`${line.recordId}-${line.date}`}>
                <div className="mini-ticket-main">
                  <Link to={recordLink(line)} className="fw-semibold">
                    {serviceName(line.serviceCode)}
                    {line.unitLabel && <> – {line.unitLabel}</>}
                  </Link>
                  <span className="small">
                    <Link to={enteLink(line.ente.id)}>{line.ente.name}</Link>
                  </span>
                </div>
                <div className="mini-ticket-side small text-nowrap">
                  {box.startsWith('notice') ? t('contracts.noticeBy', { date: formatDate(line.date) }) : box === 'expiredLast30' ? t('contracts.endedOn', { date: formatDate(line.date) }) : t('contracts.endsOn', { date: formatDate(line.date) })}
                </div>
              </li>
            ))}
          </ul>
        )}
        {lines.length > shown.length && (
          <p className="small mt-2 mb-0">
            {compact ? <Link to="/contratti">{t('contracts.more', { count: lines.length - shown.length })}</Link> : t('contracts.more', { count: lines.length - shown.length })}
          </p>
        )}
      </div>
    </Card>
  );
}

function Boxes({ data, compact }: { data: ContractsDashboard; compact: boolean }) {
  return (
    <div className="row g-3">
      {BOXES.map((box) => (
        <div key={box} className={compact ? 'col-12 col-md-6 col-xl' : 'col-12 col-md-6 col-xl-4'}>
          <ContractBox box={box} lines={data[box]} limit={compact ? 3 : 50} compact={compact} />
        </div>
      ))}
    </div>
  );
}

/** The contracts dashboard: expired in the last 30 days, expiring in 7/30, notice deadline in 7/30. */
export function ContractsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const contracts = useContracts();
  const staff = user.role === 'operator' || user.role === 'approver' || user.role === 'admin';
  return (
    <Container className="py-4 py-lg-5">
      <PageTitle className="mb-2">{t('contracts.title')}</PageTitle>
      <p className="lead mb-4">{staff ? t('contracts.introStaff') : t('contracts.introEnte')}</p>
      {contracts.isPending ? (
        <Loading />
      ) : contracts.isError ? (
        <ErrorAlert error={contracts.error} onRetry={() => void contracts.refetch()} />
      ) : (
        <Boxes data={contracts.data} compact={false} />
      )}
    </Container>
  );
}

/** On the operator home: the counts and the first lines of each box. */
export function ContractsSummary() {
  const { t } = useTranslation();
  const contracts = useContracts();
  const id = useId();
  return (
    <section aria-labelledby={id} className="mt-5 contracts-summary">
      <div className="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-3">
        <h2 id={id} className="h4 mb-0">
          {t('contracts.title')}
        </h2>
        <Link to="/contratti">{t('contracts.open')}</Link>
      </div>
      {contracts.isPending ? (
        <Loading minHeight="8rem" />
      ) : contracts.isError ? (
        <ErrorAlert error={contracts.error} onRetry={() => void contracts.refetch()} />
      ) : (
        <Boxes data={contracts.data} compact />
      )}
    </section>
  );
}
