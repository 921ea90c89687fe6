import type { DataSource } from 'typeorm';
import type { CannedTicketFacts } from '@cit/shared';
import { formatProtocol } from '../tickets/tickets.service';

/** What a bulk request reads about its tickets in one statement: protocols for the report, placeholder values. */
export async function bulkTicketFacts(ds: DataSource, ids: readonly string[]): Promise<Map<string, CannedTicketFacts>> {
  const rows = (await ds.query(
    `SELECT t.id, t.protocol_year AS year, t.protocol_number AS number, u.name AS "requesterName", e.name AS "enteName",
            t.service_code AS "serviceCode", t.resolve_due AS "resolveDue"
       FROM tickets t JOIN users u ON u.id = t.requester_id JOIN enti e ON e.id = t.ente_id
      WHERE t.id = ANY($1)`,
    [ids],
  )) as Array<{ id: string; year: number; number: number; requesterName: string; enteName: string; serviceCode: string | null; resolveDue: Date | null }>;
  return new Map(
    rows.map((r) => [
      r.id,
      { protocol: formatProtocol(r.year, r.number), requesterName: r.requesterName, enteName: r.enteName, serviceCode: r.serviceCode, resolveDue: r.resolveDue },
    ]),
  );
}
