import type { DataSource } from 'typeorm';
import type { ContractsDashboard } from '@cit/shared';
import { enteNames } from '../enti/names.repository';
import type { AuthContext } from '../auth/context';
import { ServiceRecord } from './service-record.entity';
import { romeDate } from '@cit/shared';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * MoOne's "contratti" box: records that ended in the last 30 days, that end in the next 7 / 30 days, and annual
 * records still running whose cancellation deadline (31 December) falls in the next 7 / 30 days.
 */
export async function contractsDashboard(ds: DataSource, auth: AuthContext, now = new Date()): Promise<ContractsDashboard> {
  const today = romeDate(now);
  const rows = await auth.db
    .select(ServiceRecord, 'r')
    .andWhere(
      `(r.ends_on BETWEEN CAST(:from AS date) AND CAST(:to AS date))
       OR (r.fee_type = 'annual' AND r.ends_on IS NULL AND make_date(extract(year FROM CAST(:today AS date))::int, 12, 31) <= CAST(:notice AS date))`,
      { from: addDays(today, -30), to: addDays(today, 30), today, notice: addDays(today, 30) },
    )
    .orderBy('r.ends_on')
    .addOrderBy('r.id')
    .limit(2000)
    .getMany();
  const deadline = `${today.slice(0, 4)}-12-31`;
  const names = await enteNames(ds, rows.map((r) => r.enteId));
  const line = (r: ServiceRecord, date: string) => ({
    recordId: r.id,
    ente: { id: r.enteId, name: names.get(r.enteId) ?? '—' },
    serviceCode: r.serviceCode,
    unitLabel: r.unitLabel,
    date,
  });
  const ending = rows.filter((r) => r.endsOn !== null);
  const open = rows.filter((r) => r.endsOn === null && r.feeType === 'annual');
  return {
    expiredLast30: ending.filter((r) => r.endsOn! < today).map((r) => line(r, r.endsOn!)),
    expiringNext7: ending.filter((r) => r.endsOn! >= today && r.endsOn! <= addDays(today, 7)).map((r) => line(r, r.endsOn!)),
    expiringNext30: ending.filter((r) => r.endsOn! >= today).map((r) => line(r, r.endsOn!)),
    noticeNext7: deadline <= addDays(today, 7) ? open.map((r) => line(r, deadline)) : [],
    noticeNext30: open.map((r) => line(r, deadline)),
  };
}
