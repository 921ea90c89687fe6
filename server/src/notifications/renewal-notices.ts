import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { priceListForYear } from '@cit/shared';
import type { Config } from '../config';
import { enqueueMany } from '../platform/outbox/outbox';
import { forEachRenewalBatch, planRenewals } from '../service-records/renewals';
import { renewableRecords } from '../service-records/service-records.repository';
import { priceLists } from '../price-lists/price-lists.loader';
import { mailEnabled, messageIdDomain } from './mail-settings';
import { renderRenewalNotice } from './renewal-notice-template';
import { insertOutgoingMails } from './outgoing-mails.repository';

/** One notice per Ente and renewal year, ever: the key of its outgoing mail. */
export const renewalNoticeKey = (enteId: string, year: number): string => `renewal-notice:${enteId}:${year}`;

/**
 * The `services.renewal-notices` job ("Avvisa gli Enti"): one e-mail to every Ente with units the renewal of `year`
 * will end, listing them and why, sent through outgoing_mails and the `mail.send` job. The dedup key makes a second
 * run (or a click twice) send nothing more to an Ente already told. Returns how many mails it queued.
 */
export async function queueRenewalNotices(ds: DataSource, config: Config, year: number): Promise<{ year: number; queued: number }> {
  if (!mailEnabled(config)) return { year, queued: 0 };
  const lists = await priceLists(ds);
  const priceList = priceListForYear(year, lists).period;
  let queued = 0;
  await forEachRenewalBatch(
    ds,
    year,
    async (db, enteIds) => {
      const tx = db as EntityManager;
      const plans = await planRenewals(tx, year, await renewableRecords(tx, year, enteIds, false), lists);
      const mails = plans.flatMap((p) => {
        const units = p.decisions.flatMap((d) => (d.action === 'end' ? [{ serviceCode: d.serviceCode, unitIndex: d.unitIndex, unitLabel: d.unitLabel, reason: d.reason }] : []));
        // The institutional address; without one, the referent who asked for the first unit that ends.
        const firstEnding = p.decisions.find((d) => d.action === 'end')?.recordId;
        const to = p.pec ?? p.records.find((r) => r.id === firstEnding)?.referentEmail;
        if (units.length === 0 || !to) return [];
        const id = randomUUID();
        return [{ id, key: renewalNoticeKey(p.enteId, year), to, ...renderRenewalNotice({ enteName: p.name, year, priceList, units }) }];
      });
      if (mails.length === 0) return;
      const ids = await insertOutgoingMails(tx, 'renewal_notice', mails, messageIdDomain(config));
      await enqueueMany(
        tx,
        ids.map((id) => ({ topic: 'jobs.enqueue', payload: { name: 'mail.send', data: { mailId: id }, jobId: `mail-${id}` } })),
      );
      queued += ids.length;
    },
    { transaction: true },
  );
  return { year, queued };
}
