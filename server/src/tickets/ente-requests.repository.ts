import type { DataSource, EntityManager } from 'typeorm';
import type { HomeRequest } from '@cit/shared';
import { formatProtocol } from './tickets.service';

type Row = Omit<HomeRequest, 'protocol'> & { protocolYear: number; protocolNumber: number; total: number };

/**
 * An Ente's tickets still in the CIT's hands (not solved, closed or deleted), most recently updated first, with
 * their approval and application state, and how many there are. The caller has checked the Ente is in its scope.
 */
export async function requestsInProgress(db: DataSource | EntityManager, enteId: string, limit: number): Promise<{ items: HomeRequest[]; total: number }> {
  const rows = (await db.query(
    `SELECT id, protocol_year AS "protocolYear", protocol_number AS "protocolNumber", title, category, service_code AS "serviceCode",
            status, approval_state AS "approvalState", applied_at IS NOT NULL AS applied,
            apply_failed_at IS NOT NULL AS "applyFailed", to_json(updated_at) #>> '{}' AS "updatedAt",
            count(*) OVER ()::int AS total
       FROM tickets
      WHERE ente_id = $1 AND status NOT IN ('solved', 'closed', 'deleted')
      ORDER BY updated_at DESC, id DESC LIMIT $2`,
    [enteId, limit],
  )) as Row[];
  return {
    items: rows.map(({ protocolYear, protocolNumber, total: _total, ...r }) => ({ ...r, protocol: formatProtocol(protocolYear, protocolNumber) })),
    total: rows[0]?.total ?? 0,
  };
}
