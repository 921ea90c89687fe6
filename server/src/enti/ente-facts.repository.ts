import type { DataSource, EntityManager } from 'typeorm';
import { payerOf, type EnteFacts } from '@cit/shared';

interface EnteRow {
  name: string;
  kind: EnteFacts['kind'];
  capofila_id: string | null;
  capofila_pays: boolean;
  residents: number | null;
  recorded_quota: string | null;
}

/**
 * The facts the engine reads: residents at 31 December of `year` − 1 exactly (no older year: a missing one is
 * null, and the rule that needs it refuses naming the Ente and the year).
 */
function factsOf(row: EnteRow, year: number): EnteFacts {
  return {
    kind: row.kind,
    residents: row.residents,
    name: row.name,
    residentsYear: year - 1,
    recordedQuota2021Cents: row.recorded_quota === null ? null : Math.round(Number(row.recorded_quota) * 100),
  };
}

/**
 * What the tariff engine needs to know about an Ente for pricing `year` (residents at 31 December of the year
 * before), and who pays for it (the capofila when it pays for its member).
 */
export async function enteFactsFor(db: DataSource | EntityManager, enteId: string, year: number): Promise<{ ente: EnteFacts; payerId: string }> {
  const [row] = (await db.query(
    `SELECT e.name, e.kind, e.capofila_id, e.capofila_pays,
            (SELECT p.residents FROM ente_population p WHERE p.ente_id = e.id AND p.as_of_year = $2) AS residents,
            (SELECT m.recorded_quota FROM memberships m WHERE m.ente_id = e.id AND m.period_code = '2021-2025') AS recorded_quota
     FROM enti e WHERE e.id = $1`,
    [enteId, year - 1],
  )) as EnteRow[];
  if (!row) throw new Error(`Ente ${enteId} not found`);
  return {
    ente: factsOf(row, year),
    payerId: payerOf({ id: enteId, capofilaId: row.capofila_id, capofilaPays: row.capofila_pays }),
  };
}

/** What the renewal of `year` needs about each Ente: its facts for pricing, payer, name, address and membership of `period`. */
export interface RenewalFacts {
  ente: EnteFacts;
  payerId: string;
  name: string;
  pec: string | null;
  member: boolean;
}

/** `enteFactsFor` for many Enti in one statement, plus whether each has signed the convention `period`. */
export async function renewalFactsFor(
  db: DataSource | EntityManager,
  enteIds: readonly string[],
  year: number,
  period: string,
): Promise<Map<string, RenewalFacts>> {
  if (enteIds.length === 0) return new Map();
  const rows = (await db.query(
    `SELECT e.id, e.name, e.pec, e.kind, e.capofila_id, e.capofila_pays,
            (SELECT p.residents FROM ente_population p WHERE p.ente_id = e.id AND p.as_of_year = $2) AS residents,
            (SELECT m.recorded_quota FROM memberships m WHERE m.ente_id = e.id AND m.period_code = '2021-2025') AS recorded_quota,
            EXISTS (SELECT 1 FROM memberships m WHERE m.ente_id = e.id AND m.period_code = $3) AS member
     FROM enti e WHERE e.id = ANY($1::uuid[])`,
    [enteIds, year - 1, period],
  )) as Array<EnteRow & { id: string; pec: string | null; member: boolean }>;
  return new Map(
    rows.map((row) => [
      row.id,
      {
        ente: factsOf(row, year),
        payerId: payerOf({ id: row.id, capofilaId: row.capofila_id, capofilaPays: row.capofila_pays }),
        name: row.name,
        pec: row.pec,
        member: row.member,
      },
    ]),
  );
}

/**
 * The Ente that answers today for each codice fiscale: a Comune merged into another keeps its codice fiscale in
 * outside files (Telemaco), and what comes under it goes to the Ente it was merged into, following merges of merges.
 */
export async function currentEntiByFiscalCode(db: DataSource | EntityManager, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = (await db.query(
    `WITH RECURSIVE chain AS (
       SELECT e.fiscal_code, e.id, e.merged_into_id, 0 AS depth FROM enti e WHERE e.fiscal_code = ANY($1::text[])
       UNION ALL
       SELECT c.fiscal_code, t.id, t.merged_into_id, c.depth + 1 FROM chain c JOIN enti t ON t.id = c.merged_into_id WHERE c.depth < 20)
     SELECT DISTINCT ON (fiscal_code) id, fiscal_code FROM chain WHERE merged_into_id IS NULL ORDER BY fiscal_code, depth`,
    [codes],
  )) as Array<{ id: string; fiscal_code: string }>;
  return new Map(rows.map((e) => [e.fiscal_code, e.id]));
}
