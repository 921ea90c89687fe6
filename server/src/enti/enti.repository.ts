import type { DataSource, EntityManager } from 'typeorm';
import type { CapofilaPeriod, EnteKind, MergeMoved } from '@cit/shared';
import { reassignEnte } from '../billing/ledger/billing-entries.repository';

type Db = DataSource | EntityManager;

/** An Ente's own columns, as the audit log records them (before/after). */
export interface EnteRecord {
  id: string;
  name: string;
  kind: EnteKind;
  fiscalCode: string;
  istatCode: string | null;
  ipaCode: string | null;
  pec: string | null;
  capofilaId: string | null;
  capofilaPays: boolean;
  deactivatedAt: string | null;
  mergedIntoId: string | null;
  mergedOn: string | null;
  version: number;
}

export type EnteColumns = Pick<EnteRecord, 'name' | 'kind' | 'fiscalCode' | 'istatCode' | 'ipaCode' | 'pec' | 'capofilaId' | 'capofilaPays'>;

const SELECT_ENTE = `
  SELECT id, name, kind, fiscal_code AS "fiscalCode", istat_code AS "istatCode", ipa_code AS "ipaCode", pec,
         capofila_id AS "capofilaId", capofila_pays AS "capofilaPays",
         to_char(deactivated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "deactivatedAt",
         merged_into_id AS "mergedIntoId", to_char(merged_on, 'YYYY-MM-DD') AS "mergedOn", version
    FROM enti`;

