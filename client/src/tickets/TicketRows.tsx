import { Link } from 'react-router';
import { NewReplyMarker } from '../notifications/NewReplyMarker';
import { useTranslation } from 'react-i18next';
import type { TicketColumn, TicketSummary } from '@cit/shared';
import { ApprovalBadge } from '../services/badges';
import { SlaBadge, StatusBadge, UrgencyLabel } from './badges';
import type { TicketSort } from './filters';
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

type SortableColumn = 'protocol' | 'updated' | 'sla';

/** The sort each sortable header gives, and what a second click gives (the protocol follows the creation order). */
const HEADER_SORT: Record<SortableColumn, { first: TicketSort; other?: TicketSort; dir: (s: TicketSort) => 'ascending' | 'descending' | null }> = {
  protocol: { first: 'newest', other: 'oldest', dir: (s) => (s === 'newest' ? 'descending' : s === 'oldest' ? 'ascending' : null) },
  updated: { first: 'updated', dir: (s) => (s === 'updated' ? 'descending' : null) },
  sla: { first: 'sla', dir: (s) => (s === 'sla' ? 'ascending' : null) },
};

interface TicketTableProps extends TicketRowsProps {
  columns: readonly TicketColumn[];
  /** The sort in force (the role's default when none is chosen). */
  sort: TicketSort;
  onSort: (sort: TicketSort) => void;
  /** Row checkboxes (CIT staff): the selected ticket ids; `toggleAll` ticks or clears every row in view. */
  selection?: { selected: ReadonlySet<string>; toggle: (id: string) => void; toggleAll?: (on: boolean) => void };
  /** The keyboard cursor (j/k): the ticket whose row is marked. */
  cursor: string | null;
  /** Focus entered a row, or the pointer is over one (null: left the table). */
  onRowFocus: (id: string) => void;
  onRowHover: (id: string | null) => void;
}

function SortHeader({ column, label, sort, onSort, className }: { column: SortableColumn; label: string; sort: TicketSort; onSort: (s: TicketSort) => void; className: string }) {
  const { t } = useTranslation();
  const spec = HEADER_SORT[column];
  const dir = spec.dir(sort);
  const next = dir && spec.other ? (sort === spec.first ? spec.other : spec.first) : spec.first;
  return (
    <th scope="col" className={className} aria-sort={dir ?? undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(next)} title={t('tickets.sortBy', { sort: t(`tickets.sort.${next}`) })}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

/** "Select all in view": ticked when every row is, half-ticked (indeterminate) when some are. */
function SelectAll({ tickets, selected, toggleAll }: { tickets: readonly TicketSummary[]; selected: ReadonlySet<string>; toggleAll: (on: boolean) => void }) {
  const { t } = useTranslation();
  const count = tickets.filter((x) => selected.has(x.id)).length;
  const all = count > 0 && count === tickets.length;
  return (
    <input
      type="checkbox"
      className="ticket-select"
      id="ticket-select-all"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = count > 0 && !all;
      }}
      onChange={() => toggleAll(!all)}
      aria-label={t('bulk.selectAll', { count: tickets.length })}
    />
  );
}

/**
 * Tablet and desktop: the dense queue, one line per ticket (long texts cut, whole in the tooltip), fixed columns so
 * that live updates do not move the layout.
 */
