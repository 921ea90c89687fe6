import type { DataSource, EntityManager } from 'typeorm';
import { dueDate, halfOf, priceListFor, quoteRequest, romeDate, sourceKey, yearOf, type ServiceCode } from '@cit/shared';
import { recordEntries, type LedgerEntry } from '../billing/ledger/billing-entries.repository';
import { enteFactsFor } from '../enti/ente-facts.repository';
import { cancelServiceRecords, insertServiceRecord, lockAndCountHeldUnits } from '../service-records/service-records.repository';
import { referentOf, requestFormOf } from './service-requests.repository';
import { formatProtocol, type TicketService } from '../tickets/tickets.service';
import type { Ticket } from '../tickets/ticket.entity';

export type ApplyOutcome = 'applied' | 'already_applied' | 'not_approved';

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
  const form = await requestFormOf(tx, t.id);
  return { date: romeDate(form?.createdAt ?? t.createdAt), formId: form?.id ?? null };
}

async function activate(tx: EntityManager, t: Ticket): Promise<string[]> {
  if (!t.serviceCode) throw new Error(`ticket ${t.id} has no service`);
  const { date, formId } = await requestDate(tx, t);
  const year = yearOf(date);
  const { ente, payerId } = await enteFactsFor(tx, t.enteId, year);
  const period = priceListFor(date).period;
  const held = await lockAndCountHeldUnits(tx, t.enteId, t.serviceCode, period);
  const quote = quoteRequest({
    ente,
    serviceCode: t.serviceCode as ServiceCode,
    ...(t.serviceVariant ? { variant: t.serviceVariant } : {}),
    quantity: t.quantity,
    heldInConvention: held,
    date,
    payer: { enteId: payerId, name: '' },
  });
  const requester = await referentOf(tx, t.requesterId);
  const protocol = formatProtocol(t.protocolYear, t.protocolNumber);
  const created: string[] = [];
  const entries: LedgerEntry[] = [];
  for (const [i, unit] of quote.units.entries()) {
    const lines = quote.lines.filter((l) => l.unitIndex === unit.index);
    const recordId = await insertServiceRecord(tx, {
      enteId: t.enteId,
      payerEnteId: payerId,
      serviceCode: t.serviceCode,
      variant: t.serviceVariant,
      unitIndex: unit.index,
      unitLabel: t.unitLabels[i] ?? null,
      conventionPeriod: period,
      requestTicketId: t.id,
      requestUnit: i + 1,
      requestDate: date,
      protocol,
      referentName: requester?.name ?? '',
      referentEmail: requester?.email ?? '',
      formAttachmentId: formId,
      feeType: quote.feeType,
      free: unit.free,
      freeReason: unit.reason,
      annualCents: unit.free ? null : unit.annualCents,
      supplierId: t.supplierId,
    });
    if (!recordId) continue;
    entries.push(
      ...lines.map(
        (line): LedgerEntry => ({
          sourceKey: sourceKey.record(recordId, line.kind, line.year),
          enteId: t.enteId,
          payerEnteId: line.payerEnteId ?? payerId,
          serviceRecordId: recordId,
          kind: line.kind,
          serviceCode: t.serviceCode,
          year: line.year,
          // A line of a later year than the request is that year's fee, listed with its first statement.
          half: line.year === year ? halfOf(date) : 1,
          description: line.description,
          amountCents: line.amountCents,
          dueOn: line.year === year ? dueDate({ kind: 'new_service', requestDate: date }) : dueDate({ kind: 'renewal', year: line.year }),
        }),
      ),
    );
    created.push(`${t.serviceCode} n. ${unit.index}${unit.free ? ' (gratuita)' : ''}`);
  }
  await recordEntries(tx, entries);
  return created;
}

/**
 * Annual services renew every 1 January unless cancelled by 31 December of the year before: a cancellation
 * requested in year Y ends the service on 31/12/Y, and the fee for Y stays due.
 */
async function cancel(tx: EntityManager, t: Ticket): Promise<string[]> {
  const { date } = await requestDate(tx, t);
  const endsOn = `${date.slice(0, 4)}-12-31`;
  const list = await cancelServiceRecords(tx, {
    recordIds: t.targetRecordIds,
    enteId: t.enteId,
    endsOn,
    ticketId: t.id,
    protocol: formatProtocol(t.protocolYear, t.protocolNumber),
    requestedOn: date,
  });
  return list.map((r) => `${r.service_code} n. ${r.unit_index} cessa il ${endsOn}`);
}