/** The Enti with these ids, locked for update in id order (two merges touching the same pair cannot deadlock). */
export async function lockEnti(tx: EntityManager, ids: string[]): Promise<Map<string, EnteRecord>> {
  const rows = (await tx.query(`${SELECT_ENTE} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids])) as EnteRecord[];
  return new Map(rows.map((r) => [r.id, r]));
}

export async function readEnte(db: Db, id: string): Promise<EnteRecord | undefined> {
  const [row] = (await db.query(`${SELECT_ENTE} WHERE id = $1`, [id])) as EnteRecord[];
  return row;
}

export async function insertEnte(tx: EntityManager, c: EnteColumns): Promise<string> {
  const [row] = (await tx.query(
    `INSERT INTO enti (name, kind, fiscal_code, istat_code, ipa_code, pec, capofila_id, capofila_pays)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [c.name, c.kind, c.fiscalCode, c.istatCode, c.ipaCode, c.pec, c.capofilaId, c.capofilaPays],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('ente not inserted');
  return row.id;
}

export async function updateEnteColumns(tx: EntityManager, id: string, c: EnteColumns): Promise<void> {
  await tx.query(
    `UPDATE enti SET name = $2, kind = $3, fiscal_code = $4, istat_code = $5, ipa_code = $6, pec = $7, capofila_id = $8,
            capofila_pays = $9, version = version + 1, updated_at = now()
      WHERE id = $1`,
    [id, c.name, c.kind, c.fiscalCode, c.istatCode, c.ipaCode, c.pec, c.capofilaId, c.capofilaPays],
  );
}

export async function setDeactivated(tx: EntityManager, id: string, deactivated: boolean): Promise<void> {
  await tx.query(
    `UPDATE enti SET deactivated_at = CASE WHEN $2 THEN now() ELSE NULL END, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, deactivated],
  );
}

/** Enti that hold another as their capofila today (a capofila cannot be merged away from under its members). */
export async function currentMembers(db: Db, capofilaId: string): Promise<Array<{ id: string; name: string }>> {
  return (await db.query(`SELECT id, name FROM enti WHERE capofila_id = $1 ORDER BY name`, [capofilaId])) as Array<{ id: string; name: string }>;
}

/** Which of these values are already used by another Ente, by field. */
export async function takenCodes(
  db: Db,
  exceptId: string | null,
  c: Pick<EnteRecord, 'name' | 'fiscalCode' | 'istatCode' | 'ipaCode'>,
): Promise<Array<{ field: 'name' | 'fiscalCode' | 'istatCode' | 'ipaCode'; owner: string }>> {
  return (await db.query(
    `SELECT f.field, e.name AS owner FROM enti e
       JOIN LATERAL (VALUES ('name', lower(e.name) = lower($2)), ('fiscalCode', e.fiscal_code = $3),
                            ('istatCode', e.istat_code = $4), ('ipaCode', e.ipa_code = $5)) f (field, hit) ON f.hit
      WHERE e.id IS DISTINCT FROM $1::uuid
      ORDER BY f.field`,
    [exceptId, c.name, c.fiscalCode, c.istatCode, c.ipaCode],
  )) as Array<{ field: 'name' | 'fiscalCode' | 'istatCode' | 'ipaCode'; owner: string }>;
}

// ---- Capofila history ----------------------------------------------------------------------------------------

export async function openCapofilaPeriod(db: Db, enteId: string): Promise<{ id: string; validFrom: string } | undefined> {
  const [row] = (await db.query(
    `SELECT id, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom" FROM ente_capofila_periods WHERE ente_id = $1 AND valid_to IS NULL`,
    [enteId],
  )) as Array<{ id: string; validFrom: string }>;
  return row;
}

/** Ends the open period the day before `from` (or on its first day, when it began that same day). */
export async function closeCapofilaPeriod(tx: EntityManager, enteId: string, from: string): Promise<void> {
  await tx.query(
    `UPDATE ente_capofila_periods SET valid_to = greatest(valid_from, $2::date - 1) WHERE ente_id = $1 AND valid_to IS NULL`,
    [enteId, from],
  );
}

export async function startCapofilaPeriod(tx: EntityManager, enteId: string, capofilaId: string, pays: boolean, from: string): Promise<void> {
  await tx.query(`INSERT INTO ente_capofila_periods (ente_id, capofila_id, capofila_pays, valid_from) VALUES ($1, $2, $3, $4)`, [
    enteId,
    capofilaId,
    pays,
    from,
  ]);
}

/**
 * What the Ente's page shows besides its own row: the capofila history, the Ente it was merged into and those
 * merged into it. Read after the caller's scope has admitted the Ente: names of related Enti add no visibility.
 */
export async function enteRelations(
  db: Db,
  enteId: string,
): Promise<{ capofilaHistory: CapofilaPeriod[]; mergedInto: { id: string; name: string; mergedOn: string } | null; mergedFrom: Array<{ id: string; name: string; mergedOn: string }> }> {
  const [history, into, from] = await Promise.all([
    db.query(
      `SELECT json_build_object('id', c.id, 'name', c.name) AS capofila, p.capofila_pays AS "capofilaPays",
              to_char(p.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(p.valid_to, 'YYYY-MM-DD') AS "validTo"
         FROM ente_capofila_periods p JOIN enti c ON c.id = p.capofila_id
        WHERE p.ente_id = $1 ORDER BY p.valid_from DESC, p.created_at DESC`,
      [enteId],
    ) as Promise<CapofilaPeriod[]>,
    db.query(
      `SELECT t.id, t.name, to_char(e.merged_on, 'YYYY-MM-DD') AS "mergedOn" FROM enti e JOIN enti t ON t.id = e.merged_into_id WHERE e.id = $1`,
      [enteId],
    ) as Promise<Array<{ id: string; name: string; mergedOn: string }>>,
    db.query(`SELECT id, name, to_char(merged_on, 'YYYY-MM-DD') AS "mergedOn" FROM enti WHERE merged_into_id = $1 ORDER BY merged_on, name`, [
      enteId,
    ]) as Promise<Array<{ id: string; name: string; mergedOn: string }>>,
  ]);
  return { capofilaHistory: history, mergedInto: into[0] ?? null, mergedFrom: from };
}

// ---- Merger ---------------------------------------------------------------------------------------------------

/** How many rows a merger of `fromId` would move (the confirmation dialog lists them). */
export async function mergeCounts(db: Db, fromId: string): Promise<MergeMoved> {
  const [row] = (await db.query(
    `SELECT (SELECT count(*) FROM tickets WHERE ente_id = $1)::int AS tickets,
            (SELECT count(*) FROM service_records WHERE ente_id = $1)::int AS "serviceRecords",
            (SELECT count(*) FROM service_records WHERE payer_ente_id = $1)::int AS "serviceRecordsAsPayer",
            (SELECT count(*) FROM billing_entries WHERE ente_id = $1)::int AS "billingEntries",
            (SELECT count(*) FROM billing_entries WHERE payer_ente_id = $1)::int AS "billingEntriesAsPayer",
            (SELECT count(*) FROM ticket_surveys WHERE ente_id = $1)::int AS surveys,
            (SELECT count(*) FROM user_enti WHERE ente_id = $1)::int AS users`,
    [fromId],
  )) as MergeMoved[];
  if (!row) throw new Error('merge counts not read');
  return row;
}

/**
 * Moves what the merged Ente leaves to the one it flows into: tickets (service requests are tickets), their
 * surveys, service records and billing entries as Ente served and as payer, and users' links. Service units
 * are renumbered after the target's own units of the same service and convention (the unit key is per Ente).
 * Memberships, residents, Telemaco look-ups and issued statements stay with the merged Ente as its history.
 */
export async function moveMergedRows(tx: EntityManager, fromId: string, intoId: string): Promise<MergeMoved> {
  // TypeORM answers an UPDATE with [rows, affected row count].
  const count = async (sql: string): Promise<number> => {
    const [, affected] = (await tx.query(sql, [fromId, intoId])) as [unknown[], number];
    return affected;
  };
  const moved: MergeMoved = {
    tickets: await count(`UPDATE tickets SET ente_id = $2 WHERE ente_id = $1`),
    surveys: await count(`UPDATE ticket_surveys SET ente_id = $2 WHERE ente_id = $1`),
    serviceRecords: await count(
      `UPDATE service_records r
          SET ente_id = $2,
              unit_index = r.unit_index + coalesce((SELECT max(t.unit_index) FROM service_records t
                                                    WHERE t.ente_id = $2 AND t.service_code = r.service_code
                                                      AND t.convention_period = r.convention_period), 0)
        WHERE r.ente_id = $1`,
    ),
    serviceRecordsAsPayer: await count(`UPDATE service_records SET payer_ente_id = $2 WHERE payer_ente_id = $1`),
    billingEntries: 0,
    billingEntriesAsPayer: 0,
    users: 0,
  };
  // Billing entries have one writer, the ledger.
  const entries = await reassignEnte(tx, fromId, intoId);
  moved.billingEntries = entries.asEnte;
  moved.billingEntriesAsPayer = entries.asPayer;
  // A user already linked to both keeps one link to the target; each counts once.
  const [users] = (await tx.query(
    `WITH gone AS (DELETE FROM user_enti WHERE ente_id = $1 RETURNING user_id),
          added AS (INSERT INTO user_enti (user_id, ente_id) SELECT user_id, $2 FROM gone ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM gone`,
    [fromId, intoId],
  )) as Array<{ n: number }>;
  moved.users = users?.n ?? 0;
  return moved;
}

/** Marks the Ente merged from `mergedOn` and inactive; its capofila relation ends the day before. */
export async function markMerged(tx: EntityManager, fromId: string, intoId: string, mergedOn: string): Promise<void> {
  await closeCapofilaPeriod(tx, fromId, mergedOn);
  await tx.query(
    `UPDATE enti SET merged_into_id = $2, merged_on = $3, deactivated_at = coalesce(deactivated_at, now()), capofila_id = NULL,
            capofila_pays = false, version = version + 1, updated_at = now()
      WHERE id = $1`,
    [fromId, intoId, mergedOn],
  );
}
