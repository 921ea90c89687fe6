import { ROLES, type Role } from '../roles';
import { allowedActions, nextStatus, TICKET_ACTIONS, TICKET_STATUSES, type LifecycleFacts, type TicketAction, type TicketStatus } from './lifecycle';

const SUPPLIER = 's1';
const actor = (role: Role, id = 'me') => ({ id, role, supplierId: role === 'supplier_user' ? SUPPLIER : null });
const facts = (status: TicketStatus, over: Partial<LifecycleFacts> = {}): LifecycleFacts => ({
  status,
  returnStatus: null,
  assigneeId: null,
  supplierId: null,
  ...over,
});

/** The whole table for an operator: status → action → next status (absent = refused). */
const OPERATOR: Record<TicketStatus, Partial<Record<TicketAction, TicketStatus>>> = {
  new: { take_charge: 'assigned', assign: 'assigned', suspend: 'pending', delete: 'deleted' },
  assigned: { take_charge: 'assigned', assign: 'assigned', plan: 'planned', suspend: 'pending', solve: 'solved', delete: 'deleted' },
  planned: { take_charge: 'assigned', assign: 'planned', plan: 'planned', suspend: 'pending', solve: 'solved', delete: 'deleted' },
  pending: { assign: 'pending', resume: 'assigned', solve: 'solved', delete: 'deleted' },
  solved: { close: 'closed', reopen: 'new', delete: 'deleted' },
  closed: { delete: 'deleted' },
  deleted: { restore: 'new' },
};

describe('ticket lifecycle', () => {
  it.each(TICKET_STATUSES.flatMap((s) => TICKET_ACTIONS.map((a) => [s, a] as const)))('operator: %s + %s', (status, action) => {
    expect(nextStatus(action, facts(status, { assigneeId: 'someone-else' }), actor('operator'))).toBe(
      status === 'solved' && action === 'reopen' ? 'assigned' : (OPERATOR[status][action] ?? null),
    );
  });

  it('does not offer take-charge to the operator who already has the ticket', () => {
    expect(nextStatus('take_charge', facts('assigned', { assigneeId: 'me' }), actor('operator'))).toBeNull();
  });

  it('resumes and restores to the status the ticket had', () => {
    expect(nextStatus('resume', facts('pending', { returnStatus: 'planned' }), actor('operator'))).toBe('planned');
    expect(nextStatus('restore', facts('deleted', { returnStatus: 'solved' }), actor('admin'))).toBe('solved');
  });

  it('lets the Ente side only reopen a solved ticket', () => {
    for (const role of ['ente_user', 'capofila_user'] as const) {
      for (const status of TICKET_STATUSES) {
        expect(allowedActions(facts(status), actor(role))).toEqual(status === 'solved' ? ['reopen'] : []);
      }
    }
  });

  it('lets a supplier only solve tickets assigned to it, and the approver nothing', () => {
    expect(allowedActions(facts('assigned', { supplierId: SUPPLIER }), actor('supplier_user'))).toEqual(['solve']);
    expect(allowedActions(facts('pending', { supplierId: SUPPLIER }), actor('supplier_user'))).toEqual(['solve']);
    expect(allowedActions(facts('assigned', { supplierId: 'other' }), actor('supplier_user'))).toEqual([]);
    for (const status of TICKET_STATUSES) expect(allowedActions(facts(status), actor('approver'))).toEqual([]);
  });

  it('gives admins the same powers as operators', () => {
    for (const status of TICKET_STATUSES) {
      expect(allowedActions(facts(status), actor('admin'))).toEqual(allowedActions(facts(status), actor('operator')));
    }
    expect(ROLES.length).toBe(6);
  });
});
