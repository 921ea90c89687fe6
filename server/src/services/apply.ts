import type { DataSource, EntityManager } from 'typeorm';
import { priceListFor, quoteRequest, type EnteFacts, type ServiceCode } from '@cit/shared';
import { formatProtocol, type TicketService } from '../tickets/tickets.service';
import type { Ticket } from '../tickets/ticket.entity';

export type ApplyOutcome = 'applied' | 'already_applied' | 'not_approved';

/** The calendar date of an instant in Italy (billing years and end dates are Italian dates). */
const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });
export function romeDate(at: Date): string {
  return ROME_DAY.format(at);
}

interface EnteRow {
  kind: EnteFacts['kind'];
  capofila_id: string | null;
  capofila_pays: boolean;
  residents: number | null;
  recorded_quota: string | null;
}

/**
 * The worker's job for an approved activation or cancellation, in one transaction: the service records, the
 * billing entries from the tariff engine, a history line and the live event. The ticket row lock serialises
 * concurrent runs, `applied_at` makes a rerun a no-op, and unique keys (ticket + unit, billing source key)
 * would refuse duplicates even if both were bypassed.
 */
export async function applyApprovedTicket(ds: DataSource, tickets: TicketService, ticketId: string, now = new Date()): Promise<ApplyOutcome> {
  return ds.transaction(async (tx) => {
    const t = await tickets.lock(tx, ticketId);
    if (t.approvalState !== 'approved') return 'not_approved';
    if (t.appliedAt) return 'already_applied';
    const changes =
      t.category === 'activation' ? await activate(tx, t) : t.category === 'cancellation' ? await cancel(tx, t) : [];
    t.appliedAt = now;
    const summary = changes.join('; ');
    const done = t.category === 'activation' ? `Servizio attivato: ${summary}` : `Disdetta registrata: ${summary}`;
    await tickets.save(tx, t, [{ field: 'applied', from: null, to: summary || null }, ...tickets.solveBySystem(t, done)], null, 'updated');
    return 'applied';
  });
}

/** The billing start of an annual service is the day the form reached the platform (DOMAIN.md). */
async function requestDate(tx: EntityManager, t: Ticket): Promise<{ date: string; formId: string | null }> {
  const [form] = (await tx.query(
    `SELECT id, created_at FROM ticket_attachments WHERE ticket_id = $1 AND kind IN ('pdf', 'signed_p7m')
     ORDER BY (signed_form_check->>'verdict' = 'valid') DESC NULLS LAST, created_at LIMIT 1`,
    [t.id],
  )) as Array<{ id: string; created_at: Date }>;
  return { date: romeDate(form?.created_at ?? t.createdAt), formId: form?.id ?? null };
}

/** What the tariff engine needs to know about an Ente, and who pays for it (the capofila when it pays). */
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
    payerId: row.capofila_pays && row.capofila_id ? row.capofila_id : enteId,
  };
}

