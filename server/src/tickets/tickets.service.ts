import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  allowedActions,
  canSeePrivateNotes,
  canWorkTickets,
  clocksStopped,
  clockState,
  moveRunningClocks,
  nextStatus,
  restartClocks,
  startClocks,
  stopClocks,
  TICKET_STATUSES,
  type Actor,
  type CreateFollowUp,
  type CreateTicket,
  type SupportCalendar,
  type TicketAction,
  type TicketActionRequest,
  type TicketChangedEvent,
  type TicketChannel,
  type TicketStatus,
} from '@cit/shared';
import type { AuthContext } from '../auth/context';
import type { CalendarSource } from '../support-calendar/calendar-source';
import { requireActiveEnte } from '../enti/active-ente';
import { Ente } from '../enti/ente.entity';
import { AppError, fieldError, forbidden, notFound } from '../platform/http/errors';
import { enqueueMany, outboxInsert, outboxParameters } from '../platform/outbox/outbox';
import type { CheckedAttachment } from './attachments/upload';
import { insertTicketAttachments, storeTicketFiles } from './attachments/ticket-files';
import type { AttachmentStore } from './attachments/storage';
import { Ticket } from './ticket.entity';
import { checkSubmission } from '../service-requests/offer-check';
import { requireSignedForm } from '../service-requests/form-requirement';
import { checkCancellationTargets } from '../service-requests/cancellation-targets';
import { applyRouting } from '../routing-rules/apply';
import type { RoutingRulesService } from '../routing-rules/routing-rules.service';
import { groupExists } from '../support-groups/support-groups.repository';

export interface TicketServiceDeps {
  ds: DataSource;
  store: AttachmentStore;
  /** The support calendar as stored, checked in every ticket transaction (see CalendarSource). */
  calendar: CalendarSource;
  /** Injected so tests can move time (SLA). */
  now?: () => Date;
  /** The routing rules applied to every new ticket (absent: none, e.g. the demo seed). */
  routing?: Pick<RoutingRulesService, 'decide'>;
}

export type HistoryEntry = { field: string; from: string | null; to: string | null };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Every write to a ticket: one transaction that locks the row, applies the lifecycle rule from `shared/`,
 * recomputes the SLA clocks, writes the history and queues the live event in the outbox.
 */
export class TicketService {
  /** The service's clock (injected in tests); the maintenance jobs use the same one. */
  readonly now: () => Date;

