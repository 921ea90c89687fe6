import type { DataSource } from 'typeorm';
import { romeDate } from '@cit/shared';
import { renewAtRecordedFees } from '../billing/ledger/billing-entries.repository';

/**
 * The year's fee for every annual record active on 1 January of `year` that is not within the allowance.
 * The billing source key makes a second run (or a run after a crash) add nothing. Returns how many entries were created.
 */
export async function renewAnnualServices(ds: DataSource, year: number | null, now = new Date()): Promise<number> {
  return renewAtRecordedFees(ds, year ?? Number(romeDate(now).slice(0, 4)));
}
