import { TicketActionRequestSchema } from './schemas';

describe('ticket action requests', () => {
  it.each([
    ['2030-01-10T09:00:00+01:00', true],
    ['2000-01-01T00:00:00Z', true],
    ['0000-01-01T00:00:00Z', false],
    ['1970-01-01T00:00:00Z', false],
    ['9999-12-31T23:59:59Z', false],
    ['\uffff\ufffe', false],
    ['domani', false],
  ])('plans an intervention on %s: %s', (plannedFor, ok) => {
    expect(TicketActionRequestSchema.safeParse({ action: 'plan', plannedFor }).success).toBe(ok);
  });
});
