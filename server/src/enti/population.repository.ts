import type { DataSource, EntityManager } from 'typeorm';
import type { EnteKind, PopulationRecord } from '@cit/shared';

type Db = DataSource | EntityManager;

interface Row {
  ente_id: string;
  as_of_year: number;
  residents: number;
  businesses: number;
  version: number;
}

const record = (r: Row): PopulationRecord => ({
  enteId: r.ente_id,
  asOfYear: r.as_of_year,
  residents: r.residents,
  businesses: r.businesses,
  version: r.version,
});

export async function populationOf(db: Db, enteId: string): Promise<PopulationRecord[]> {
  const rows = (await db.query(
    `SELECT ente_id, as_of_year, residents, businesses, version FROM ente_population WHERE ente_id = $1 ORDER BY as_of_year DESC`,
    [enteId],
  )) as Row[];
  return rows.map(record);
}

/** One year of an Ente, locked until the end of the transaction (the optimistic check reads what it then writes). */
export async function lockPopulation(tx: EntityManager, enteId: string, year: number): Promise<PopulationRecord | null> {
  const [row] = (await tx.query(
    `SELECT ente_id, as_of_year, residents, businesses, version FROM ente_population WHERE ente_id = $1 AND as_of_year = $2 FOR UPDATE`,
    [enteId, year],
  )) as Row[];
  return row ? record(row) : null;
}

/**
 * Inserts the year (`expectedVersion` null) or updates it from the version the caller read; null when someone
 * else got there first (a row already inserted, or another version), so the caller answers 409.
 */
export async function writePopulation(
  tx: EntityManager,
  enteId: string,
  year: number,
  figures: { residents: number; businesses: number },
  expectedVersion: number | null,
): Promise<PopulationRecord | null> {
  const rows = (await (expectedVersion === null
    ? tx.query(
        `INSERT INTO ente_population (ente_id, as_of_year, residents, businesses) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ente_id, as_of_year) DO NOTHING
         RETURNING ente_id, as_of_year, residents, businesses, version`,
        [enteId, year, figures.residents, figures.businesses],
      )
    : // A CTE: a bare UPDATE … RETURNING comes back from the driver as [rows, count].
      tx.query(
        `WITH u AS (UPDATE ente_population SET residents = $3, businesses = $4, version = version + 1
                    WHERE ente_id = $1 AND as_of_year = $2 AND version = $5
                    RETURNING ente_id, as_of_year, residents, businesses, version)
         SELECT * FROM u`,
        [enteId, year, figures.residents, figures.businesses, expectedVersion],
      ))) as Row[];
  const [row] = rows;
  return row ? record(row) : null;
}

export async function deletePopulation(tx: EntityManager, enteId: string, year: number): Promise<void> {
  await tx.query(`DELETE FROM ente_population WHERE ente_id = $1 AND as_of_year = $2`, [enteId, year]);
}

export interface ImportTarget {
  id: string;
  name: string;
  kind: EnteKind;
  istatCode: string;
  recordedQuota2021: string | null;
  /** The year's figures on file, null when none. */
  current: { residents: number; businesses: number; version: number } | null;
  /** Residents at 31 December of the year before, the comparison when the year is new. */
  previousResidents: number | null;
}

/** The Enti with these ISTAT codes and their figures of `year` (locked when `lock`, for the apply). */
export async function importTargets(db: Db, codes: readonly string[], year: number, lock = false): Promise<Map<string, ImportTarget>> {
  const rows = (await db.query(
    `SELECT e.id, e.name, e.kind, e.istat_code, p.residents, p.businesses, p.version,
            (SELECT q.residents FROM ente_population q WHERE q.ente_id = e.id AND q.as_of_year = $2 - 1) AS previous_residents,
            (SELECT m.recorded_quota FROM memberships m WHERE m.ente_id = e.id AND m.period_code = '2021-2025') AS recorded_quota
     FROM enti e LEFT JOIN ente_population p ON p.ente_id = e.id AND p.as_of_year = $2
     WHERE e.istat_code = ANY($1::text[])
     ORDER BY e.id${lock ? ' FOR UPDATE OF e' : ''}`,
    [codes, year],
  )) as Array<{
    id: string;
    name: string;
    kind: EnteKind;
    istat_code: string;
    residents: number | null;
    businesses: number | null;
    version: number | null;
    previous_residents: number | null;
    recorded_quota: string | null;
  }>;
  return new Map(
    rows.map((r) => [
      r.istat_code,
      {
        id: r.id,
        name: r.name,
        kind: r.kind,
        istatCode: r.istat_code,
        recordedQuota2021: r.recorded_quota,
        current:
          r.residents === null || r.businesses === null || r.version === null
            ? null
            : { residents: r.residents, businesses: r.businesses, version: r.version },
        previousResidents: r.previous_residents,
      },
    ]),
  );
}

/** One previewed change as stored: enough to check at apply time that nothing moved since. */
export interface StoredChange {
  enteId: string;
  residents: number;
  businesses: number;
  before: { residents: number; businesses: number; version: number } | null;
}

export async function savePendingImport(
  tx: EntityManager,
  p: { year: number; fileName: string; sha256: string; changes: StoredChange[]; userId: string },
): Promise<string> {
  const [row] = (await tx.query(
    `INSERT INTO population_imports (as_of_year, file_name, file_sha256, changes, created_by) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
    [p.year, p.fileName, p.sha256, JSON.stringify(p.changes), p.userId],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('population_imports insert returned no row');
  return row.id;
}

export async function lockPendingImport(
  tx: EntityManager,
  id: string,
): Promise<{ year: number; changes: StoredChange[]; appliedAt: Date | null } | null> {
  const [row] = (await tx.query(`SELECT as_of_year, changes, applied_at FROM population_imports WHERE id = $1 FOR UPDATE`, [id])) as Array<{
    as_of_year: number;
    changes: StoredChange[];
    applied_at: Date | null;
  }>;
  return row ? { year: row.as_of_year, changes: row.changes, appliedAt: row.applied_at } : null;
}

/** The current figures of `year` for these Enti, row-locked so the apply compares and writes the same state. */
export async function lockYearOf(tx: EntityManager, enteIds: readonly string[], year: number): Promise<Map<string, PopulationRecord>> {
  const rows = (await tx.query(
    `SELECT ente_id, as_of_year, residents, businesses, version FROM ente_population
     WHERE ente_id = ANY($1::uuid[]) AND as_of_year = $2 ORDER BY ente_id FOR UPDATE`,
    [enteIds, year],
  )) as Row[];
  return new Map(rows.map((r) => [r.ente_id, record(r)]));
}

export async function markImportApplied(tx: EntityManager, id: string, userId: string): Promise<void> {
  await tx.query(`UPDATE population_imports SET applied_at = now(), applied_by = $2 WHERE id = $1`, [id, userId]);
}

export async function enteNameById(db: Db, enteId: string): Promise<string | null> {
  const [row] = (await db.query(`SELECT name FROM enti WHERE id = $1`, [enteId])) as Array<{ name: string }>;
  return row?.name ?? null;
}
