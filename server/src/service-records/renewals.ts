import type { DataSource, EntityManager } from 'typeorm';
import {
  dueDate,
  planRenewal,
  previewOf,
  priceListForYear,
  romeDate,
  sourceKey,
  type PriceList,
  type RenewalDecision,
  type RenewalPreview,
} from '@cit/shared';
import { recordEntries, type LedgerEntry } from '../billing/ledger/billing-entries.repository';
import { renewalFactsFor } from '../enti/ente-facts.repository';
import { priceLists, priceListsCoveringYear } from '../price-lists/price-lists.loader';
import {
  endUnrenewed,
  entiToRenew,
  markRenewed,
  renewableRecords,
  unitsNumberedIn,
  type RenewableRecordRow,
} from './service-records.repository';

type Db = DataSource | EntityManager;

/** Enti per transaction: a few statements per batch, so 20,000 Enti take some forty round trips of each. */
const BATCH = 500;

export interface EnteRenewalPlan {
  enteId: string;
  name: string;
  pec: string | null;
  member: boolean;
  payerId: string;
  records: RenewableRecordRow[];
  decisions: RenewalDecision[];
}

/**
 * The decisions of the 1 January renewal of `year` for the given records (all of them active that day), grouped by
 * Ente. The preview, the notice to the Enti and the job all come here, so they cannot tell different stories.
 * With `lock` (the job), unit numbers of the new convention are locked as an activation does. `lists` are the
 * published price lists, or those a draft would make (the preview of a price-list version).
 */
export async function planRenewals(
  db: Db,
  year: number,
  records: readonly RenewableRecordRow[],
  lists: readonly PriceList[],
  lock = false,
): Promise<EnteRenewalPlan[]> {
  const period = priceListForYear(year, lists).period;
  const byEnte = new Map<string, RenewableRecordRow[]>();
  for (const r of records) {
    const own = byEnte.get(r.enteId);
    if (own) own.push(r);
    else byEnte.set(r.enteId, [r]);
  }
  const enteIds = [...byEnte.keys()];
  const moving = records.filter((r) => r.conventionPeriod !== period).map((r) => ({ enteId: r.enteId, serviceCode: r.serviceCode }));
  const held = await unitsNumberedIn(db, period, moving, lock);
  const facts = await renewalFactsFor(db, enteIds, year, period);
  return enteIds.flatMap((enteId): EnteRenewalPlan[] => {
    const f = facts.get(enteId);
    const own = byEnte.get(enteId) ?? [];
    if (!f) return [];
    const decisions = planRenewal(
      {
        ente: f.ente,
        member: f.member,
        records: own.map((r) => ({ ...r, recordId: r.id })),
        heldInNewPeriod: held.get(enteId) ?? {},
      },
      year,
      lists,
    );
    return [{ enteId, name: f.name, pec: f.pec, member: f.member, payerId: f.payerId, records: own, decisions }];
  });
}

/** Every Ente with records to renew in `year` (or only `onlyEnti`), batch by batch; each batch in its own transaction when `tx`. */
export async function forEachRenewalBatch(
  ds: DataSource,
  year: number,
  work: (db: Db, enteIds: string[]) => Promise<void>,
  opts: { transaction: boolean; onlyEnti?: readonly string[] },
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const enti = await entiToRenew(ds, year, after, BATCH, opts.onlyEnti);
    if (enti.length === 0) return;
    if (opts.transaction) await ds.transaction((tx) => work(tx, enti));
    else await work(ds, enti);
    after = enti[enti.length - 1] ?? null;
  }
}

/** The December preview of `year` for the records the caller may see. */
export async function renewalPreview(db: Db, year: number, records: readonly RenewableRecordRow[]): Promise<RenewalPreview> {
  const lists = await priceListsCoveringYear(db, year);
  const plans = await planRenewals(db, year, records, lists);
  plans.sort((a, b) => a.name.localeCompare(b.name, 'it') || a.enteId.localeCompare(b.enteId));
  return previewOf(
    year,
    plans.map((p) => ({ ente: { id: p.enteId, name: p.name }, member: p.member, decisions: p.decisions })),
    lists,
  );
}

export interface RenewalReport {
  year: number;
  /** Units renewed (free or not), billing entries written and their total, units ended. */
  renewed: number;
  free: number;
  billed: number;
  billedCents: number;
  ended: number;
}

/**
 * The 1 January job: every annual unit active that day is renewed at the price, allowance and membership of the
 * year, or ended on 31 December with the reason. Set-based per batch of Enti in one transaction each; records carry
 * `renewed_for_year` and billing entries a source key, so a second run (or a run after a crash) changes nothing.
 * A renewed record takes the new convention period, unit number and fee; what each year cost stays in the ledger.
 */
export async function renewAnnualServices(ds: DataSource, year: number | null, now = new Date()): Promise<RenewalReport> {
  const y = year ?? Number(romeDate(now).slice(0, 4));
  const report: RenewalReport = { year: y, renewed: 0, free: 0, billed: 0, billedCents: 0, ended: 0 };
  await forEachRenewalBatch(
    ds,
    y,
    async (db, enteIds) => {
      const tx = db as EntityManager;
      const records = await renewableRecords(tx, y, enteIds, true);
      const plans = await planRenewals(tx, y, records, await priceLists(tx), true);
      const entries: LedgerEntry[] = [];
      const renewed = [];
      const ended = [];
      for (const plan of plans) {
        for (const d of plan.decisions) {
          if (d.action === 'end') {
            ended.push({ id: d.recordId, reason: d.reason });
            continue;
          }
          renewed.push({
            id: d.recordId,
            conventionPeriod: d.conventionPeriod,
            unitIndex: d.unitIndex,
            free: d.free,
            freeReason: d.note,
            annualCents: d.free ? null : d.amountCents,
            payerEnteId: plan.payerId,
          });
          if (d.amountCents > 0) {
            entries.push({
              sourceKey: sourceKey.record(d.recordId, 'annual', y),
              enteId: plan.enteId,
              payerEnteId: plan.payerId,
              serviceRecordId: d.recordId,
              kind: 'annual',
              serviceCode: d.serviceCode,
              year: y,
              // A renewal is dated 1 January: listed with the first half-year, due with the quota.
              half: 1,
              description: d.description,
              amountCents: d.amountCents,
              dueOn: dueDate({ kind: 'renewal', year: y }),
            });
          }
        }
      }
      report.renewed += await markRenewed(tx, y, renewed);
      report.free += renewed.filter((r) => r.free).length;
      report.ended += await endUnrenewed(tx, y, ended);
      report.billed += await recordEntries(tx, entries);
      report.billedCents += entries.reduce((s, e) => s + e.amountCents, 0);
    },
    { transaction: true },
  );
  return report;
}
