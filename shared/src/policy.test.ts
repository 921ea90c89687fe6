import { ROLES } from './roles';
import { can, rolesFor } from './policy';

describe('policy', () => {
  it('lets only the CIT accounting and the coordinator decide requests, re-apply them and manage billing', () => {
    for (const action of ['service-request.decide', 'service-request.reapply', 'billing.manage', 'renewals.notify'] as const) {
      expect(ROLES.filter((role) => can({ role }, action))).toEqual(['approver', 'admin']);
    }
  });

  it('lets referents and CIT staff preview renewals, never a supplier', () => {
    expect(can({ role: 'ente_user' }, 'renewals.preview')).toBe(true);
    expect(can({ role: 'supplier_user' }, 'renewals.preview')).toBe(false);
    expect(rolesFor('renewals.preview')).not.toContain('supplier_user');
  });

  it('lets only admins edit the support calendar', () => {
    expect(ROLES.filter((role) => can({ role }, 'calendar.manage'))).toEqual(['admin']);
  });
});
