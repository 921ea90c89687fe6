import type { DataSource, EntityManager } from 'typeorm';
import { PriceListSchema, effectiveFrom, type PriceList } from '@cit/shared';
import { AppError } from '../platform/http/errors';
import { publishedStamp, publishedVersions } from './price-lists.repository';

type Db = DataSource | EntityManager;

/**
 * The published price lists, as the engine in @cit/shared applies them: every server user (quotes, the worker's
 * activations, renewals, quotas, usage, notices, the catalog endpoint) calls this and nothing else.
 *
 * Cached per process. Invalidation: before every use the cache compares a stamp of the published set (count and
 * latest published_at: published rows are immutable) with the one it was loaded at. That is one cheap aggregate
 * query, and it is right in every process (API, workers, one-shot commands) at once, including a process that was
 * down or disconnected when the version was published, which a Redis pub/sub message could miss; it also holds
 * inside a transaction, where the stamp is read from the transaction's own snapshot.
 */
const cache = new WeakMap<DataSource, { stamp: string; lists: readonly PriceList[] }>();

export async function priceLists(db: Db): Promise<readonly PriceList[]> {
  const ds = 'connection' in db ? db.connection : db;
  const stamp = await publishedStamp(db);
  const hit = cache.get(ds);
  if (hit?.stamp === stamp) return hit.lists;
  const lists = Object.freeze(await loadPublished(db));
  cache.set(ds, { stamp, lists });
  return lists;
}

/** The published versions, each with its effective date from the row (the body does not carry it). */
async function loadPublished(db: Db): Promise<PriceList[]> {
  return (await publishedVersions(db)).map((row) => PriceListSchema.parse({ ...(row.body as object), effectiveFrom: row.effectiveFrom }));
}

/**
 * The published lists, after checking that one is in force on 1 January of `year`: a request naming a year no list
 * covers (the renewal preview, the notices) is answered 400 on its `year` field rather than failing halfway.
 */
export async function priceListsCoveringYear(db: Db, year: number): Promise<readonly PriceList[]> {
  const lists = await priceLists(db);
  if (lists.some((l) => l.startsOn <= `${year}-01-01` && `${year}-01-01` <= l.endsOn && effectiveFrom(l) <= `${year}-01-01`)) return lists;
  const periods = [...new Set(lists.map((l) => l.period))].join(', ');
  throw new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', {
    fields: [{ path: 'year', message: `Nessun listino in vigore il 1° gennaio ${year}: i listini caricati coprono ${periods}.` }],
  });
}
