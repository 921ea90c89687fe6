import { useId } from 'react';
import { Link } from 'react-router';
import { NewReplyMarker } from '../notifications/NewReplyMarker';
import { useTranslation } from 'react-i18next';
import { Card, Icon } from 'design-react-kit';
import { TICKET_STATUSES, type TicketSummary } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { useTicketDashboard, useTicketList } from './api';
import { SlaBadge, StatusBadge } from './badges';
import { filtersWith, writeFilters, type TicketFilters } from './filters';
import { slaView, useNow } from './sla';

/** A link into the list; `staff` decides which filters are the defaults left out of the address. */
const listLink = (staff: boolean, patch: Partial<TicketFilters>) => {
  const query = writeFilters(filtersWith(staff, patch), staff).toString();
  return query ? `/ticket?${query}` : '/ticket';
};

/** A short list of tickets (title link, protocol, status, SLA), as on the home page. */
function MiniList({ tickets, now, empty, showEnte }: { tickets: readonly TicketSummary[]; now: Date; empty: string; showEnte?: boolean }) {
  if (tickets.length === 0) return <p className="text-muted mb-0">{empty}</p>;
  return (
    <ul className="mini-tickets">
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <div className="mini-ticket-main">
            <Link to={`/ticket/${ticket.id}`} className="fw-semibold">
              {ticket.title}
            </Link>
            <NewReplyMarker ticketId={ticket.id} />
            <span className="small text-muted font-monospace">
              {ticket.protocol}
              {showEnte && <> · {ticket.ente.name}</>}
            </span>
          </div>
          <div className="mini-ticket-side">
            <StatusBadge status={ticket.status} />
            <SlaBadge view={slaView(ticket, now)} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Ente users: their open tickets, newest first. */
export function MyOpenTickets({ showEnte, canCreate }: { showEnte: boolean; canCreate: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const list = useTicketList(filtersWith(false, { status: 'open' }));
  const now = useNow();
  const tickets = list.data?.pages[0]?.items.slice(0, 10) ?? [];
  return (
    <Card tag="section" aria-labelledby={headingId} shadow="sm" rounded className="home-tickets">
      <div className="it-card-body">
        <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
          <h2 id={headingId} className="h4 mb-0">
            {t('homeTickets.myOpen')}
          </h2>
          {canCreate && (
            <Link to="/ticket/nuovo" className="btn btn-primary btn-sm">
              <Icon icon="it-plus" color="white" size="sm" className="me-1" aria-hidden="true" />
              {t('nav.newTicket')}
            </Link>
          )}
        </div>
        {list.isPending ? (
          <Loading minHeight="6rem" />
        ) : list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <MiniList tickets={tickets} now={now} empty={t('homeTickets.noneOpen')} showEnte={showEnte} />
        )}
        <Link to={listLink(false, { status: 'open' })} className="d-inline-block mt-3">
          {t('homeTickets.allMine')}
        </Link>
      </div>
    </Card>
  );
}

/** CIT staff: counters, "Chiamate da evadere", SLA at risk and breached. */
export function OperatorDashboard() {
  const { t } = useTranslation();
  const dashboard = useTicketDashboard();
  const now = useNow();
  const ids = { mine: useId(), atRisk: useId(), breached: useId(), counts: useId() };
  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError) return <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const d = dashboard.data;
  return (
    <div className="operator-dashboard">
      <section aria-labelledby={ids.counts} className="mb-4">
        <h2 id={ids.counts} className="h4">
          {t('homeTickets.queue')}
        </h2>
        <ul className="dashboard-counts">
          {TICKET_STATUSES.filter((s) => s !== 'deleted').map((s) => (
            <li key={s}>
              <Link to={listLink(true, { status: s })} className={`dashboard-count status-counter-${s}`}>
                <span className="status-counter-count">{d.counts[s]}</span>
                <span className="status-counter-label">{t(`ticketStatus.${s}`)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <div className="row g-4">
        {(
          [
            ['mine', d.mine, t('homeTickets.mine'), t('homeTickets.mineEmpty'), listLink(true, { assignee: 'me' })],
            ['breached', d.breached, t('homeTickets.breached'), t('homeTickets.breachedEmpty'), listLink(true, { slaState: 'breached' })],
            ['atRisk', d.atRisk, t('homeTickets.atRisk'), t('homeTickets.atRiskEmpty'), listLink(true, { slaState: 'at_risk' })],
          ] as const
        ).map(([key, tickets, title, empty, link]) => (
          <div key={key} className="col-12 col-xl-4">
            <Card tag="section" aria-labelledby={ids[key]} shadow="sm" rounded className={`h-100 dashboard-box dashboard-${key}`}>
              <div className="it-card-body">
                <h2 id={ids[key]} className="h5 d-flex justify-content-between">
                  <span>{title}</span>
                  <span className="dashboard-box-count">{tickets.length}</span>
                </h2>
                <MiniList tickets={tickets.slice(0, 8)} now={now} empty={empty} showEnte />
                <Link to={link} className="d-inline-block mt-3">
                  {t('homeTickets.seeAll')}
                </Link>
              </div>
            </Card>
          </div>
        ))}
      </div>
    </div>
  );
}
