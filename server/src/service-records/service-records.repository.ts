import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** Writes and counts of `service_records`: the worker's apply job and the renewals are its callers. */

export interface NewServiceRecord {
  enteId: string;
  payerEnteId: string;
  serviceCode: string;
  variant: string | null;
  unitIndex: number;
  unitLabel: string | null;
  conventionPeriod: string;
  requestTicketId: string;
  /** Position of the unit within its request (1…quantity): with the ticket, the record's natural key. */
  requestUnit: number;
  requestDate: string;
  protocol: string;
  referentName: string;
  referentEmail: string;
  formAttachmentId: string | null;
  feeType: string;
  free: boolean;
  freeReason: string;
  annualCents: number | null;
  supplierId: string | null;
}

/** Inserts a record, billing starting on the request date; null when the unit of that request exists already. */
export async function insertServiceRecord(tx: EntityManager, r: NewServiceRecord): Promise<string | null> {
  const [row] = (await tx.query(
    `INSERT INTO service_records (ente_id, payer_ente_id, service_code, variant, unit_index, unit_label, convention_period,
       request_ticket_id, request_unit, request_date, protocol, referent_name, referent_email, form_attachment_id,
       fee_type, free, free_reason, starts_on, annual_cents, supplier_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $10, $18, $19)
     ON CONFLICT (request_ticket_id, request_unit) DO NOTHING RETURNING id`,
    [
      r.enteId,
      r.payerEnteId,
      r.serviceCode,
      r.variant,
      r.unitIndex,
      r.unitLabel,
      r.conventionPeriod,
      r.requestTicketId,
      r.requestUnit,
      r.requestDate,
      r.protocol,
      r.referentName,
      r.referentEmail,
      r.formAttachmentId,
      r.feeType,
      r.free,
      r.freeReason,
      r.annualCents,
      r.supplierId,
    ],
  )) as Array<{ id: string }>;
  return row?.id ?? null;
}

/**
 * Units of a service the Ente has held in a convention (they use up the allowance first). Takes a transaction
 * lock per Ente, service and period first: concurrent jobs must not both hand out the same free units.
 */
export async function lockAndCountHeldUnits(tx: EntityManager, enteId: string, serviceCode: string, period: string): Promise<number> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`service-units:${enteId}:${serviceCode}:${period}`]);
  const [held] = (await tx.query(
    `SELECT count(*)::int AS n FROM service_records WHERE ente_id = $1 AND service_code = $2 AND convention_period = $3`,
    [enteId, serviceCode, period],
  )) as Array<{ n: number }>;
  return held?.n ?? 0;
}

/** Ends the named records of an Ente on `endsOn` for a cancellation; returns those it changed. */
export async function cancelServiceRecords(
  tx: EntityManager,
  c: { recordIds: string[]; enteId: string; endsOn: string; ticketId: string; protocol: string; requestedOn: string },
): Promise<Array<{ service_code: string; unit_index: number }>> {
  // A CTE so that the driver returns the updated rows themselves (a bare UPDATE … RETURNING comes back as [rows, count]).
  return (await tx.query(
    `WITH ended AS (
       UPDATE service_records SET ends_on = LEAST(COALESCE(ends_on, $3::date), $3::date), cancellation_ticket_id = $4,
         cancellation_protocol = $5, cancellation_requested_on = $6
       WHERE id = ANY($1::uuid[]) AND ente_id = $2 AND cancellation_ticket_id IS NULL
       RETURNING service_code, unit_index)
     SELECT * FROM ended`,
    [c.recordIds, c.enteId, c.endsOn, c.ticketId, c.protocol, c.requestedOn],
  )) as Array<{ service_code: string; unit_index: number }>;
}

