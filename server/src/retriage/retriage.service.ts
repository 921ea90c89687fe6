import type { DataSource } from 'typeorm';
import { can, retargetClocks, type RetriageRequest, type RoutingFacts, type Urgency } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { requireActiveEnte } from '../enti/active-ente';
import { Ente } from '../enti/ente.entity';
import { AppError, fieldError, forbidden } from '../platform/http/errors';
import { applyRouting } from '../routing-rules/apply';
import type { RoutingRulesService } from '../routing-rules/routing-rules.service';
import type { CalendarSource } from '../support-calendar/calendar-source';
import { Ticket } from '../tickets/ticket.entity';
import type { HistoryEntry, TicketService } from '../tickets/tickets.service';
import { targetFor } from './retriage.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface RetriageDeps {
  ds: DataSource;
  tickets: TicketService;
  calendar: CalendarSource;
  routing: RoutingRulesService;
}

/**
 * Re-triage: the staff correct type, category, service, urgency or Ente of a ticket. One transaction on the locked
 * ticket: the new urgency's SLA targets replace the old ones keeping the support time already counted
 * (retargetClocks), the routing rules are evaluated again on the new facts (the first that fires assigns and labels;
 * its urgency applies only when the staff did not choose one), every change goes to the history, and the requester
 * hears by e-mail when urgency or service changed (notifications module, from the history lines).
 */
export class RetriageService {
  constructor(private readonly deps: RetriageDeps) {}

  async retriage(auth: AuthContext, id: string, input: RetriageRequest): Promise<void> {
    if (!can(auth.user, 'tickets.retriage')) throw forbidden();
    await auth.db.get(Ticket, id, 'Il ticket');
    if (input.enteId) {
      const enteId = input.enteId;
      const ente = await auth.db.get(Ente, enteId).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) throw fieldError('enteId', 'Ente sconosciuto.');
        throw err;
      });
      requireActiveEnte(ente);
    }
    await this.deps.ds.transaction(async (tx) => {
      const t = await this.deps.tickets.lock(tx, id);
      if (t.status === 'closed' || t.status === 'deleted') {
        throw new AppError(409, 'ticket_closed', 'Il ticket è chiuso o eliminato: non si può riclassificare.');
      }
      checkCategory(t, input);
      const changes: HistoryEntry[] = [];
      const set = <K extends 'type' | 'category' | 'serviceCode' | 'enteId'>(field: string, key: K, value: Ticket[K] | undefined) => {
        if (value === undefined || value === t[key]) return;
        changes.push({ field, from: t[key], to: value });
        t[key] = value;
      };
      set('type', 'type', input.type);
      if (input.category === 'assistance' && t.category !== 'assistance') {
        // A request filed by mistake as a service request: it needs no approval any more.
        changes.push({ field: 'approval', from: t.approvalState, to: 'none' });
        t.approvalState = 'none';
      }
      set('category', 'category', input.category);
      set('service', 'serviceCode', input.serviceCode);
      set('ente', 'enteId', input.enteId);

      const facts: RoutingFacts = { ...t, urgency: input.urgency ?? t.urgency };
      const decision = await this.deps.routing.decide(tx, facts);
      if (decision) changes.push(...applyRouting(t, decision));
      const urgency: Urgency = input.urgency ?? decision?.actions.urgency ?? t.urgency;
      if (urgency !== t.urgency) {
        changes.push({ field: 'urgency', from: t.urgency, to: urgency });
        const now = this.deps.tickets.now();
        const next = retargetClocks(t, await targetFor(tx, urgency), now, this.deps.calendar.current());
        if (iso(next.takeChargeDue) !== iso(t.takeChargeDue)) changes.push({ field: 'take_charge_due', from: iso(t.takeChargeDue), to: iso(next.takeChargeDue) });
        if (iso(next.resolveDue) !== iso(t.resolveDue)) changes.push({ field: 'resolve_due', from: iso(t.resolveDue), to: iso(next.resolveDue) });
        Object.assign(t, next);
        t.urgency = urgency;
      }
      if (changes.length === 0) return;
      if (input.reason) changes.push({ field: 'retriage_reason', from: null, to: input.reason });
      await this.deps.tickets.save(tx, t, changes, auth.user.id, 'updated');
    });
  }
}

/**
 * Activation and cancellation requests carry a signed form for one service and go through approval: re-triage may
 * turn a pending one into assistance (filed by mistake), never an assistance ticket into a request (the Ente must
 * open one with its form), nor change the service of a request.
 */
function checkCategory(t: Ticket, input: RetriageRequest): void {
  if (input.category && input.category !== 'assistance' && input.category !== t.category) {
    throw fieldError('category', 'Per attivare o disdire un servizio l’Ente apre una richiesta con il modulo firmato: non si ottiene riclassificando un ticket.');
  }
  const staysRequest = t.category !== 'assistance' && (input.category ?? t.category) !== 'assistance';
  if (staysRequest && input.serviceCode !== undefined && input.serviceCode !== t.serviceCode) {
    throw fieldError('serviceCode', 'Il servizio di una richiesta di attivazione o disdetta è quello del modulo firmato: non si cambia.');
  }
  if (input.category === 'assistance' && t.category !== 'assistance' && t.approvalState !== 'requested') {
    throw fieldError('category', 'La richiesta è già stata decisa: non si può più riclassificare come assistenza.');
  }
}
