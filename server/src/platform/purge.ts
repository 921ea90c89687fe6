import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { purgeDispatched } from './outbox/outbox.repository';
import { purgeOldMails } from '../notifications/outgoing-mails.repository';

/**
 * Job `platform.purge`: without it the outbox and the sent mails grow for ever (about 8.5 outbox rows and 5 mails per
 * ticket). Idempotent: a second run the same day finds nothing past the cut-off.
 */
export async function purgeTechnicalRows(ds: DataSource, config: Pick<Config, 'OUTBOX_RETENTION_DAYS' | 'MAIL_RETENTION_DAYS'>): Promise<{ outbox: number; mails: number }> {
  const outbox = await purgeDispatched(ds, config.OUTBOX_RETENTION_DAYS);
  const mails = await purgeOldMails(ds, config.MAIL_RETENTION_DAYS);
  return { outbox, mails };
}
