import type { DataSource, EntityManager } from 'typeorm';
import {
  BusinessRuleError,
  PriceListSchema,
  effectiveFrom,
  priceListFor,
  priceListForYear,
  romeDate,
  type CreatePriceListVersion,
  type PriceList,
  type PriceListPreview,
  type PriceListPreviewRow,
  type PriceListVersion,
  type PriceListVersionSummary,
  type UpdatePriceListVersion,
} from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { quotaMembers, quotaOf } from '../billing/quota';
import { AppError, notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import { forEachRenewalBatch, planRenewals, type EnteRenewalPlan } from '../service-records/renewals';
import { renewableRecords } from '../service-records/service-records.repository';
import { priceLists } from './price-lists.loader';
import {
  findVersion,
  insertDraft,
  listVersions,
  lockPeriodForPublication,
  markPublished,
  publishedOnSameDay,
  updateDraft,
  type VersionRow,
} from './price-lists.repository';

type Db = DataSource | EntityManager;

const fieldError = (path: string, message: string) =>
  new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', { fields: [{ path, message }] });
const italianDate = (iso: string) => iso.split('-').reverse().join('/');
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

/** The list a version applies: its body with the effective date of the row. */
const listOf = (row: VersionRow): PriceList => PriceListSchema.parse({ ...(row.body as object), effectiveFrom: row.effectiveFrom });
/** What is stored in `body`: the effective date lives in its own column only, so the two cannot disagree. */
function bodyOf(list: PriceList): Omit<PriceList, 'effectiveFrom'> {
  const body: Partial<PriceList> = { ...list };
  delete body.effectiveFrom;
  return body as Omit<PriceList, 'effectiveFrom'>;
}

/** Drafts, edits, previews and publishes versions of the price lists. Published versions are never changed. */
export class PriceListsService {
  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<PriceListVersionSummary[]> {
    const rows = await listVersions(this.ds);
    return rows.map((r) => this.summary(r, rows));
  }

  async get(id: string, db: Db = this.ds): Promise<PriceListVersion> {
    const row = await this.row(db, id);
    return { ...this.summary(row, await listVersions(db)), body: listOf(row) };
  }

  /** A draft copying `fromId` (any version: usually the one in force), to take effect on `effectiveFrom`. */
  async create(input: CreatePriceListVersion, actor: AuditActor): Promise<PriceListVersion> {
    const id = await this.ds.transaction(async (tx) => {
      const source = await this.row(tx, input.fromId, 'fromId');
      const body = listOf(source);
      this.assertInPeriod(body, input.effectiveFrom);
      const newId = await insertDraft(tx, { period: source.period, effectiveFrom: input.effectiveFrom, body: bodyOf(body), userId: actor.userId });
      await recordChange(tx, actor, { entity: 'price_lists', recordId: newId, action: 'create', before: null, after: await this.get(newId, tx) });
      return newId;
    });
    return this.get(id);
  }

  /** Saves the whole list of a draft; a published version answers 409, a stale `version` 409 with the other change. */
  async update(id: string, input: UpdatePriceListVersion, actor: AuditActor): Promise<PriceListVersion> {
    await this.ds.transaction(async (tx) => {
      const row = await this.row(tx, id, undefined, true);
      this.assertDraft(row);
      const before = await this.get(id, tx);
      if (row.version !== input.version) throw await staleVersion(tx, 'price_lists', id, before);
      if (input.body.period !== row.period) throw fieldError('body.period', `Il periodo di una versione non cambia: questa è del listino ${row.period}.`);
      // The validity of a list is the convention's: a version changes prices from its effective date, not the period.
      const current = listOf(row);
      for (const key of ['startsOn', 'endsOn'] as const) {
        if (input.body[key] !== current[key]) {
          throw fieldError(`body.${key}`, `Le date del listino sono quelle della convenzione ${row.period} (${italianDate(current[key])}): per cambiare i prezzi da una data usi la data di decorrenza.`);
        }
      }
      this.assertInPeriod(input.body, input.effectiveFrom);
      await updateDraft(tx, id, { effectiveFrom: input.effectiveFrom, body: bodyOf(input.body), userId: actor.userId });
      await recordChange(tx, actor, { entity: 'price_lists', recordId: id, action: 'update', before, after: await this.get(id, tx) });
    });
    return this.get(id);
  }

  /** From now on the version applies from its effective date; the earlier one of the period keeps the days before. */
  async publish(id: string, version: number, actor: AuditActor): Promise<PriceListVersion> {
    await this.ds.transaction(async (tx) => {
      const row = await this.row(tx, id, undefined, true);
      this.assertDraft(row);
      const before = await this.get(id, tx);
      if (row.version !== version) throw await staleVersion(tx, 'price_lists', id, before);
      // Published, a version must not reprice what was already priced: it takes effect from tomorrow at the earliest.
      if (row.effectiveFrom <= romeDate(this.now())) {
        throw fieldError(
          'effectiveFrom',
          `La data di decorrenza (${italianDate(row.effectiveFrom)}) è già passata o è oggi: una versione pubblicata vale da domani in poi. Corregga la data nella bozza e la pubblichi.`,
        );
      }
      await lockPeriodForPublication(tx, row.period);
      if (await publishedOnSameDay(tx, row.period, row.effectiveFrom)) {
        throw fieldError(
          'effectiveFrom',
          `Un'altra versione del listino ${row.period} pubblicata decorre già dal ${italianDate(row.effectiveFrom)}: scelga un'altra data di decorrenza.`,
        );
      }
      await markPublished(tx, id, actor.userId);
      await recordChange(tx, actor, { entity: 'price_lists', recordId: id, action: 'publish', before, after: await this.get(id, tx) });
    });
    return this.get(id);
  }

  /**
   * What publishing the draft would change on 1 January of `year` for every Ente: the membership quota and the
   * annual fees of the units renewed that day, with the lists in force now against the lists with the draft
   * published. The same code as the assessment (quotaOf) and the renewal (planRenewals), with other lists.
   */
  async preview(id: string, requestedYear: number | undefined): Promise<PriceListPreview> {
    const row = await this.row(this.ds, id);
    const draft = listOf(row);
    const nextYear = Number(romeDate(this.now()).slice(0, 4)) + 1;
    const year = requestedYear ?? Math.max(nextYear, Number(row.effectiveFrom.slice(0, 4)));
    const current = await priceLists(this.ds);
    // Published, the draft would take the place of a version of its period taking effect the same day.
    const proposed = [...current.filter((l) => !(l.period === draft.period && effectiveFrom(l) === effectiveFrom(draft))), draft];
    const [beforeList, afterList] = [current, proposed].map((lists) => {
      try {
        return priceListForYear(year, lists);
      } catch (err) {
        if (err instanceof BusinessRuleError) throw fieldError('year', err.message);
        throw err;
      }
    }) as [PriceList, PriceList];

    const rows = new Map<string, PriceListPreviewRow>();
    const rowOf = (enteId: string, name: string): PriceListPreviewRow => {
      let r = rows.get(enteId);
      if (!r) {
        r = {
          ente: { id: enteId, name },
          quota: { beforeCents: null, afterCents: null },
          renewals: { beforeCents: 0, afterCents: 0 },
          renewedUnits: { before: 0, after: 0 },
          problem: null,
          changed: false,
        };
        rows.set(enteId, r);
      }
      return r;
    };
    for (const m of await quotaMembers(this.ds, year)) {
      const r = rowOf(m.id, m.name);
      try {
        r.quota.beforeCents = quotaOf(m, year, current).amountCents;
        r.quota.afterCents = quotaOf(m, year, proposed).amountCents;
      } catch (err) {
        r.problem = err instanceof Error ? err.message : String(err);
      }
    }
    const fees = (plan: EnteRenewalPlan) => plan.decisions.flatMap((d) => (d.action === 'renew' ? [d.amountCents] : []));
    await forEachRenewalBatch(
      this.ds,
      year,
      async (db, enteIds) => {
        const records = await renewableRecords(db, year, enteIds, false);
        for (const [side, lists] of [['before', current], ['after', proposed]] as const) {
          for (const plan of await planRenewals(db, year, records, lists)) {
            const r = rowOf(plan.enteId, plan.name);
            const amounts = fees(plan);
            r.renewals[side === 'before' ? 'beforeCents' : 'afterCents'] = amounts.reduce((a, b) => a + b, 0);
            r.renewedUnits[side] = amounts.length;
          }
        }
      },
      { transaction: false },
    );
    const items = [...rows.values()].sort((a, b) => a.ente.name.localeCompare(b.ente.name, 'it') || a.ente.id.localeCompare(b.ente.id));
    let beforeCents = 0;
    let afterCents = 0;
    for (const r of items) {
      r.changed =
        r.quota.beforeCents !== r.quota.afterCents || r.renewals.beforeCents !== r.renewals.afterCents || r.renewedUnits.before !== r.renewedUnits.after;
      beforeCents += (r.quota.beforeCents ?? 0) + (r.renewals.beforeCents ?? 0);
      afterCents += (r.quota.afterCents ?? 0) + (r.renewals.afterCents ?? 0);
    }
    const ref = (l: PriceList) => ({ period: l.period, name: l.name, effectiveFrom: effectiveFrom(l) });
    return {
      year,
      before: ref(beforeList),
      after: ref(afterList),
      rows: items,
      totals: { beforeCents, afterCents, changedEnti: items.filter((r) => r.changed).length },
    };
  }

  private async row(db: Db, id: string, field?: string, lock = false): Promise<VersionRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await findVersion(db, id, lock) : undefined;
    if (row) return row;
    if (field) throw fieldError(field, 'La versione del listino indicata non esiste.');
    throw notFound('La versione del listino');
  }

  private assertDraft(row: VersionRow): void {
    if (row.status === 'draft') return;
    throw new AppError(
      409,
      'published',
      `La versione «${listOf(row).name}» in vigore dal ${italianDate(row.effectiveFrom)} è pubblicata e non si modifica più: crei una nuova versione copiandola.`,
    );
  }

  private assertInPeriod(list: PriceList, date: string): void {
    if (list.startsOn <= date && date <= list.endsOn) return;
    throw fieldError(
      'effectiveFrom',
      `La data di decorrenza deve cadere nel periodo del listino ${list.period} (${italianDate(list.startsOn)}–${italianDate(list.endsOn)}).`,
    );
  }

  private summary(r: VersionRow, all: readonly VersionRow[]): PriceListVersionSummary {
    const today = romeDate(this.now());
    const published = all.filter((v) => v.status === 'published' && v.period === r.period);
    const next = published
      .filter((v) => v.effectiveFrom > r.effectiveFrom)
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    const body = r.body as { name?: unknown };
    const inForce = r.status === 'published' && priceListInForceToday(published, today)?.id === r.id;
    return {
      id: r.id,
      period: r.period as PriceListVersionSummary['period'],
      name: typeof body.name === 'string' ? body.name : r.period,
      effectiveFrom: r.effectiveFrom,
      status: r.status,
      inForceToday: inForce,
      supersededOn: r.status === 'published' && next ? next.effectiveFrom : null,
      createdAt: r.createdAt.toISOString(),
      createdBy: person(r.createdById, r.createdByName),
      updatedAt: r.updatedAt.toISOString(),
      publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
      publishedBy: person(r.publishedById, r.publishedByName),
      version: r.version,
    };
  }
}

/** The published version of a period applied today, by the engine's own rule. */
function priceListInForceToday(published: readonly VersionRow[], today: string): VersionRow | undefined {
  try {
    const list = priceListFor(today, published.map(listOf));
    return published.find((v) => v.effectiveFrom === effectiveFrom(list));
  } catch {
    return undefined;
  }
}
