import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { priceListForYear } from '@cit/shared';
import type { Config } from '../config';
import { enqueueMany } from '../platform/outbox/outbox';
import { forEachRenewalBatch, planRenewals } from '../service-records/renewals';
import { renewableRecords } from '../service-records/service-records.repository';
import { mailEnabled, messageIdDomain } from './mail-settings';
import { renderRenewalNotice } from './renewal-notice-template';

/** One notice per Ente and renewal year, ever: the key of its outgoing mail. */
export const renewalNoticeKey = (enteId: string, year: number): string => `renewal-notice:${enteId}:${year}`;

/**
 * The `services.renewal-notices` job ("Avvisa gli Enti"): one e-mail to every Ente with units the renewal of `year`
 * will end, listing them and why, sent through outgoing_mails and the `mail.send` job. The dedup key makes a second
 * run (or a click twice) send nothing more to an Ente already told. Returns how many mails it queued.
 */
export async function queueRenewalNotices(ds: DataSource, config: Config, year: number): Promise<{ year: number; queued: number }> {
  if (!mailEnabled(config)) return { year, queued: 0 };
  const priceList = priceListForYear(year).period;
  let queued = 0;
  await forEachRenewalBatch(
    ds,
    year,
    async (db, enteIds) => {
      const tx = db as EntityManager;
      const plans = await planRenewals(tx, year, await renewableRecords(tx, year, enteIds, false));
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
      const rows = (await tx.query(
        `INSERT INTO outgoing_mails (id, dedup_key, template, to_address, subject, text, html, message_id)
         SELECT id, key, 'renewal_notice', addr, subject, text, html, '<' || id || '@' || $7 || '>'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS i(id, key, addr, subject, text, html)
         ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
        [
          mails.map((m) => m.id),
          mails.map((m) => m.key),
          mails.map((m) => m.to),
          mails.map((m) => m.subject),
          mails.map((m) => m.text),
          mails.map((m) => m.html),
          messageIdDomain(config),
        ],
      )) as Array<{ id: string }>;
      await enqueueMany(
        tx,
        rows.map((r) => ({ topic: 'jobs.enqueue', payload: { name: 'mail.send', data: { mailId: r.id }, jobId: `mail-${r.id}` } })),
      );
      queued += rows.length;
    },
    { transaction: true },
  );
  return { year, queued };
}
