import type { DataSource } from 'typeorm';
import { formVerdict, type FormVerdict } from '@cit/shared';
import { verdictInputsOf } from './service-requests.repository';

/** The approver's verdict on the signed form of each request ticket among `ticketIds` (others are left out). */
export async function formVerdictsOf(ds: DataSource, ticketIds: readonly string[]): Promise<Map<string, FormVerdict>> {
  const inputs = await verdictInputsOf(ds, ticketIds);
  return new Map([...inputs].map(([id, input]) => [id, formVerdict(input)]));
}

/** The same items with `formVerdict` set on the request tickets. */
export async function withFormVerdicts<T extends { id: string; category: string }>(ds: DataSource, items: T[]): Promise<Array<T & { formVerdict?: FormVerdict | null }>> {
  const verdicts = await formVerdictsOf(
    ds,
    items.filter((i) => i.category !== 'assistance').map((i) => i.id),
  );
  return items.map((i) => (verdicts.has(i.id) ? { ...i, formVerdict: verdicts.get(i.id) ?? null } : i));
}