async function activate(tx: EntityManager, t: Ticket): Promise<string[]> {
  if (!t.serviceCode) throw new Error(`ticket ${t.id} has no service`);
  const { date, formId } = await requestDate(tx, t);
  const year = Number(date.slice(0, 4));
  const { ente, payerId } = await enteFactsFor(tx, t.enteId, year);
  const period = priceListFor(date).period;
  // Concurrent jobs for the same Ente and service must not both hand out the same free units: serialise them.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`service-units:${t.enteId}:${t.serviceCode}:${period}`]);
  const [held] = (await tx.query(
    `SELECT count(*)::int AS n FROM service_records WHERE ente_id = $1 AND service_code = $2 AND convention_period = $3`,
    [t.enteId, t.serviceCode, period],
  )) as Array<{ n: number }>;
  const quote = quoteRequest({
    ente,
    serviceCode: t.serviceCode as ServiceCode,
    ...(t.serviceVariant ? { variant: t.serviceVariant } : {}),
    quantity: t.quantity,
    heldInConvention: held?.n ?? 0,
    date,
    payer: { enteId: payerId, name: '' },
  });
  const [requester] = (await tx.query(`SELECT name, email FROM users WHERE id = $1`, [t.requesterId])) as Array<{ name: string; email: string }>;
  const protocol = formatProtocol(t.protocolYear, t.protocolNumber);
  const created: string[] = [];
  for (const [i, unit] of quote.units.entries()) {
    const lines = quote.lines.filter((l) => l.unitIndex === unit.index);
    const [record] = (await tx.query(
      `INSERT INTO service_records (ente_id, payer_ente_id, service_code, variant, unit_index, unit_label, convention_period,
         request_ticket_id, request_unit, request_date, protocol, referent_name, referent_email, form_attachment_id,
         fee_type, free, free_reason, starts_on, annual_cents, supplier_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $10, $18, $19)
       ON CONFLICT (request_ticket_id, request_unit) DO NOTHING RETURNING id`,
      [
        t.enteId,
        payerId,
        t.serviceCode,
        t.serviceVariant,
        unit.index,
        t.unitLabels[i] ?? null,
        period,
        t.id,
        i + 1,
        date,
        protocol,
        requester?.name ?? '',
        requester?.email ?? '',
        formId,
        quote.feeType,
        unit.free,
        unit.reason,
        unit.free ? null : unit.annualCents,
        t.supplierId,
      ],
    )) as Array<{ id: string }>;
    if (!record) continue;
    for (const line of lines) {
      await tx.query(
        `INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, service_record_id, kind, service_code, year, half, description, amount_cents, due_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $11, $8, $9, $10) ON CONFLICT (source_key) DO NOTHING`,
        [
          `record:${record.id}:${line.kind}:${line.year}`,
          t.enteId,
          line.payerEnteId ?? payerId,
          record.id,
          line.kind,
          t.serviceCode,
          line.year,
          line.description,
          line.amountCents,
          dueDate(line.year, date),
          halfOf(line.year, date),
        ],
      );
    }
    created.push(`${t.serviceCode} n. ${unit.index}${unit.free ? ' (gratuita)' : ''}`);
  }
  return created;
}

/**
 * Annual services renew every 1 January unless cancelled by 31 December of the year before: a cancellation
 * requested in year Y ends the service on 31/12/Y, and the fee for Y stays due.
 */
async function cancel(tx: EntityManager, t: Ticket): Promise<string[]> {
  const { date } = await requestDate(tx, t);
  const endsOn = `${date.slice(0, 4)}-12-31`;
  // A CTE so that the driver returns the updated rows themselves (a bare UPDATE … RETURNING comes back as [rows, count]).
  const list = (await tx.query(
    `WITH ended AS (
       UPDATE service_records SET ends_on = LEAST(COALESCE(ends_on, $3::date), $3::date), cancellation_ticket_id = $4,
         cancellation_protocol = $5, cancellation_requested_on = $6
       WHERE id = ANY($1::uuid[]) AND ente_id = $2 AND cancellation_ticket_id IS NULL
       RETURNING service_code, unit_index)
     SELECT * FROM ended`,
    [t.targetRecordIds, t.enteId, endsOn, t.id, formatProtocol(t.protocolYear, t.protocolNumber), date],
  )) as Array<{ service_code: string; unit_index: number }>;
  return list.map((r) => `${r.service_code} n. ${r.unit_index} cessa il ${endsOn}`);
}

/** The half-year statement that lists a line: the request's half in its year, H1 for a later year's fee. */
function halfOf(year: number, requestDate: string): 1 | 2 {
  if (Number(requestDate.slice(0, 4)) !== year) return 1;
  return Number(requestDate.slice(5, 7)) <= 6 ? 1 : 2;
}

/** Services delivered in a half-year are paid with its statement: by 31 July for H1, by 31 January for H2. */
function dueDate(year: number, requestDate: string): string {
  const month = Number(requestDate.slice(5, 7));
  if (Number(requestDate.slice(0, 4)) !== year) return `${year}-03-31`;
  return month <= 6 ? `${year}-07-31` : `${year + 1}-01-31`;
}