export function TicketTable(props: TicketTableProps) {
  const { tickets, now, busy, fresh, caption, columns, sort, onSort, selection, cursor, onRowFocus, onRowHover } = props;
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const shows = (c: TicketColumn) => columns.includes(c) && (c !== 'ente' || props.showEnte);
  return (
    <div className="table-responsive d-none d-md-block">
      <table className="table ticket-table" aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="col-select">
                {selection.toggleAll ? (
                  <SelectAll tickets={tickets} selected={selection.selected} toggleAll={selection.toggleAll} />
                ) : (
                  <span className="visually-hidden">{t('tickets.col.select')}</span>
                )}
              </th>
            )}
            <SortHeader column="protocol" label={t('tickets.col.protocol')} sort={sort} onSort={onSort} className="col-protocol" />
            <th scope="col" className="col-title">{t('tickets.col.title')}</th>
            {shows('ente') && <th scope="col" className="col-ente">{t('tickets.col.ente')}</th>}
            {shows('status') && <th scope="col" className="col-status">{t('tickets.col.status')}</th>}
            {shows('urgency') && <th scope="col" className="col-urgency">{t('tickets.col.urgency')}</th>}
            {shows('sla') && <SortHeader column="sla" label={t('tickets.col.sla')} sort={sort} onSort={onSort} className="col-sla" />}
            {shows('assignee') && <th scope="col" className="col-assignee">{t('tickets.col.assignee')}</th>}
            {shows('updated') && <SortHeader column="updated" label={t('tickets.col.updated')} sort={sort} onSort={onSort} className="col-date" />}
            {shows('created') && <th scope="col" className="col-date">{t('tickets.col.created')}</th>}
          </tr>
        </thead>
        <tbody onMouseLeave={() => onRowHover(null)}>
          {tickets.map((ticket) => {
            // Who works on it: the operator, else the support group, else the supplier.
            const worker = ticket.assignee?.name ?? (ticket.groupName ?? ticket.supplier?.name ?? '');
            const classes = [fresh.has(ticket.id) && 'ticket-fresh', cursor === ticket.id && 'ticket-cursor'].filter(Boolean).join(' ');
            return (
              <tr
                key={ticket.id}
                data-ticket-row={ticket.id}
                className={classes || undefined}
                onFocus={() => onRowFocus(ticket.id)}
                onMouseEnter={() => onRowHover(ticket.id)}
              >
                {selection && (
                  <td className="col-select">
                    <input
                      type="checkbox"
                      className="ticket-select"
                      id={`ticket-select-${ticket.id}`}
                      checked={selection.selected.has(ticket.id)}
                      onChange={() => selection.toggle(ticket.id)}
                      aria-label={t('tickets.select', { protocol: ticket.protocol })}
                    />
                  </td>
                )}
                <td className="font-monospace text-nowrap">{ticket.protocol}</td>
                <th scope="row" className="fw-normal">
                  <div className="ticket-title-cell">
                    <Link to={`/ticket/${ticket.id}`} id={ticketLinkId(ticket.id, 'row')} className="ticket-title-link" title={ticket.title}>
                      {ticket.title}
                    </Link>
                    {fresh.has(ticket.id) && <span className="badge-fresh">{t('tickets.fresh')}</span>}
                    <NewReplyMarker ticketId={ticket.id} />
                    {ticket.approvalState !== 'none' && <ApprovalBadge state={ticket.approvalState} />}
                  </div>
                </th>
                {shows('ente') && (
                  <td className="cell-cut" title={ticket.ente.name}>
                    {ticket.ente.name}
                  </td>
                )}
                {shows('status') && (
                  <td>
                    <StatusBadge status={ticket.status} short />
                  </td>
                )}
                {shows('urgency') && (
                  <td className="cell-cut">
                    <UrgencyLabel urgency={ticket.urgency} />
                  </td>
                )}
                {shows('sla') && (
                  <td className="cell-cut">
                    <SlaBadge view={slaView(ticket, now)} />
                  </td>
                )}
                {shows('assignee') && (
                  <td className="cell-cut" title={worker || undefined}>
                    {worker || <span className="text-muted">{t('tickets.nobody')}</span>}
                  </td>
                )}
                {shows('updated') && <td className="text-nowrap">{formatDateTime(ticket.updatedAt)}</td>}
                {shows('created') && <td className="text-nowrap">{formatDateTime(ticket.createdAt)}</td>}
              </tr>
            );
          })}
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
          <NewReplyMarker ticketId={ticket.id} />
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
