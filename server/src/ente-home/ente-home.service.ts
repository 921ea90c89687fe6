import type { DataSource } from 'typeorm';
import { allowanceUsage, priceListFor, type EnteHome } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { notFound } from '../platform/http/errors';
import { enteNames, scopeEntiByLink } from '../enti/names.repository';
import { enteFactsFor } from '../enti/ente-facts.repository';
import { priceLists } from '../price-lists/price-lists.loader';
import { requestsInProgress } from '../tickets/ente-requests.repository';
import { heldUnitsByService } from '../service-records/service-records.repository';
import { duesOfPayer, latestQuota } from '../billing/ledger/dues.repository';
import { latestStatementOf } from '../billing/statements/statements.repository';

/** Enough to choose from for the largest capofila; the page offers a select of these. */
const MAX_ENTI = 200;
const MAX_REQUESTS = 10;
const MAX_DUE_DATES = 6;

/**
 * The Ente's home in one answer. The Ente is one of the caller's scope (by default the one the referent belongs
 * to, before the members a capofila referent acts for); every read below is keyed by that Ente, so nothing of
 * another Ente can appear. Amounts due and the statement are the Ente's as payer, as on its statements.
 */
export async function loadEnteHome(ds: DataSource, auth: AuthContext, requested: string | undefined, today: string): Promise<EnteHome> {
  const scope = auth.scope.kind === 'enti' ? auth.scope.enteIds : [];
  if (requested !== undefined && !scope.includes(requested)) throw notFound("L'Ente");
  const enti = await scopeEntiByLink(ds, auth.user.id, scope, MAX_ENTI);
  const enteId = requested ?? enti[0]?.id;
  if (!enteId) throw notFound("L'Ente");
  const year = Number(today.slice(0, 4));
  // One round trip after the Ente is known: the allowance use waits only for the price list (a cached read).
  const usage = async () => {
    const list = priceListFor(today, await priceLists(ds));
    const [facts, held] = await Promise.all([enteFactsFor(ds, enteId, year), heldUnitsByService(ds, enteId, list.period, today)]);
    return { conventionPeriod: list.period, usage: allowanceUsage(list, facts.ente, held) };
  };
  const [services, requests, quota, dues, statement, names] = await Promise.all([
    usage(),
    requestsInProgress(ds, enteId, MAX_REQUESTS),
    latestQuota(ds, enteId),
    duesOfPayer(ds, enteId, today, MAX_DUE_DATES),
    latestStatementOf(ds, enteId),
    // A member chosen beyond the first MAX_ENTI is named by a lookup of its own.
    enti.some((e) => e.id === enteId) ? new Map(enti.map((e) => [e.id, e.name])) : enteNames(ds, [enteId]),
  ]);
  const ente = { id: enteId, name: names.get(enteId) ?? '—' };
  return {
    ente,
    enti: enti.some((e) => e.id === enteId) ? enti : [...enti, ente],
    today,
    requests,
    services,
    dues: {
      quota: quota
        ? { year: quota.year, amountCents: quota.amountCents, dueOn: quota.dueOn, collected: quota.collected, payer: { id: quota.payerId, name: quota.payerName } }
        : null,
      ...dues,
      latestStatement: statement ?? null,
    },
  };
}
