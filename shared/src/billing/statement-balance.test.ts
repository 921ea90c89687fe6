import { statementBalance, type BalanceEntry } from './statement-balance';

const e = (year: number, half: 1 | 2, amountCents: number, collectedOn: string | null = null): BalanceEntry => ({ year, half, amountCents, collectedOn });

describe('statement balance', () => {
  // Three half-years of one payer, paid partly and late.
  const entries = [
    e(2026, 1, 57_000, '2026-05-10'), // quota, paid within its half-year
    e(2026, 1, 12_000, '2026-09-15'), // paid in the next half-year
    e(2026, 1, 3_000), // never paid
    e(2026, 2, 20_000, '2027-02-01'), // paid two half-years later
    e(2026, 2, 5_000, '2026-11-30'),
    e(2027, 1, 60_000, '2027-03-31'),
    e(2027, 1, 8_000),
    e(2027, 2, 1_000, '2027-04-01'), // paid before its own half-year started
  ];

  it('adds up each half-year: carried + charges − payments = outstanding', () => {
    expect(statementBalance(entries, { year: 2026, half: 1 })).toEqual({ carriedCents: 0, chargesCents: 72_000, paymentsCents: 57_000, outstandingCents: 15_000 });
    expect(statementBalance(entries, { year: 2026, half: 2 })).toEqual({ carriedCents: 15_000, chargesCents: 25_000, paymentsCents: 17_000, outstandingCents: 23_000 });
    expect(statementBalance(entries, { year: 2027, half: 1 })).toEqual({ carriedCents: 23_000, chargesCents: 68_000, paymentsCents: 80_000, outstandingCents: 11_000 });
    expect(statementBalance(entries, { year: 2027, half: 2 })).toEqual({ carriedCents: 11_000, chargesCents: 1_000, paymentsCents: 1_000, outstandingCents: 11_000 });
  });

  it('chains: each statement carries exactly what the previous one left outstanding', () => {
    const periods = [
      { year: 2026, half: 1 },
      { year: 2026, half: 2 },
      { year: 2027, half: 1 },
      { year: 2027, half: 2 },
      { year: 2028, half: 1 },
    ] as const;
    const balances = periods.map((p) => statementBalance(entries, p));
    for (let i = 1; i < balances.length; i++) expect(balances[i]!.carriedCents).toBe(balances[i - 1]!.outstandingCents);
    // What is left at the end is what was never paid.
    expect(balances[balances.length - 1]!.outstandingCents).toBe(3_000 + 8_000);
  });

  it('ignores the entries of later half-years', () => {
    expect(statementBalance([e(2027, 1, 100, '2026-03-01')], { year: 2026, half: 1 })).toEqual({ carriedCents: 0, chargesCents: 0, paymentsCents: 0, outstandingCents: 0 });
  });
});
