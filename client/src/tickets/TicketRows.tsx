import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TicketSummary } from '@cit/shared';
import { ApprovalBadge } from '../services/badges';
import { SlaBadge, StatusBadge, UrgencyLabel } from './badges';
import { useFormatDateTime } from './format';
import { slaView } from './sla';

interface TicketRowsProps {
  tickets: readonly TicketSummary[];
  now: Date;
  busy: boolean;
  /** Tickets that arrived live since the page opened: discreetly highlighted. */
  fresh: ReadonlySet<string>;
  showEnte: boolean;
  caption: string;
}

export const ticketLinkId = (id: string, layout: 'row' | 'card') => `ticket-${layout}-${id}`;

/** Focuses the ticket's link in whichever layout is displayed (after "Carica altri"). */
export function focusTicket(id: string): void {
  const target = [ticketLinkId(id, 'row'), ticketLinkId(id, 'card')]
    .map((elementId) => document.getElementById(elementId))
    .find((element) => element !== null && element.getClientRects().length > 0);
  target?.focus();
}

/** Tablet and desktop: a table with fixed columns, so that live updates do not move the layout. */
export function TicketTable({ tickets, now, busy, fresh, showEnte, caption }: TicketRowsProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <div className="table-responsive d-none d-md-block">
      <table className="table ticket-table align-middle" aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-protocol">{t('tickets.col.protocol')}</th>
            <th scope="col">{t('tickets.col.title')}</th>
            {showEnte && <th scope="col" className="col-ente">{t('tickets.col.ente')}</th>}
            <th scope="col" className="col-status">{t('tickets.col.status')}</th>
            <th scope="col" className="col-urgency">{t('tickets.col.urgency')}</th>
            <th scope="col" className="col-sla">{t('tickets.col.sla')}</th>
            <th scope="col" className="col-date">{t('tickets.col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id} className={fresh.has(ticket.id) ? 'ticket-fresh' : undefined}>
              <td className="font-monospace text-nowrap">{ticket.protocol}</td>
              <th scope="row" className="fw-normal">
                <Link to={`/ticket/${ticket.id}`} id={ticketLinkId(ticket.id, 'row')} className="fw-semibold">
                  {ticket.title}
                </Link>
                {fresh.has(ticket.id) && <span className="badge-fresh ms-2">{t('tickets.fresh')}</span>}
                <div className="small text-muted">
                  {t(`ticketCategory.${ticket.category}`)}
                  {ticket.assignee && <> · {t('tickets.assignedTo', { name: ticket.assignee.name })}</>}
                  {ticket.approvalState !== 'none' && (
                    <span className="ms-2">
                      <ApprovalBadge state={ticket.approvalState} />
                    </span>
                  )}
                </div>
              </th>
              {showEnte && <td className="small">{ticket.ente.name}</td>}
              <td>
                <StatusBadge status={ticket.status} />
              </td>
              <td className="small">
                <UrgencyLabel urgency={ticket.urgency} />
              </td>
              <td className="small">
                <SlaBadge view={slaView(ticket, now)} />
              </td>
              <td className="small text-nowrap">{formatDateTime(ticket.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Phones: one card per ticket. */
export function TicketCards({ tickets, now, busy, fresh, showEnte, caption }: TicketRowsProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <ul className="ticket-cards d-md-none" aria-label={caption} aria-busy={busy}>
      {tickets.map((ticket) => (
        <li key={ticket.id} className={fresh.has(ticket.id) ? 'ticket-card ticket-fresh' : 'ticket-card'}>
          <div className="d-flex justify-content-between gap-2 mb-1">
            <span className="font-monospace small">{ticket.protocol}</span>
            <StatusBadge status={ticket.status} />
          </div>
          <Link to={`/ticket/${ticket.id}`} id={ticketLinkId(ticket.id, 'card')} className="ticket-card-title">
            {ticket.title}
          </Link>
          {fresh.has(ticket.id) && <span className="badge-fresh ms-2">{t('tickets.fresh')}</span>}
          <dl className="ticket-card-facts">
            {showEnte && (
              <>
                <dt>{t('tickets.col.ente')}</dt>
                <dd>{ticket.ente.name}</dd>
              </>
            )}
            <dt>{t('tickets.col.urgency')}</dt>
            <dd>
              <UrgencyLabel urgency={ticket.urgency} />
            </dd>
            {ticket.approvalState !== 'none' && (
              <>
                <dt>{t('approval.label')}</dt>
                <dd>
                  <ApprovalBadge state={ticket.approvalState} />
                </dd>
              </>
            )}
            <dt>{t('tickets.col.sla')}</dt>
            <dd>
              <SlaBadge view={slaView(ticket, now)} />
            </dd>
            <dt>{t('tickets.col.created')}</dt>
            <dd>{formatDateTime(ticket.createdAt)}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