  constructor(private readonly deps: TicketServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** `channel`: how it came in; by default the web form, or the phone when the CIT staff open it for an Ente. */
  async create(auth: AuthContext, input: CreateTicket, files: CheckedAttachment[], channel?: TicketChannel): Promise<string> {
    if (auth.user.role === 'supplier_user') throw forbidden();
    const enteId = this.enteFor(auth, input.enteId);
    // A referent's Enti come from the database with the session's scope; only staff may name any id at all.
    requireActiveEnte(await auth.db.get(Ente, enteId, "L'Ente"));
    await checkCancellationTargets(auth, enteId, input);
    await checkSubmission(this.deps.ds, { enteId, ...input }, this.now());
    const stored = await storeTicketFiles(this.deps.store, files, input.category, this.now());
    requireSignedForm(input.category, stored);
    const now = this.now();
    const via: TicketChannel = channel ?? (canWorkTickets(auth.user.role) || auth.user.role === 'approver' ? 'phone' : 'web');
    // Routing first: a rule may set the urgency, which decides the SLA targets.
    const routed = await this.deps.routing?.decide(this.deps.ds, { ...input, serviceCode: input.serviceCode ?? null, enteId, channel: via, supplierId: null });
    const urgency = routed?.actions.urgency ?? input.urgency;
    // The calendar's version comes with the targets, so a creation costs no extra round trip. A creation is one
    // statement outside any lock, so one racing a calendar edit by milliseconds may keep the old due instants;
    // every later write of the ticket, from then on, counts with the new calendar.
    const [target] = (await this.deps.ds.query(
      `SELECT take_charge_minutes, resolve_minutes, (SELECT version FROM support_calendar WHERE id = 1) AS calendar_version
       FROM sla_targets WHERE urgency = $1`,
      [urgency],
    )) as Array<{ take_charge_minutes: number; resolve_minutes: number; calendar_version: number }>;
    if (!target) throw new Error(`SLA target missing for ${urgency}`);
    const calendar = await this.deps.calendar.atVersion(target.calendar_version);
    const clocks = startClocks(now, { takeChargeMinutes: target.take_charge_minutes, resolveMinutes: target.resolve_minutes }, calendar);
    const year = protocolYear(now);
    const ticket = Object.assign(new Ticket(), {
      id: randomUUID(),
      protocolYear: year,
      enteId,
      requesterId: auth.user.id,
      openedById: auth.user.id,
      type: input.type,
      category: input.category,
      serviceCode: input.serviceCode ?? null,
      serviceVariant: input.variant ?? null,
      quantity: input.category === 'activation' ? input.quantity : 1,
      unitLabels: input.category === 'activation' ? input.unitLabels : [],
      targetRecordIds: input.category === 'cancellation' ? input.targetRecordIds : [],
      approvalState: input.category === 'assistance' ? 'none' : 'requested',
      approvalReason: null,
      approvedBy: null,
      approvedAt: null,
      appliedAt: null,
      applyFailedAt: null,
      applyFailure: null,
      urgency,
      title: input.title,
      description: input.description,
      status: 'new',
      returnStatus: null,
      assigneeId: null,
      supportGroup: null,
      supplierId: null,
      labels: [],
      channel: via,
      plannedFor: null,
      pendingReason: null,
      solution: null,
      takeChargeMinutes: target.take_charge_minutes,
      resolveMinutes: target.resolve_minutes,
      ...clocks,
      takenAt: null,
      solvedAt: null,
      closedAt: null,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies Omit<Ticket, 'protocolNumber' | 'slaState' | 'queueDue'>);
    const created: HistoryEntry[] = [{ field: 'status', from: null, to: 'new' }];
    if (routed) {
      created.push(...applyRouting(ticket, routed));
      if (urgency !== input.urgency) created.push({ field: 'urgency', from: input.urgency, to: urgency });
    }
    Object.assign(ticket, clockState(ticket.status, ticket, now, calendar));
    const [topics, payloads] = outboxParameters([
      { topic: 'live.ticket', payload: this.liveEvent(ticket, 'created', now) },
      { topic: 'notify.ticket', payload: { ticketId: ticket.id, actorId: auth.user.id, at: now.toISOString(), changes: created } },
    ]);
    // The year's counter row is locked from its increment until commit, and every creation waits for it
    // (protocol numbers are gap-free). So the increment, the ticket, its history and its outbox rows are one
    // statement: the lock is held for that statement and the commit, not for a round trip per write.
    const insert = (m: EntityManager) =>
      m
        .createQueryBuilder()
        .insert()
        .into(Ticket)
        .values({ ...ticket, protocolNumber: () => '(SELECT last FROM protocol)' })
        .addCommonTableExpression(
          `INSERT INTO ticket_protocol_counters (year, last) VALUES (:year, 1)
           ON CONFLICT (year) DO UPDATE SET last = ticket_protocol_counters.last + 1 RETURNING last`,
          'protocol',
        )
        .addCommonTableExpression(historyInsert([':ticketId', ':actorId', ':at', ':fields', ':fromValues', ':toValues']), 'history')
        .addCommonTableExpression(outboxInsert(':topics', ':payloads'), 'queued')
        .setParameters({ year, ticketId: ticket.id, actorId: auth.user.id, at: now, ...historyParameters(created), topics, payloads })
        .updateEntity(false)
        .execute();
    // Without attachments that statement is the whole transaction (two round trips fewer).
    if (stored.length === 0) await insert(this.deps.ds.manager);
    else
      await this.deps.ds.transaction(async (tx) => {
        await insert(tx);
        await insertTicketAttachments(tx, { ticketId: ticket.id, followUpId: null, userId: auth.user.id, at: now }, stored);
      });
    return ticket.id;
  }

  async act(auth: AuthContext, id: string, request: TicketActionRequest): Promise<void> {
    await auth.db.get(Ticket, id, 'Il ticket');
    const actor = actorOf(auth);
    await this.deps.ds.transaction(async (tx) => {
      const t = await this.lock(tx, id);
      const changes = await this.apply(tx, t, request, actor);
      await this.save(tx, t, changes, auth.user.id, 'status');
    });
  }

  /**
   * A line in a ticket's timeline recorded by the system, not by a person (e.g. a PEC receipt for a notice sent
   * about the ticket): history only, no status change, no notification.
   */
  async recordSystemEvent(id: string, field: string, to: string): Promise<void> {
    await this.deps.ds.transaction((tx) => this.history(tx, id, null, this.now(), [{ field, from: null, to }]));
  }

  /**
   * `onClosed: 'append'` (replies by e-mail only): on a closed ticket the follow-up is still recorded, and the ticket
   * stays closed; the notifications tell the CIT, who decides whether to reopen it (see inbound.ts).
   */
  async addFollowUp(auth: AuthContext, id: string, input: CreateFollowUp, files: CheckedAttachment[], opts: { onClosed?: 'refuse' | 'append' } = {}): Promise<string> {
    const current = await auth.db.get(Ticket, id, 'Il ticket');
    if (input.private && !canSeePrivateNotes(auth.user.role)) throw forbidden();
    const stored = await storeTicketFiles(this.deps.store, files, current.category, this.now());
    const actor = actorOf(auth);
    return this.deps.ds.transaction(async (tx) => {
      const t = await this.lock(tx, id);
      if (t.status === 'deleted' || (t.status === 'closed' && opts.onClosed !== 'append')) {
        const state = t.status === 'deleted' ? 'è stato eliminato' : 'è chiuso';
        throw new AppError(409, 'ticket_closed', `Il ticket ${state}: per un nuovo problema occorre aprire una nuova richiesta.`);
      }
      const now = this.now();
      const [row] = (await tx.query(
        `INSERT INTO ticket_followups (ticket_id, author_id, body, is_private, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [t.id, auth.user.id, input.body, input.private, now],
      )) as Array<{ id: string }>;
      if (!row) throw new Error('follow-up insert failed');
      await insertTicketAttachments(tx, { ticketId: t.id, followUpId: row.id, userId: auth.user.id, at: now }, stored);
      // The requester answering a solved ticket means it is not solved: it goes back to the help-desk.
      const reopens = t.status === 'solved' && !input.private && !canWorkTickets(actor.role) && nextStatus('reopen', t, actor) !== null;
      const changes = reopens ? this.transition(t, 'reopen', actor, now) : [];
      if (!input.private) changes.push({ field: 'followup', from: null, to: row.id });
      await this.save(tx, t, changes, auth.user.id, reopens ? 'status' : 'followup', input.private);
      return row.id;
    });
  }

  async addAttachments(auth: AuthContext, id: string, files: CheckedAttachment[]): Promise<void> {
    const current = await auth.db.get(Ticket, id, 'Il ticket');
    if (files.length === 0) throw new AppError(400, 'no_attachments', 'Nessun file allegato.');
    const stored = await storeTicketFiles(this.deps.store, files, current.category, this.now());
    await this.deps.ds.transaction(async (tx) => {
      const t = await this.lock(tx, id);
      if (t.status === 'deleted') throw notFound('Il ticket');
      const now = this.now();
      await insertTicketAttachments(tx, { ticketId: t.id, followUpId: null, userId: auth.user.id, at: now }, stored);
      await this.save(tx, t, [{ field: 'attachments', from: null, to: files.map((f) => f.fileName).join(', ') }], auth.user.id, 'attachment');
    });
  }

  // ---- internals -------------------------------------------------------------------------------------------

  private enteFor(auth: AuthContext, requested: string | undefined): string {
    if (requested) {
      if (!auth.db.canSeeEnte(requested)) throw notFound("L'Ente");
      return requested;
    }
    const sole = auth.db.soleEnte();
    if (sole) return sole;
    throw new AppError(400, 'ente_required', 'Indicare per quale Ente si apre la richiesta.', {
      fields: [{ path: 'enteId', message: "Scelga l'Ente." }],
    });
  }

  /** Locks a ticket for a write, after making sure the write counts with the calendar in force (CalendarSource.sync). */
  async lock(tx: EntityManager, id: string): Promise<Ticket> {
    await this.deps.calendar.sync(tx);
    const t = await tx.getRepository(Ticket).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!t) throw notFound('Il ticket');
    return t;
  }

  private async apply(tx: EntityManager, t: Ticket, request: TicketActionRequest, actor: Actor): Promise<HistoryEntry[]> {
    const now = this.now();
    const changes = this.transition(t, request.action, actor, now);
    const set = (field: string, key: 'pendingReason' | 'solution' | 'supportGroup', value: string | null) => {
      if (t[key] === value) return;
      changes.push({ field, from: t[key], to: value });
      (t as unknown as Record<string, string | null>)[key] = value;
    };
    switch (request.action) {
      case 'take_charge':
        if (t.assigneeId !== actor.id) changes.push({ field: 'assignee', from: t.assigneeId, to: actor.id });
        t.assigneeId = actor.id;
        break;
      case 'assign':
        if (request.assigneeId !== undefined && request.assigneeId !== t.assigneeId) {
          if (request.assigneeId) await this.mustBeOperator(tx, request.assigneeId);
          changes.push({ field: 'assignee', from: t.assigneeId, to: request.assigneeId });
          t.assigneeId = request.assigneeId;
        }
        if (request.group && request.group !== t.supportGroup && !(await groupExists(tx, request.group, true))) {
          throw fieldError('group', 'Gruppo sconosciuto o non attivo.');
        }
        if (request.group !== undefined) set('group', 'supportGroup', request.group);
        if (request.supplierId !== undefined && request.supplierId !== t.supplierId) {
          if (request.supplierId) await this.mustBeSupplier(tx, request.supplierId);
          changes.push({ field: 'supplier', from: t.supplierId, to: request.supplierId });
          t.supplierId = request.supplierId;
        }
        break;
      case 'plan':
        changes.push({ field: 'planned_for', from: iso(t.plannedFor), to: request.plannedFor });
        t.plannedFor = new Date(request.plannedFor);
        break;
      case 'suspend':
        set('pending_reason', 'pendingReason', request.reason);
        break;
      case 'solve':
      case 'deliver':
        set('solution', 'solution', request.solution);
        break;
      case 'confirm_fix': // a confirmation with words (optional) is a public follow-up, like a reopening
      case 'reopen':
        if (request.message) {
          const insert = `WITH f AS (INSERT INTO ticket_followups (ticket_id, author_id, body, is_private, created_at) VALUES ($1, $2, $3, false, $4) RETURNING id)
                          SELECT id FROM f`;
          const [row] = (await tx.query(insert, [t.id, actor.id, request.message, now])) as Array<{ id: string }>;
          // As a reply: the reopening mail then carries the message, not only the news that the ticket reopened.
          if (row) changes.push({ field: 'followup', from: null, to: row.id });
        }
        break;
      case 'delete':
        if (request.reason) changes.push({ field: 'delete_reason', from: null, to: request.reason });
        break;
      default:
        break;
    }
    return changes;
  }

  /** Applies the status change an action leads to, with the SLA clock effects; 403/409 when not allowed. */
  private transition(t: Ticket, action: TicketAction, actor: Actor, now: Date): HistoryEntry[] {
    const to = nextStatus(action, t, actor);
    if (to === null) {
      const allowed = allowedActions(t, actor);
      const everPossible = TICKET_STATUSES.some((status) => nextStatus(action, { ...t, status }, actor) !== null);
      if (!everPossible) throw forbidden();
      throw new AppError(409, 'transition_not_allowed', `L'azione «${action}» non è possibile su un ticket nello stato «${t.status}».`, {
        status: t.status,
        allowed,
      });
    }
    const from = t.status;
    if (action === 'take_charge' && t.takenAt === null) t.takenAt = now;
    if (action === 'suspend' || action === 'delete') t.returnStatus = from;
    if (action === 'solve' || action === 'deliver') t.solvedAt = now;
    if (action === 'delete') t.deletedAt = now;
    if (action === 'restore') t.deletedAt = null;
    if (action === 'reopen') t.solvedAt = null;
    if (action === 'resume' || action === 'restore') t.returnStatus = null;
    if (action === 'close' || action === 'confirm_fix') t.closedAt = now;
    return this.setStatus(t, to, now);
  }

  private setStatus(t: Ticket, to: TicketStatus, now: Date): HistoryEntry[] {
    const from = t.status;
    if (!clocksStopped(from) && clocksStopped(to)) Object.assign(t, stopClocks(t, now, this.deps.calendar.current()));
    if (clocksStopped(from) && !clocksStopped(to)) Object.assign(t, restartClocks(t, now, this.deps.calendar.current()));
    t.status = to;
    return from === to ? [] : [{ field: 'status', from, to }];
  }

  /** Closes a locked, solved ticket on behalf of the system (no answer within the auto-close delay). */
  closeBySystem(t: Ticket): HistoryEntry[] {
    const now = this.now();
    t.closedAt = now;
    return this.setStatus(t, 'closed', now);
  }

  /** Reads the calendar again if it was edited: for work that looks at tickets before locking them (the SLA job). */
  async refreshCalendar(): Promise<void> {
    await this.deps.calendar.refresh();
  }

  /**
   * Moves the running SLA clocks to a calendar being saved in `tx` (which holds the calendar row, so no ticket write
   * runs meanwhile): each keeps the support minutes it had left at this moment and spends them under the new
   * calendar. Only tickets whose due instant moves are written, each with its history line and live event.
   * Done in the edit's transaction rather than by a later job, so that no moment exists in which the queue shows due
   * instants of a calendar that is no longer in force; there are a few hundred running tickets at most.
   */
  async moveClocksToCalendar(tx: EntityManager, from: SupportCalendar, to: SupportCalendar, actorId: string | null): Promise<void> {
    const now = this.now();
    const running = await tx
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where(`t.status IN ('new', 'assigned', 'planned')`)
      .orderBy('t.id')
      .getMany();
    for (const t of running) {
      const next = moveRunningClocks(t, now, from, to);
      const changes: HistoryEntry[] = [];
      if (iso(next.takeChargeDue) !== iso(t.takeChargeDue)) changes.push({ field: 'take_charge_due', from: iso(t.takeChargeDue), to: iso(next.takeChargeDue) });
      if (iso(next.resolveDue) !== iso(t.resolveDue)) changes.push({ field: 'resolve_due', from: iso(t.resolveDue), to: iso(next.resolveDue) });
      if (changes.length === 0) continue;
      Object.assign(t, next);
      await this.save(tx, t, changes, actorId, 'sla', false, to);
    }
  }

  /** The SLA state the ticket would have now, for the job that moves tickets to at-risk / breached. */
  slaStateNow(t: Ticket) {
    return clockState(t.status, t, this.now(), this.deps.calendar.current()).slaState;
  }

  /**
   * Marks a locked ticket solved on behalf of the system (a request applied by the worker, or rejected):
   * the requester sees the outcome as the solution and can still reopen it by answering.
   */
  solveBySystem(t: Ticket, solution: string): HistoryEntry[] {
    if (t.status === 'solved' || t.status === 'closed' || t.status === 'deleted') return [];
    const now = this.now();
    const changes: HistoryEntry[] = [{ field: 'solution', from: t.solution, to: solution }];
    t.solution = solution;
    t.solvedAt = now;
    if (t.takenAt === null) t.takenAt = now;
    return [...changes, ...this.setStatus(t, 'solved', now)];
  }

  /**
   * Persists a locked ticket with its history lines and live event; other modules (approvals, the service
   * worker) write tickets only through here so the history and the events cannot be forgotten.
   */
  async save(
    tx: EntityManager,
    t: Ticket,
    changes: HistoryEntry[],
    actorId: string | null,
    change: TicketChangedEvent['change'],
    quiet = false,
    calendar: SupportCalendar = this.deps.calendar.current(),
  ): Promise<void> {
    const now = this.now();
    const before = t.slaState;
    Object.assign(t, clockState(t.status, t, now, calendar));
    if (before !== t.slaState) changes.push({ field: 'sla_state', from: before, to: t.slaState });
    if (changes.length === 0 && quiet) return;
    t.updatedAt = now;
    // update() rather than save(): save() re-reads the row first, a round trip per write for nothing.
    const { id, ...columns } = t;
    await tx.update(Ticket, { id }, columns);
    await this.history(tx, t.id, actorId, now, changes);
    // A private note changes nothing an Ente could see, so nobody outside the staff is told.
    if (quiet) return;
    const live = { topic: 'live.ticket' as const, payload: this.liveEvent(t, changes.some((c) => c.field === 'status') ? 'status' : change, now) };
    // E-mail cares about SLA moves only when they turn bad; the notifications module decides who hears what.
    const mailworthy = changes.filter((c) => c.field !== 'sla_state' || c.to === 'at_risk' || c.to === 'breached');
    await enqueueMany(
      tx,
      mailworthy.length > 0
        ? [live, { topic: 'notify.ticket' as const, payload: { ticketId: t.id, actorId, at: now.toISOString(), changes: mailworthy } }]
        : [live],
    );
  }


  private async history(tx: EntityManager, ticketId: string, actorId: string | null, at: Date, entries: HistoryEntry[]) {
    if (entries.length === 0) return;
    const { fields, fromValues, toValues } = historyParameters(entries);
    await tx.query(historyInsert(['$1', '$2', '$3', '$4', '$5', '$6']), [ticketId, actorId, at, fields, fromValues, toValues]);
  }

  /** A live event carries ids and the status only: receivers refetch through the authorised API. */
  private liveEvent(t: Ticket, change: TicketChangedEvent['change'], at: Date) {
    return { ticketId: t.id, enteId: t.enteId, supplierId: t.supplierId, change, status: t.status, at: at.toISOString() };
  }


  private async mustBeOperator(tx: EntityManager, userId: string) {
    const rows = (await tx.query(`SELECT 1 FROM users WHERE id = $1 AND role IN ('operator', 'admin') AND disabled_at IS NULL`, [
      userId,
    ])) as unknown[];
    if (rows.length === 0) {
      throw new AppError(400, 'invalid_assignee', "L'operatore indicato non esiste o non è attivo.", {
        fields: [{ path: 'assigneeId', message: 'Operatore non valido.' }],
      });
    }
  }

  private async mustBeSupplier(tx: EntityManager, supplierId: string) {
    const rows = (await tx.query(`SELECT 1 FROM suppliers WHERE id = $1`, [supplierId])) as unknown[];
    if (rows.length === 0) {
      throw new AppError(400, 'invalid_supplier', 'Il fornitore indicato non esiste.', {
        fields: [{ path: 'supplierId', message: 'Fornitore non valido.' }],
      });
    }
  }
}

export function actorOf(auth: AuthContext): Actor {
  return { id: auth.user.id, role: auth.user.role, supplierId: auth.user.supplierId };
}

const ROME_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' });

/** Protocol numbers restart every calendar year in Italian time. */
export function protocolYear(at: Date): number {
  return Number(ROME_YEAR.format(at));
}

/**
 * History lines in one statement, its parameters (ticket, actor, time, fields, old and new values) named by
 * the caller so that it can also run as a CTE; ordering by ordinality keeps their ids in the order they happened.
 */
function historyInsert([ticket, actor, at, fields, from, to]: readonly [string, string, string, string, string, string]): string {
  return `INSERT INTO ticket_history (ticket_id, actor_id, at, field, from_value, to_value)
          SELECT ${ticket}::uuid, ${actor}::uuid, ${at}::timestamptz, e.field, e.from_value, e.to_value
          FROM unnest(${fields}::text[], ${from}::text[], ${to}::text[]) WITH ORDINALITY AS e(field, from_value, to_value, n) ORDER BY e.n`;
}

const historyParameters = (entries: readonly HistoryEntry[]) => ({
  fields: entries.map((e) => e.field),
  fromValues: entries.map((e) => e.from),
  toValues: entries.map((e) => e.to),
});

/** Year 0 is the MoOne register: a ticket imported from MoOne shows its MoOne ID ("MoOne/55487"), see moone-import/. */
export const MOONE_PROTOCOL_YEAR = 0;

export const formatProtocol = (year: number, n: number) =>
  year === MOONE_PROTOCOL_YEAR ? `MoOne/${n}` : `${year}/${String(n).padStart(6, '0')}`;
