import { addDays, dueDate, halfOf, payerOf, romeDate, sourceKey } from './ledger-rules';

describe('billing rules (Convenzione art. 13)', () => {
  it('puts the quota and the renewals of a year due on 31 March', () => {
    expect(dueDate({ kind: 'quota', year: 2026 })).toBe('2026-03-31');
    expect(dueDate({ kind: 'renewal', year: 2027 })).toBe('2027-03-31');
  });

  it('gives new annual services and one-off activations 90 days from the request, across months and years', () => {
    expect(dueDate({ kind: 'new_service', requestDate: '2026-03-10' })).toBe('2026-06-08');
    expect(dueDate({ kind: 'new_service', requestDate: '2026-11-15' })).toBe('2027-02-13');
    // 2028 is a leap year: 29 February counts.
    expect(dueDate({ kind: 'new_service', requestDate: '2028-01-01' })).toBe('2028-03-31');
  });

  it('bills usage with the half-year statement: by 31 July for H1, by 31 January of the next year for H2', () => {
    expect(dueDate({ kind: 'usage', year: 2026, half: 1 })).toBe('2026-07-31');
    expect(dueDate({ kind: 'usage', year: 2026, half: 2 })).toBe('2027-01-31');
  });

  it('lists an entry in the half-year of its date', () => {
    expect([halfOf('2026-01-01'), halfOf('2026-06-30'), halfOf('2026-07-01'), halfOf('2026-12-31')]).toEqual([1, 1, 2, 2]);
  });

  it('has the capofila pay only when it pays for its member', () => {
    expect(payerOf({ id: 'm', capofilaId: 'c', capofilaPays: true })).toBe('c');
    expect(payerOf({ id: 'm', capofilaId: 'c', capofilaPays: false })).toBe('m');
    expect(payerOf({ id: 'm', capofilaId: null, capofilaPays: true })).toBe('m');
  });

  it('keys entries so that a second write is recognised', () => {
    expect(sourceKey.record('r1', 'annual', 2026)).toBe('record:r1:annual:2026');
    expect(sourceKey.quota('e1', 2026)).toBe('quota:e1:2026');
    expect(sourceKey.usage('telemaco', 'e1', 2026, 2)).toBe('usage:telemaco:e1:2026:2');
  });

  it('reads dates in Italy: 31 December 23:30 in Rome is still that day, 23:30 UTC is already 1 January', () => {
    expect(romeDate(new Date('2025-12-31T22:30:00Z'))).toBe('2025-12-31');
    expect(romeDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