/** Replaces the CIT staff notes of a record; false when there is no such record. */
export async function updateServiceRecordNotes(db: DataSource | EntityManager, recordId: string, notes: string | null): Promise<boolean> {
  const rows = (await db.query(`WITH u AS (UPDATE service_records SET notes = $2 WHERE id = $1 RETURNING 1) SELECT count(*)::int AS n FROM u`, [
    recordId,
    notes,
  ])) as Array<{ n: number }>;
  return (rows[0]?.n ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------
// The 1 January renewal (renewals.ts decides; these read and write the records, set-based).

/**
 * The records the renewal of `year` decides about: annual, started before 1 January, still running that day, and
 * not yet renewed for that year (so a second run finds nothing). `$1` is the year; the alias is the records'.
 */
export const renewableCondition = (alias: string, year: string): string =>
  `${alias}.fee_type = 'annual' AND ${alias}.starts_on < make_date(${year}, 1, 1)
   AND (${alias}.ends_on IS NULL OR ${alias}.ends_on >= make_date(${year}, 1, 1))
   AND (${alias}.renewed_for_year IS NULL OR ${alias}.renewed_for_year < ${year})`;

export interface RenewableRecordRow {
  id: string;
  enteId: string;
  serviceCode: string;
  variant: string | null;
  unitIndex: number;
  unitLabel: string | null;
  conventionPeriod: string;
  feeType: string;
  referentEmail: string;
}

/** The next Enti (by id, after `afterEnteId`) that have records to renew in `year`: the renewal works in batches of Enti. */
export async function entiToRenew(db: Db, year: number, afterEnteId: string | null, limit: number, onlyEnti?: readonly string[]): Promise<string[]> {
  const rows = (await db.query(
    `SELECT DISTINCT r.ente_id FROM service_records r
     WHERE ${renewableCondition('r', '$1::int')} AND ($2::uuid IS NULL OR r.ente_id > $2::uuid)
       AND ($4::uuid[] IS NULL OR r.ente_id = ANY($4::uuid[]))
     ORDER BY r.ente_id LIMIT $3`,
    [year, afterEnteId, limit, onlyEnti ?? null],
  )) as Array<{ ente_id: string }>;
  return rows.map((r) => r.ente_id);
}

/** The records of these Enti to renew in `year`; `lock` holds them against a concurrent cancellation until the renewal commits. */
export async function renewableRecords(db: Db, year: number, enteIds: readonly string[], lock: boolean): Promise<RenewableRecordRow[]> {
  if (enteIds.length === 0) return [];
  return (await db.query(
    `SELECT r.id, r.ente_id AS "enteId", r.service_code AS "serviceCode", r.variant, r.unit_index AS "unitIndex",
            r.unit_label AS "unitLabel", r.convention_period AS "conventionPeriod", r.fee_type AS "feeType", r.referent_email AS "referentEmail"
     FROM service_records r
     WHERE r.ente_id = ANY($2::uuid[]) AND ${renewableCondition('r', '$1::int')}
     ORDER BY r.id ${lock ? 'FOR UPDATE' : ''}`,
    [year, enteIds],
  )) as RenewableRecordRow[];
}

/**
 * The highest unit number per Ente and service already used in a convention period. With `lock`, first takes the
 * same per Ente/service/period locks as an activation, so that both never hand out the same unit numbers.
 */
export async function unitsNumberedIn(
  tx: Db,
  period: string,
  pairs: ReadonlyArray<{ enteId: string; serviceCode: string }>,
  lock: boolean,
): Promise<Map<string, Record<string, number>>> {
  if (pairs.length === 0) return new Map();
  if (lock) {
    const keys = [...new Set(pairs.map((p) => `service-units:${p.enteId}:${p.serviceCode}:${period}`))].sort();
    // One statement, in a fixed order: two renewals running at once cannot deadlock on these locks.
    await tx.query(`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) keys`, [keys]);
  }
  const rows = (await tx.query(
    `SELECT ente_id, service_code, max(unit_index)::int AS n FROM service_records
     WHERE convention_period = $1 AND ente_id = ANY($2::uuid[]) AND service_code = ANY($3::text[])
     GROUP BY ente_id, service_code`,
    [period, [...new Set(pairs.map((p) => p.enteId))], [...new Set(pairs.map((p) => p.serviceCode))]],
  )) as Array<{ ente_id: string; service_code: string; n: number }>;
  const held = new Map<string, Record<string, number>>();
  for (const r of rows) held.set(r.ente_id, { ...held.get(r.ente_id), [r.service_code]: r.n });
  return held;
}

export interface RenewedRecord {
  id: string;
  conventionPeriod: string;
  unitIndex: number;
  free: boolean;
  freeReason: string;
  /** The fee of the renewed year (null when free): the record shows what it costs now, the ledger what it cost each year. */
  annualCents: number | null;
  payerEnteId: string;
}

/** Moves renewed records into the year's convention and price; returns how many it changed (0 on a second run). */
export async function markRenewed(tx: EntityManager, year: number, records: readonly RenewedRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const [row] = (await tx.query(
    `WITH input AS (
       SELECT * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bool[], $6::text[], $7::int[], $8::uuid[])
         AS i(id, convention_period, unit_index, free, free_reason, annual_cents, payer_ente_id)),
     renewed AS (
       UPDATE service_records r SET convention_period = i.convention_period, unit_index = i.unit_index, free = i.free,
              free_reason = i.free_reason, annual_cents = i.annual_cents, payer_ente_id = i.payer_ente_id, renewed_for_year = $1
       FROM input i WHERE r.id = i.id AND (r.renewed_for_year IS NULL OR r.renewed_for_year < $1)
       RETURNING 1)
     SELECT count(*)::int AS n FROM renewed`,
    [
      year,
      records.map((r) => r.id),
      records.map((r) => r.conventionPeriod),
      records.map((r) => r.unitIndex),
      records.map((r) => r.free),
      records.map((r) => r.freeReason),
      records.map((r) => r.annualCents),
      records.map((r) => r.payerEnteId),
    ],
  )) as Array<{ n: number }>;
  return row?.n ?? 0;
}

/** Ends records the renewal does not renew on 31 December of the year before, with the reason; returns how many it changed. */
export async function endUnrenewed(tx: EntityManager, year: number, records: ReadonlyArray<{ id: string; reason: string }>): Promise<number> {
  if (records.length === 0) return 0;
  const [row] = (await tx.query(
    `WITH input AS (SELECT * FROM unnest($2::uuid[], $3::text[]) AS i(id, reason)),
     ended AS (
       UPDATE service_records r SET ends_on = make_date($1::int - 1, 12, 31), end_reason = i.reason
       FROM input i WHERE r.id = i.id AND (r.ends_on IS NULL OR r.ends_on >= make_date($1::int, 1, 1))
       RETURNING 1)
     SELECT count(*)::int AS n FROM ended`,
    [year, records.map((r) => r.id), records.map((r) => r.reason)],
  )) as Array<{ n: number }>;
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Records imported from SoftwareCit (the history before this product): no request ticket, keyed by `import_key`.

export interface ImportedServiceRecord {
  importKey: string;
  enteId: string;
  payerEnteId: string;
  serviceCode: string;
  variant: string | null;
  conventionPeriod: string;
  requestDate: string;
  protocol: string;
  referentName: string;
  referentEmail: string;
  feeType: 'annual' | 'one_off' | 'usage' | 'none';
  free: boolean;
  freeReason: string;
  startsOn: string;
  endsOn: string | null;
  annualCents: number | null;
  notes: string | null;
}

/** What an earlier import wrote under these keys (key → the fields a re-run compares). */
export async function importedServiceRecords(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, { enteId: string; payerEnteId: string; serviceCode: string; startsOn: string; endsOn: string | null; annualCents: number | null }>> {
  if (keys.length === 0) return new Map();
  const rows = (await db.query(
    `SELECT import_key, ente_id, payer_ente_id, service_code, starts_on::text, ends_on::text, annual_cents FROM service_records WHERE import_key = ANY($1::text[])`,
    [keys],
  )) as Array<{ import_key: string; ente_id: string; payer_ente_id: string; service_code: string; starts_on: string; ends_on: string | null; annual_cents: number | null }>;
  return new Map(
    rows.map((r) => [
      r.import_key,
      { enteId: r.ente_id, payerEnteId: r.payer_ente_id, serviceCode: r.service_code, startsOn: r.starts_on, endsOn: r.ends_on, annualCents: r.annual_cents },
    ]),
  );
}

/**
 * Inserts imported records in one statement; a key already there is left alone. Unit numbers continue, per Ente,
 * service and convention, after the highest one in use (under the same locks as an activation). Returns how many it created.
 */
export async function insertImportedServiceRecords(tx: EntityManager, records: readonly ImportedServiceRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const byPeriod = new Map<string, Array<{ enteId: string; serviceCode: string }>>();
  for (const r of records) byPeriod.set(r.conventionPeriod, [...(byPeriod.get(r.conventionPeriod) ?? []), { enteId: r.enteId, serviceCode: r.serviceCode }]);
  for (const [period, pairs] of [...byPeriod].sort(([a], [b]) => a.localeCompare(b))) await unitsNumberedIn(tx, period, pairs, true);
  const [row] = (await tx.query(
    `WITH input AS (
       SELECT * FROM json_to_recordset($1::json) AS i(ord int, 
         "importKey" text, "enteId" uuid, "payerEnteId" uuid, "serviceCode" text, variant text, "conventionPeriod" text, "requestDate" date,
         protocol text, "referentName" text, "referentEmail" text, "feeType" text, free boolean, "freeReason" text, "startsOn" date, "endsOn" date,
         "annualCents" int, notes text)),
     fresh AS (SELECT * FROM input i WHERE NOT EXISTS (SELECT 1 FROM service_records r WHERE r.import_key = i."importKey")),
     numbered AS (
       SELECT f.*, COALESCE((SELECT max(r.unit_index) FROM service_records r
                              WHERE r.ente_id = f."enteId" AND r.service_code = f."serviceCode" AND r.convention_period = f."conventionPeriod"), 0)
                   + row_number() OVER (PARTITION BY f."enteId", f."serviceCode", f."conventionPeriod" ORDER BY f.ord) AS unit_index
       FROM fresh f),
     created AS (
       INSERT INTO service_records (import_key, ente_id, payer_ente_id, service_code, variant, unit_index, convention_period, request_date,
         protocol, referent_name, referent_email, fee_type, free, free_reason, starts_on, ends_on, annual_cents, notes)
       SELECT "importKey", "enteId", "payerEnteId", "serviceCode", variant, unit_index, "conventionPeriod", "requestDate", protocol,
              "referentName", "referentEmail", "feeType", free, "freeReason", "startsOn", "endsOn", "annualCents", notes
       FROM numbered
       ON CONFLICT (import_key) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM created`,
    [JSON.stringify(records.map((r, ord) => ({ ...r, ord })))],
  )) as Array<{ n: number }>;
  return row?.n ?? 0;
}

/** GDPR pseudonymisation of a person who left: the records stay, the referent's name and e-mail are replaced. */
export async function pseudonymiseReferent(db: Db, email: string, pseudonym: { name: string; email: string }): Promise<number> {
  const rows = (await db.query(
    `WITH u AS (UPDATE service_records SET referent_name = $2, referent_email = $3 WHERE referent_email = $1 RETURNING 1) SELECT count(*)::int AS n FROM u`,
    [email, pseudonym.name, pseudonym.email],
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? 0;
}

/** Units of each service an Ente holds in a convention: all requested (ended ones too) and those in force on `today`. */
export async function heldUnitsByService(db: Db, enteId: string, period: string, today: string): Promise<Array<{ serviceCode: string; used: number; active: number }>> {
  return (await db.query(
    `SELECT service_code AS "serviceCode", count(*)::int AS used, count(*) FILTER (WHERE ends_on IS NULL OR ends_on >= $3::date)::int AS active
       FROM service_records WHERE ente_id = $1 AND convention_period = $2
      GROUP BY service_code ORDER BY service_code`,
    [enteId, period, today],
  )) as Array<{ serviceCode: string; used: number; active: number }>;
}
