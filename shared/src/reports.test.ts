import { compliance, reportPeriod, ReportFiltersSchema, splitByMonths } from './reports';

describe('report periods and figures', () => {
  it('defaults to the last twelve months, this one included', () => {
    expect(reportPeriod({}, '2026-06-15')).toEqual({ from: '2025-07-01', to: '2026-06-15' });
    expect(reportPeriod({ to: '2026-01-31' }, '2026-06-15')).toEqual({ from: '2025-02-01', to: '2026-01-31' });
    expect(reportPeriod({ from: '2026-03-01' }, '2026-06-15')).toEqual({ from: '2026-03-01', to: '2027-02-28' });
    expect(reportPeriod({ from: '2026-03-05', to: '2026-03-09' }, '2026-06-15')).toEqual({ from: '2026-03-05', to: '2026-03-09' });
  });

  it('splits a period into whole months and the days around them', () => {
    expect(splitByMonths({ from: '2025-07-01', to: '2026-06-15' })).toEqual({
      head: null,
      months: { from: '2025-07-01', to: '2026-05-01' },
      tail: { from: '2026-06-01', to: '2026-06-15' },
    });
    expect(splitByMonths({ from: '2026-01-10', to: '2026-03-31' })).toEqual({
      head: { from: '2026-01-10', to: '2026-01-31' },
      months: { from: '2026-02-01', to: '2026-03-01' },
      tail: null,
    });
    expect(splitByMonths({ from: '2026-03-01', to: '2026-03-05' })).toEqual({ head: { from: '2026-03-01', to: '2026-03-05' }, months: null, tail: null });
    expect(splitByMonths({ from: '2026-01-15', to: '2026-02-10' })).toEqual({ head: { from: '2026-01-15', to: '2026-02-10' }, months: null, tail: null });
  });

  it('gives compliance as a percentage with one decimal, none when nothing was measured', () => {
    expect(compliance(2, 1)).toBe(66.7);
    expect(compliance(0, 0)).toBeNull();
    expect(compliance(5, 0)).toBe(100);
  });

  it('accepts three years at most, and refuses unknown parameters by name', () => {
    expect(ReportFiltersSchema.safeParse({ from: '2024-01-01', to: '2026-12-31' }).success).toBe(true);
    const long = ReportFiltersSchema.safeParse({ from: '2024-01-01', to: '2027-01-01' });
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.path).toEqual(['to']);
    expect(ReportFiltersSchema.safeParse({ ente: 'x' }).error?.issues[0]?.message).toBe('Parametri non previsti: ente.');
  });
});
