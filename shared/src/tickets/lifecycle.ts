import { z } from 'zod';
import { isStaff, type Role } from '../roles';

/**
 * `to_test` is MoOne's «Da testare»: a fix has been delivered and waits for the Ente to confirm it works. The
 * resolution clock stops as in `solved`; the Ente confirms (→ closed: the confirmation is the answer a solved
 * ticket waits for) or reopens it.
 */
export const TICKET_STATUSES = ['new', 'assigned', 'planned', 'pending', 'to_test', 'solved', 'closed', 'deleted'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TicketStatusSchema = z.enum(TICKET_STATUSES).meta({ id: 'TicketStatus' });

export const TICKET_TYPES = ['request', 'incident'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const TicketTypeSchema = z.enum(TICKET_TYPES).meta({ id: 'TicketType' });

export const TICKET_CATEGORIES = ['assistance', 'activation', 'cancellation'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const TicketCategorySchema = z.enum(TICKET_CATEGORIES).meta({ id: 'TicketCategory' });

/** Activation/cancellation requests need the approval of the CIT administration; approval triggers the worker. */
export const APPROVAL_STATES = ['none', 'requested', 'approved', 'rejected'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
export const ApprovalStateSchema = z.enum(APPROVAL_STATES).meta({ id: 'ApprovalState' });

/**
 * The help-desk groups seeded with the product (MoOne "gruppo"). Groups are master data (`support_groups`, managed by
 * the admins): a ticket's group is the key of one of them, checked against the table when written.
 */
export const SUPPORT_GROUPS = ['primo_livello', 'sistemisti', 'applicativi', 'amministrazione'] as const;
export type SupportGroup = string;
export { SupportGroupKeySchema as SupportGroupSchema } from '../support-groups';

export const TICKET_ACTIONS = [
  'take_charge',
  'assign',
  'plan',
  'suspend',
  'resume',
  'solve',
  'deliver',
  'confirm_fix',
  'close',
  'reopen',
  'delete',
  'restore',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];
export const TicketActionSchema = z.enum(TICKET_ACTIONS).meta({ id: 'TicketAction' });

/** What an action needs to know about the ticket besides its status. */
export interface LifecycleFacts {
  status: TicketStatus;
  /** Status to go back to on resume (pending) or restore (deleted). */
  returnStatus: TicketStatus | null;
  assigneeId: string | null;
  supplierId: string | null;
}

export interface Actor {
  id: string;
  role: Role;
  supplierId: string | null;
}

/** Operators and admins work tickets; the approver reads them and writes follow-ups. */
export const canWorkTickets = (role: Role): boolean => role === 'operator' || role === 'admin';

const WORKING: readonly TicketStatus[] = ['assigned', 'planned'];

/**
 * The status an action leads to, or null when the action is not allowed from this status for this actor.
 * Pure and shared: the server enforces it, the client uses it to show only the buttons that will work.
 */
export function nextStatus(action: TicketAction, t: LifecycleFacts, actor: Actor): TicketStatus | null {
  const worker = canWorkTickets(actor.role);
  const supplierOfTicket = actor.role === 'supplier_user' && actor.supplierId !== null && actor.supplierId === t.supplierId;
  const requesterSide = actor.role === 'ente_user' || actor.role === 'capofila_user';
  switch (action) {
    case 'take_charge':
      return worker && (t.status === 'new' || (WORKING.includes(t.status) && t.assigneeId !== actor.id)) ? 'assigned' : null;
    case 'assign':
      if (!worker) return null;
      if (t.status === 'new') return 'assigned';
      return WORKING.includes(t.status) || t.status === 'pending' ? t.status : null;
    case 'plan':
      return worker && WORKING.includes(t.status) ? 'planned' : null;
    case 'suspend':
      // Also from `new`: waiting for the Ente before anyone takes it in charge stops both SLA clocks.
      return worker && (t.status === 'new' || WORKING.includes(t.status)) ? 'pending' : null;
    case 'resume':
      return worker && t.status === 'pending' ? (t.returnStatus ?? 'assigned') : null;
    case 'solve':
      return (worker || supplierOfTicket) && (WORKING.includes(t.status) || t.status === 'pending') ? 'solved' : null;
    case 'deliver':
      // «Da testare»: the fix is delivered, the Ente is asked to try it.
      return (worker || supplierOfTicket) && (WORKING.includes(t.status) || t.status === 'pending') ? 'to_test' : null;
    case 'confirm_fix':
      // The Ente confirms the fix works; staff may record a confirmation received by phone.
      return (requesterSide || worker) && t.status === 'to_test' ? 'closed' : null;
    case 'close':
      // The Ente accepts a solution by closing the ticket (the survey follows), as GLPI lets requesters do.
      if (requesterSide) return t.status === 'solved' ? 'closed' : null;
      return worker && (t.status === 'solved' || t.status === 'to_test') ? 'closed' : null;
    case 'reopen':
      return (requesterSide || worker) && (t.status === 'solved' || t.status === 'to_test') ? (t.assigneeId || t.supplierId ? 'assigned' : 'new') : null;
    case 'delete':
      return worker && t.status !== 'deleted' ? 'deleted' : null;
    case 'restore':
      return worker && t.status === 'deleted' ? (t.returnStatus ?? 'new') : null;
  }
}

export function allowedActions(t: LifecycleFacts, actor: Actor): TicketAction[] {
  return TICKET_ACTIONS.filter((a) => nextStatus(a, t, actor) !== null);
}

/** Statuses in which both SLA clocks stand still (see sla-clock.ts). */
export const CLOCKS_STOPPED: readonly TicketStatus[] = ['pending', 'to_test', 'solved', 'closed', 'deleted'];
export const clocksStopped = (s: TicketStatus): boolean => CLOCKS_STOPPED.includes(s);

/** Private follow-ups (internal notes) are for CIT staff only. */
export const canSeePrivateNotes = (role: Role): boolean => isStaff(role);
