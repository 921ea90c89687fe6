import { ROLES, type Role } from '../roles';
import { clockState, restartClocks, stopClocks } from './sla-clock';
import { allowedActions, clocksStopped, nextStatus, TICKET_ACTIONS, TICKET_STATUSES, type LifecycleFacts, type TicketAction, type TicketStatus } from './lifecycle';

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
  assigned: { take_charge: 'assigned', assign: 'assigned', plan: 'planned', suspend: 'pending', solve: 'solved', deliver: 'to_test', delete: 'deleted' },
  planned: { take_charge: 'assigned', assign: 'planned', plan: 'planned', suspend: 'pending', solve: 'solved', deliver: 'to_test', delete: 'deleted' },
  pending: { assign: 'pending', resume: 'assigned', solve: 'solved', deliver: 'to_test', delete: 'deleted' },
  // «Da testare»: the confirmation closes (it is the answer a solved ticket waits for); staff may record one by phone.
  to_test: { confirm_fix: 'closed', close: 'closed', reopen: 'new', delete: 'deleted' },
  solved: { close: 'closed', reopen: 'new', delete: 'deleted' },
  closed: { delete: 'deleted' },
  deleted: { restore: 'new' },
};

describe('ticket lifecycle', () => {
  it.each(TICKET_STATUSES.flatMap((s) => TICKET_ACTIONS.map((a) => [s, a] as const)))('operator: %s + %s', (status, action) => {
    expect(nextStatus(action, facts(status, { assigneeId: 'someone-else' }), actor('operator'))).toBe(
      (status === 'solved' || status === 'to_test') && action === 'reopen' ? 'assigned' : (OPERATOR[status][action] ?? null),
    );
  });

  it('does not offer take-charge to the operator who already has the ticket', () => {
    expect(nextStatus('take_charge', facts('assigned', { assigneeId: 'me' }), actor('operator'))).toBeNull();
  });

  it('resumes and restores to the status the ticket had', () => {
    expect(nextStatus('resume', facts('pending', { returnStatus: 'planned' }), actor('operator'))).toBe('planned');
    expect(nextStatus('restore', facts('deleted', { returnStatus: 'solved' }), actor('admin'))).toBe('solved');
  });

  it('lets the Ente side accept (close) or refuse (reopen) a solved ticket, and confirm or reopen one to test', () => {
    for (const role of ['ente_user', 'capofila_user'] as const) {
      for (const status of TICKET_STATUSES) {
        expect(allowedActions(facts(status), actor(role))).toEqual(status === 'solved' ? ['close', 'reopen'] : status === 'to_test' ? ['confirm_fix', 'reopen'] : []);
      }
    }
  });

  it('stops the SLA clocks in «Da testare» as in solved', () => {
    expect(clocksStopped('to_test')).toBe(clocksStopped('solved'));
    expect(clocksStopped('to_test')).toBe(true);
    expect(TICKET_STATUSES.filter(clocksStopped)).toEqual(['pending', 'to_test', 'solved', 'closed', 'deleted']);
  });

  it('lets a supplier only solve tickets assigned to it, and the approver nothing', () => {
    expect(allowedActions(facts('assigned', { supplierId: SUPPLIER }), actor('supplier_user'))).toEqual(['solve', 'deliver']);
    expect(allowedActions(facts('pending', { supplierId: SUPPLIER }), actor('supplier_user'))).toEqual(['solve', 'deliver']);
    expect(allowedActions(facts('to_test', { supplierId: SUPPLIER }), actor('supplier_user'))).toEqual([]);
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

describe('SLA clocks of a ticket to test', () => {
  const t0 = new Date('2026-03-02T09:00:00+01:00');
  const clocks = { takeChargeMinutes: 60, resolveMinutes: 600, takenAt: t0, solvedAt: null, takeChargeDue: new Date('2026-03-02T10:00:00+01:00'), takeChargeRemaining: null, resolveDue: new Date('2026-03-03T10:00:00+01:00'), resolveRemaining: null };

  it('keeps the resolution minutes left when the fix is delivered and spends them again on reopening', () => {
    const delivered = stopClocks(clocks, new Date('2026-03-02T11:00:00+01:00'));
    expect(delivered.resolveDue).toBeNull();
    expect(delivered.resolveRemaining).toBeGreaterThan(0);
    const stopped = { ...clocks, ...delivered, solvedAt: new Date('2026-03-02T11:00:00+01:00') };
    expect(clockState('to_test', stopped, new Date('2026-03-10T09:00:00+01:00')).slaState).toBe('met');
    const reopened = restartClocks({ ...stopped, solvedAt: null }, new Date('2026-03-04T09:00:00+01:00'));
    expect(reopened.resolveDue).not.toBeNull();
    expect(reopened.resolveRemaining).toBeNull();
  });

  it('reports a breach when the fix came late', () => {
    const late = { ...clocks, resolveDue: null, resolveRemaining: 0, solvedAt: new Date('2026-03-04T09:00:00+01:00') };
    expect(clockState('to_test', late, new Date('2026-03-05T09:00:00+01:00')).slaState).toBe('breached');
  });
});
