import type { DataSource, EntityManager } from 'typeorm';
import { UnrecoverableError } from 'bullmq';
import {
  BusinessRuleError,
  catalogService,
  dueDate,
  halfOf,
  priceListFor,
  quoteRequest,
  sourceKey,
  yearOf,
  type ServiceCode,
} from '@cit/shared';
import { recordEntries, type LedgerEntry } from '../billing/ledger/billing-entries.repository';
import { enteFactsFor } from '../enti/ente-facts.repository';
import { cancelServiceRecords, insertServiceRecord, lockAndCountHeldUnits } from '../service-records/service-records.repository';
import { referentOf } from './service-requests.repository';
import { requestDateOf, requestRefusal } from './offer-check';
import { formatProtocol, type TicketService } from '../tickets/tickets.service';
import type { Ticket } from '../tickets/ticket.entity';
import { priceLists } from '../price-lists/price-lists.loader';

/** `not_applied`: refused for a business reason, recorded on the ticket («non applicata») until an admin re-applies it. */
export type ApplyOutcome = 'applied' | 'already_applied' | 'not_approved' | 'not_applied';

/**
 * The worker's job for an approved activation or cancellation, in one transaction: the service records, the
 * billing entries from the tariff engine, a history line and the live event. The ticket row lock serialises
 * concurrent runs, `applied_at` makes a rerun a no-op, and unique keys (ticket + unit, billing source key)
 * would refuse duplicates even if both were bypassed.
 *
 * A BusinessRuleError rolls that transaction back whole and is then recorded in a second one, so the ticket says
 * why and nothing else was written; any other error (database, lock) propagates and the job is retried.
 */
export async function applyApprovedTicket(ds: DataSource, tickets: TicketService, ticketId: string, now = new Date()): Promise<ApplyOutcome> {
  try {
    return await applyInOneTransaction(ds, tickets, ticketId, now);
  } catch (err) {
    if (!(err instanceof BusinessRuleError)) throw err;
    return recordApplyFailure(ds, tickets, ticketId, err.message, now);
  }
}

/** The `services.apply` job: a business refusal fails it for good (BullMQ does not retry an UnrecoverableError). */
export async function applyJob(ds: DataSource, tickets: TicketService, ticketId: string): Promise<ApplyOutcome> {
  const outcome = await applyApprovedTicket(ds, tickets, ticketId);
  if (outcome === 'not_applied') throw new UnrecoverableError(`Richiesta ${ticketId} non applicata per una regola di business: nessun nuovo tentativo.`);
  return outcome;
}

async function recordApplyFailure(ds: DataSource, tickets: TicketService, ticketId: string, reason: string, now: Date): Promise<ApplyOutcome> {
  return ds.transaction(async (tx) => {
    const t = await tickets.lock(tx, ticketId);
    if (t.approvalState !== 'approved') return 'not_approved';
    if (t.appliedAt) return 'already_applied';
    if (t.applyFailedAt) return 'not_applied';
    t.applyFailedAt = now;
    t.applyFailure = reason;
    await tickets.save(tx, t, [{ field: 'apply_failure', from: null, to: reason }], null, 'updated');
    return 'not_applied';
  });
}

async function applyInOneTransaction(ds: DataSource, tickets: TicketService, ticketId: string, now: Date): Promise<ApplyOutcome> {
  return ds.transaction(async (tx) => {
    const t = await tickets.lock(tx, ticketId);
    if (t.approvalState !== 'approved') return 'not_approved';
    if (t.appliedAt) return 'already_applied';
    // Waits for an admin to correct the cause and re-apply (which clears it): a stray rerun changes nothing.
    if (t.applyFailedAt) return 'not_applied';
    const changes =
      t.category === 'activation' ? await activate(tx, t) : t.category === 'cancellation' ? await cancel(tx, t) : [];
    t.appliedAt = now;
    const summary = changes.join('; ');
    const done = t.category === 'activation' ? `Servizio attivato: ${summary}` : `Disdetta registrata: ${summary}`;
    await tickets.save(tx, t, [{ field: 'applied', from: null, to: summary || null }, ...tickets.solveBySystem(t, done)], null, 'updated');
    return 'applied';
  });
}

async function activate(tx: EntityManager, t: Ticket): Promise<string[]> {
  if (!t.serviceCode) throw new BusinessRuleError('La richiesta non indica il servizio da attivare.', 'serviceCode');
  const { date, formId } = await requestDateOf(tx, t);
  // The same rules as submission and approval, on the request date: a list or a membership may have changed since.
  const refusal = await requestRefusal(tx, t, date);
  if (refusal) throw refusal;
  const year = yearOf(date);
  // Residents at 31/12 of the year before: a price that needs them and finds none refuses (MissingResidentsError).
  const { ente, payerId } = await enteFactsFor(tx, t.enteId, year);
  const lists = await priceLists(tx);
  const period = priceListFor(date, lists).period;
  const held = await lockAndCountHeldUnits(tx, t.enteId, t.serviceCode, period);
  const quote = quoteRequest({
    ente,
    serviceCode: t.serviceCode as ServiceCode,
    ...(t.serviceVariant ? { variant: t.serviceVariant } : {}),
    quantity: t.quantity,
    heldInConvention: held,
    date,
    payer: { enteId: payerId, name: '' },
  }, lists);
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
    }).catch((err: unknown) => {
      throw duplicateUnit(err, t.serviceCode as ServiceCode, unit.index) ?? err;
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

/** Another record already holds the unit's number (entered by hand, imported): retrying would collide again. */
function duplicateUnit(err: unknown, code: ServiceCode, index: number): BusinessRuleError | null {
  const pg = (err as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (pg?.code !== '23505' || pg.constraint !== 'service_records_unit_key') return null;
  return new BusinessRuleError(
    `L'unità n. ${index} di «${catalogService(code).name}» risulta già registrata per l'Ente in questa convenzione: correggere i servizi attivi e riapplicare la richiesta.`,
  );
}

/**
 * Annual services renew every 1 January unless cancelled by 31 December of the year before: a cancellation
 * requested in year Y ends the service on 31/12/Y, and the fee for Y stays due.
 */
async function cancel(tx: EntityManager, t: Ticket): Promise<string[]> {
  const { date } = await requestDateOf(tx, t);
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
