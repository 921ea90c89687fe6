import type { DataSource } from 'typeorm';
import { dueDate, membershipQuota, sourceKey, type EnteFacts, type PriceList } from '@cit/shared';
import { priceLists } from '../price-lists/price-lists.loader';
import { recordEntries, type LedgerEntry } from './ledger/billing-entries.repository';

export interface QuotaReport {
  year: number;
  created: number;
  alreadyAssessed: number;
  /** Enti that could not be assessed, with the reason (a 2021-2025 Comune without a recorded quota, residents of year − 1 missing). */
  problems: Array<{ enteId: string; name: string; reason: string }>;
}

export interface MemberRow {
  id: string;
  name: string;
  kind: EnteFacts['kind'];
  payer_id: string;
  residents: number | null;
  recorded_quota: string | null;
}

/** Every Ente that is a member during `year` (joined or left mid-year included: the whole year is due). */
export async function quotaMembers(ds: DataSource, year: number): Promise<MemberRow[]> {
  return (await ds.query(
    `SELECT e.id, e.name, e.kind,
            CASE WHEN e.capofila_pays AND e.capofila_id IS NOT NULL THEN e.capofila_id ELSE e.id END AS payer_id,
            (SELECT p.residents FROM ente_population p WHERE p.ente_id = e.id AND p.as_of_year = $1 - 1) AS residents,
            (SELECT m2.recorded_quota FROM memberships m2 WHERE m2.ente_id = e.id AND m2.period_code = '2021-2025') AS recorded_quota
     FROM enti e
     -- A merged Ente is billed on the Ente it flowed into from the year of the merger (its entries moved there).
     WHERE (e.merged_on IS NULL OR extract(year FROM e.merged_on) > $1)
       AND EXISTS (
       SELECT 1 FROM memberships m JOIN convention_periods c ON c.code = m.period_code
       WHERE m.ente_id = e.id AND make_date($1, 1, 1) BETWEEN c.starts_on AND c.ends_on
         AND (m.left_on IS NULL OR extract(year FROM m.left_on) >= $1))
     ORDER BY e.name`,
    [year],
  )) as MemberRow[];
}

/** The quota of one member with the given lists (the assessment, and the preview of a draft price list). */
export function quotaOf(m: MemberRow, year: number, lists: readonly PriceList[]): { amountCents: number; rule: string } {
  return membershipQuota(
    {
      kind: m.kind,
      // Those at 31/12 of the year before, never an older year: a Comune without them is a problem line.
      residents: m.residents,
      name: m.name,
      residentsYear: year - 1,
      recordedQuota2021Cents: m.recorded_quota === null ? null : Math.round(Number(m.recorded_quota) * 100),
    },
    year,
    lists,
  );
}

/**
 * The membership quota of every member of `year` with the rule of the price list in force that year. One billing
 * entry per Ente and year (source key), due 31 March, paid by the capofila when it pays; running it again adds nothing.
 */
export async function assessMembershipQuotas(ds: DataSource, year: number): Promise<QuotaReport> {
  const [members, lists] = await Promise.all([quotaMembers(ds, year), priceLists(ds)]);
  const report: QuotaReport = { year, created: 0, alreadyAssessed: 0, problems: [] };
  const entries: LedgerEntry[] = [];
  for (const m of members) {
    try {
      const quota = quotaOf(m, year, lists);
      entries.push({
        sourceKey: sourceKey.quota(m.id, year),
        enteId: m.id,
        payerEnteId: m.payer_id,
        serviceRecordId: null,
        kind: 'quota',
        serviceCode: null,
        year,
        half: 1,
        description: `Quota di adesione ${year} (${quota.rule})`,
        amountCents: quota.amountCents,
        dueOn: dueDate({ kind: 'quota', year }),
      });
    } catch (err) {
      report.problems.push({ enteId: m.id, name: m.name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  report.created = await recordEntries(ds, entries);
  report.alreadyAssessed = entries.length - report.created;
  return report;
}

export const describeQuotaReport = (r: QuotaReport) =>
  `Quote ${r.year}: ${r.created} create, ${r.alreadyAssessed} già presenti, ${r.problems.length} da sistemare` +
  r.problems.map((p) => `\n  - ${p.name}: ${p.reason}`).join('');

