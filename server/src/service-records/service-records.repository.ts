import type { DataSource, EntityManager } from 'typeorm';

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
