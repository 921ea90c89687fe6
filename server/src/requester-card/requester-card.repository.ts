import type { DataSource } from 'typeorm';
import type { RequesterCard, TicketStatus } from '@cit/shared';
import { formatProtocol } from '../tickets/tickets.service';

type TicketRow = { id: string; protocol_year: number; protocol_number: number; title: string; status: TicketStatus; updated_at: string };
const ref = (r: TicketRow) => ({ id: r.id, protocol: formatProtocol(r.protocol_year, r.protocol_number), title: r.title, status: r.status, updatedAt: r.updated_at });
const TICKET_COLUMNS = `id, protocol_year, protocol_number, title, status, to_json(updated_at) #>> '{}' AS updated_at`;

/**
 * The reads behind the requester card. The caller has already opened the ticket through its ScopedDb, so the
 * Ente and the requester here are those of a ticket the caller may see.
 */
export async function loadRequesterCard(ds: DataSource, t: { id: string; enteId: string; requesterId: string }, today: string): Promise<RequesterCard> {
  const [requester] = (await ds.query(`SELECT id, name, email, phone FROM users WHERE id = $1`, [t.requesterId])) as Array<RequesterCard['requester']>;
  const [ente] = (await ds.query(`SELECT id, name FROM enti WHERE id = $1`, [t.enteId])) as Array<RequesterCard['ente']>;
  if (!requester || !ente) throw new Error(`ticket ${t.id} without requester or Ente`);
  const open = (await ds.query(
    `SELECT ${TICKET_COLUMNS}, count(*) OVER ()::int AS total FROM tickets
      WHERE ente_id = $1 AND id <> $2 AND status NOT IN ('solved', 'closed', 'deleted') ORDER BY updated_at DESC LIMIT 10`,
    [t.enteId, t.id],
  )) as Array<TicketRow & { total: number }>;
  const closed = (await ds.query(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE ente_id = $1 AND id <> $2 AND status IN ('solved', 'closed')
      ORDER BY coalesce(closed_at, solved_at, updated_at) DESC LIMIT 5`,
    [t.enteId, t.id],
  )) as TicketRow[];
  const services = (await ds.query(
    `SELECT id, service_code AS "serviceCode", unit_label AS "unitLabel", starts_on::text AS "startsOn", ends_on::text AS "endsOn",
            count(*) OVER ()::int AS total
       FROM service_records WHERE ente_id = $1 AND starts_on <= $2::date AND (ends_on IS NULL OR ends_on >= $2::date)
      ORDER BY service_code, unit_index LIMIT 20`,
    [t.enteId, today],
  )) as Array<RequesterCard['services'][number] & { total: number }>;
  return {
    requester,
    ente,
    openTickets: open.map(ref),
    openCount: open[0]?.total ?? 0,
    recentlyClosed: closed.map(ref),
    services: services.map(({ total: _total, ...s }) => s),
    servicesCount: services[0]?.total ?? 0,
  };
}
