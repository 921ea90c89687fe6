import type { DataSource, EntityManager } from 'typeorm';
import { BRESCIA_CALENDAR, addSupportMinutes, clockState, sourceKey, startClocks, stopClocks, type SlaTarget, type TicketStatus, type Urgency } from '@cit/shared';
import { assessMembershipQuotas } from '../../billing/quota';
import { entriesBySourceKey, markCollected, recordEntries, type LedgerEntry } from '../../billing/ledger/billing-entries.repository';
import { insertServiceRecord, lockAndCountHeldUnits } from '../../service-records/service-records.repository';
import { entiForMatching } from '../names.repository';
import { pgInstant } from '../../platform/db/pg-instant';
import * as repo from './demo-history.repository';
import { DEMO_ACTIVATIONS, DEMO_HISTORY_TICKETS, planHistory, prng, type PlannedTicket } from './demo-history-plan';
import { DEMO_ENTI } from './enti-data';
import { DEMO_SLA, ticketTexts } from './demo-history-texts';

/**
 * A believable two-year history for the demo (`npm start`, `npm run seed`), never for test databases unless a test
 * asks: ≈1,000 tickets across the demo Enti in every status with follow-ups, SLA outcomes and approvals; service
 * records for the approved activations; their billing entries and the 2025-2026 quotas through the ledger; and
 * payments of most of them. Deterministic (seeded PRNG, relative to `now`'s day) and fast (bulk inserts); loaded
 * once: its first ticket has a fixed id, so a second run finds it and changes nothing.
 */

export const DEMO_HISTORY_SEED = 20_151_001;

export interface DemoHistoryReport {
  tickets: number;
  followups: number;
  records: number;
  entries: number;
  collected: number;
}

/** A UUID (v4 layout) from the seed and an index: the same ticket gets the same id on every machine. */
function demoId(seed: number, index: number): string {
  const rnd = prng(seed * 7919 + index);
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rnd() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const DAY = 86_400_000;
const iso = pgInstant;
const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^comune di /, '')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');

/** Opened on a working morning `ageDays` before `now` (a weekend moves to the Friday before), never in the future. */
function openedAt(now: Date, t: PlannedTicket): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - t.ageDays * DAY);
  const dow = day.getUTCDay();
  if (dow === 0 || dow === 6) day.setTime(day.getTime() - (dow === 0 ? 2 : 1) * DAY);
  const at = new Date(day.getTime() + (7.5 * 60 + t.minuteOfDay) * 60_000);
  return at.getTime() > now.getTime() - 600_000 ? new Date(now.getTime() - 600_000 - t.minuteOfDay * 1000) : at;
}

export async function seedDemoHistory(ds: DataSource, options: { now?: Date; seed?: number } = {}): Promise<DemoHistoryReport> {
  const now = options.now ?? new Date();
  const seed = options.seed ?? DEMO_HISTORY_SEED;
  const report: DemoHistoryReport = { tickets: 0, followups: 0, records: 0, entries: 0, collected: 0 };
  const written = await ds.transaction(async (tx) => {
    if (await repo.ticketExists(tx, demoId(seed, 0))) return false;
    await writeHistory(tx, now, seed, report);
    return true;
  });
  if (!written) return report;
  // The quotas of the two years through the product's own rule (idempotent), then most of them paid.
  const approver = (await repo.userIdsByEmail(ds.manager, ['amministrazione@cit.example'])).get('amministrazione@cit.example') ?? null;
  for (const year of [now.getUTCFullYear() - 1, now.getUTCFullYear()]) {
    const quotas = await assessMembershipQuotas(ds, year);
    report.entries += quotas.created;
  }
  const enti = await entiForMatching(ds);
  const rnd = prng(seed + 1);
  const keys = enti.flatMap((e) => [sourceKey.quota(e.id, now.getUTCFullYear() - 1), sourceKey.quota(e.id, now.getUTCFullYear())]);
  const entries = await entriesBySourceKey(ds, keys);
  const toCollect = keys.flatMap((key) => {
    const entry = entries.get(key);
    const lastYear = key.endsWith(`:${now.getUTCFullYear() - 1}`);
    if (!entry || entry.status !== 'assessed' || rnd() > (lastYear ? 0.92 : 0.6)) return [];
    const year = Number(key.slice(-4));
    return [{ id: entry.id, collectedOn: `${year}-0${4 + Math.floor(rnd() * 5)}-1${Math.floor(rnd() * 9)}`, act: `Reversale n. ${100 + Math.floor(rnd() * 900)}/${year}` }];
  });
  report.collected += (await markCollected(ds, toCollect, approver)).length;
  return report;
}

