import type { DataSource, EntityManager } from 'typeorm';
import { payerOf, type EnteFacts } from '@cit/shared';

interface EnteRow {
  kind: EnteFacts['kind'];
  capofila_id: string | null;
  capofila_pays: boolean;
  residents: number | null;
  recorded_quota: string | null;
}

/**
 * What the tariff engine needs to know about an Ente for pricing `year` (residents at 31 December of the year
 * before), and who pays for it (the capofila when it pays for its member).
 */
export async function enteFactsFor(db: DataSource | EntityManager, enteId: string, year: number): Promise<{ ente: EnteFacts; payerId: string }> {
  const [row] = (await db.query(
    `SELECT e.kind, e.capofila_id, e.capofila_pays,
            (SELECT p.residents FROM ente_population p WHERE p.ente_id = e.id AND p.as_of_year <= $2
             ORDER BY p.as_of_year DESC LIMIT 1) AS residents,
            (SELECT m.recorded_quota FROM memberships m WHERE m.ente_id = e.id AND m.period_code = '2021-2025') AS recorded_quota
     FROM enti e WHERE e.id = $1`,
    [enteId, year - 1],
  )) as EnteRow[];
  if (!row) throw new Error(`Ente ${enteId} not found`);
  return {
    ente: {
      kind: row.kind,
      residents: row.residents ?? 0,
      recordedQuota2021Cents: row.recorded_quota === null ? null : Math.round(Number(row.recorded_quota) * 100),
    },
    payerId: payerOf({ id: enteId, capofilaId: row.capofila_id, capofilaPays: row.capofila_pays }),
  };
}