async function writeHistory(tx: EntityManager, now: Date, seed: number, report: DemoHistoryReport): Promise<void> {
  const byName = new Map((await entiForMatching(tx)).map((e) => [e.name, e.id]));
  const enti = DEMO_ENTI.filter((e) => byName.has(e.name)).map((e) => ({ ...e, id: byName.get(e.name)! }));
  if (enti.length === 0) return;
  // Bigger Enti open more tickets: weight by the square root of residents (Unioni and others count as a small Comune).
  const weights = enti.map((e) => Math.sqrt(Math.max(e.residents, 2000)));
  const cumulative = weights.map(((sum) => (w: number) => (sum += w))(0));
  const total = cumulative[cumulative.length - 1]!;
  const enteFor = (roll: number) => enti[cumulative.findIndex((c) => c >= roll * total)] ?? enti[0]!;

  const people = await repo.ensurePeople(tx, [
    ...enti.map((e) => ({ email: `referente.${slug(e.name)}@enti.example`, name: `Referente ${e.name.replace(/^Comune di /, '')}`, role: 'ente_user' as const, enteId: e.id })),
    { email: 'marco.rinaldi@cit.example', name: 'Marco Rinaldi', role: 'operator', enteId: null },
    { email: 'sara.gatti@cit.example', name: 'Sara Gatti', role: 'operator', enteId: null },
  ]);
  const staff = await repo.userIdsByEmail(tx, ['operatore@cit.example', 'amministrazione@cit.example']);
  const operators = [staff.get('operatore@cit.example'), people.get('marco.rinaldi@cit.example'), people.get('sara.gatti@cit.example')].filter((id): id is string => !!id);
  const approver = staff.get('amministrazione@cit.example') ?? operators[0]!;
  const suppliers = await repo.supplierIds(tx);

  const plan = planHistory(seed).sort((a, b) => b.ageDays - a.ageDays || a.index - b.index);
  // Protocol numbers in opening order, per year, from the year's counter.
  const openings = plan.map((t) => ({ t, at: openedAt(now, t) }));
  const perYear = new Map<number, number>();
  for (const o of openings) perYear.set(o.at.getUTCFullYear(), (perYear.get(o.at.getUTCFullYear()) ?? 0) + 1);
  const next = new Map<number, number>();
  for (const [year, count] of [...perYear].sort()) next.set(year, await repo.takeProtocolNumbers(tx, year, count));

  const tickets: object[] = [];
  const followups: object[] = [];
  const history: object[] = [];
  const approved: Array<{ id: string; enteId: string; payerId: string; at: Date; activation: number; protocol: string; referent: string; email: string }> = [];
  for (const { t, at: created } of openings) {
    const ente = enteFor(t.enteRoll);
    const id = demoId(seed, t.index);
    const year = created.getUTCFullYear();
    const number = next.get(year)!;
    next.set(year, number + 1);
    const referentEmail = `referente.${slug(ente.name)}@enti.example`;
    const requester = people.get(referentEmail)!;
    const operator = operators[t.index % operators.length]!;
    const target: SlaTarget = DEMO_SLA[t.urgency as Urgency];
    const status: TicketStatus = t.rejected && t.status !== 'new' ? 'closed' : t.status;
    const texts = ticketTexts(t, ente.name);
    const factor = (late: boolean, r: number) => (late ? 1.1 + r : 0.1 + 0.8 * r);
    const started = startClocks(created, target, BRESCIA_CALENDAR);
    const takenAt = status === 'new' ? null : addSupportMinutes(created, Math.round(target.takeChargeMinutes * factor(t.late, t.textRoll)), BRESCIA_CALENDAR);
    const solvedAt =
      status === 'solved' || status === 'closed'
        ? status === 'solved'
          ? new Date(Math.max(takenAt!.getTime() + 3_600_000, now.getTime() - (1 + Math.floor(t.textRoll * 5)) * DAY))
          : addSupportMinutes(created, Math.round(target.resolveMinutes * factor(t.late, 1 - t.textRoll)), BRESCIA_CALENDAR)
        : null;
    const clocks = { takeChargeMinutes: target.takeChargeMinutes, resolveMinutes: target.resolveMinutes, ...started, takenAt, solvedAt };
    const pendingAt = status === 'pending' ? new Date(Math.min((takenAt ?? created).getTime() + 2 * 3_600_000, now.getTime() - 60_000)) : null;
    const stopAt = pendingAt ?? solvedAt ?? (status === 'deleted' ? new Date(created.getTime() + DAY) : null);
    const c = stopAt && status !== 'closed' ? { ...clocks, ...stopClocks(clocks, stopAt, BRESCIA_CALENDAR) } : clocks;
    const sla = clockState(status, c, now, BRESCIA_CALENDAR);
    const closedAt = status === 'closed' ? new Date(Math.min(solvedAt!.getTime() + 7 * DAY, now.getTime() - DAY)) : null;
    const activation = t.activation === null ? null : DEMO_ACTIVATIONS[t.activation]!;
    const decided = activation && status !== 'new' ? takenAt : null;
    const approvalState = !activation ? 'none' : !decided ? 'requested' : t.rejected ? 'rejected' : 'approved';
    tickets.push({
      id, protocol_year: year, protocol_number: number, ente_id: ente.id, requester_id: requester, opened_by_id: requester,
      type: t.type, category: activation ? 'activation' : 'assistance', service_code: activation?.code ?? null, urgency: t.urgency,
      title: texts.title, description: texts.description, status,
      return_status: status === 'deleted' ? 'new' : null,
      pending_reason: status === 'pending' ? texts.pendingReason : null,
      assignee_id: status === 'new' ? null : operator,
      supplier_id: t.supplier && status !== 'new' && suppliers.length > 0 ? suppliers[t.index % suppliers.length] : null,
      planned_for: status === 'planned' ? iso(new Date(now.getTime() + (2 + (t.index % 9)) * DAY)) : null,
      solution: solvedAt ? (t.rejected ? null : texts.solution) : null,
      take_charge_minutes: target.takeChargeMinutes, resolve_minutes: target.resolveMinutes,
      take_charge_due: iso(c.takeChargeDue), resolve_due: iso(c.resolveDue), take_charge_remaining: c.takeChargeRemaining, resolve_remaining: c.resolveRemaining,
      taken_at: iso(takenAt), solved_at: iso(solvedAt), closed_at: iso(closedAt),
      deleted_at: status === 'deleted' ? iso(stopAt) : null, sla_state: sla.slaState, queue_due: iso(sla.queueDue),
      created_at: iso(created), updated_at: iso(closedAt ?? solvedAt ?? pendingAt ?? takenAt ?? created),
      approval_state: approvalState, approval_reason: approvalState === 'rejected' ? 'Modulo di richiesta non firmato dal legale rappresentante.' : null,
      approved_by: decided ? approver : null, approved_at: iso(decided),
      // Applied already: the records below are this history's, the services worker must not add others.
      applied_at: approvalState === 'approved' ? iso(decided) : null,
    });
    history.push({ ticket_id: id, actor_id: requester, at: iso(created), field: 'status', from_value: null, to_value: 'new' });
    if (takenAt && status !== 'deleted') history.push({ ticket_id: id, actor_id: operator, at: iso(takenAt), field: 'status', from_value: 'new', to_value: 'assigned' });
    if (status !== 'new' && status !== 'assigned' && status !== 'deleted') {
      history.push({ ticket_id: id, actor_id: operator, at: iso(solvedAt ?? pendingAt ?? takenAt), field: 'status', from_value: 'assigned', to_value: status === 'closed' ? 'solved' : status });
    }
    const span = Math.max(60_000, (solvedAt ?? pendingAt ?? now).getTime() - created.getTime());
    for (let f = 0; f < t.followups; f++) {
      const fromEnte = f % 2 === 1;
      followups.push({
        ticket_id: id, author_id: fromEnte ? requester : operator, body: texts.followups[f % texts.followups.length]!,
        is_private: !fromEnte && (t.index + f) % 7 === 0, created_at: iso(new Date(created.getTime() + ((f + 1) * span) / (t.followups + 1))),
      });
    }
    if (approvalState === 'approved' && activation) {
      approved.push({ id, enteId: ente.id, payerId: ente.id, at: decided!, activation: t.activation!, protocol: `${year}/${String(number).padStart(6, '0')}`, referent: `Referente ${ente.name}`, email: referentEmail });
    }
  }
  await repo.insertTickets(tx, tickets);
  await repo.insertFollowups(tx, followups);
  await repo.insertHistory(tx, history);
  report.tickets = tickets.length;
  report.followups = followups.length;

  // One unit per approved activation, through the service-records module; its yearly fee through the ledger.
  const entries: LedgerEntry[] = [];
  for (const a of approved) {
    const service = DEMO_ACTIVATIONS[a.activation]!;
    const day = a.at.toISOString().slice(0, 10);
    const period = day < '2026-01-01' ? '2021-2025' : '2026-2030';
    const held = await lockAndCountHeldUnits(tx, a.enteId, service.code, period);
    const recordId = await insertServiceRecord(tx, {
      enteId: a.enteId, payerEnteId: a.payerId, serviceCode: service.code, variant: null, unitIndex: held + 1, unitLabel: null,
      conventionPeriod: period, requestTicketId: a.id, requestUnit: 1, requestDate: day, protocol: a.protocol, referentName: a.referent,
      referentEmail: a.email, formAttachmentId: null, feeType: 'annual', free: false, freeReason: '', annualCents: service.annualCents, supplierId: null,
    });
    if (!recordId) continue;
    report.records++;
    const year = a.at.getUTCFullYear();
    entries.push({
      sourceKey: sourceKey.record(recordId, 'annual', year), enteId: a.enteId, payerEnteId: a.payerId, serviceRecordId: recordId, kind: 'annual',
      serviceCode: service.code, year, half: a.at.getUTCMonth() < 6 ? 1 : 2, description: `${service.title} (${year})`, amountCents: service.annualCents,
      dueOn: new Date(a.at.getTime() + 30 * DAY).toISOString().slice(0, 10),
    });
  }
  report.entries += await recordEntries(tx, entries);
  // Paid when due more than two months ago (most of them), on a plausible day after the due date.
  const recorded = await entriesBySourceKey(tx, entries.map((e) => e.sourceKey));
  const paid = entries.flatMap((e, i) => {
    const entry = recorded.get(e.sourceKey);
    const due = new Date(`${e.dueOn}T00:00:00Z`);
    if (!entry || due.getTime() > now.getTime() - 60 * DAY || i % 9 === 0) return [];
    return [{ id: entry.id, collectedOn: new Date(due.getTime() + (5 + (i % 40)) * DAY).toISOString().slice(0, 10), act: `Reversale n. ${200 + i}/${e.year}` }];
  });
  report.collected += (await markCollected(tx, paid, approver)).length;
  if (report.tickets !== DEMO_HISTORY_TICKETS) throw new Error(`demo history: ${report.tickets} tickets instead of ${DEMO_HISTORY_TICKETS}`);
}
