import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import { enqueue } from '../platform/outbox/outbox';
import { activeUserByEmail } from './inbound-mail.repository';
import { greeting, renderLayout } from './mail-layout';
import { mailText, type Lang } from './mail-texts';
import { insertOutgoingMails } from './outgoing-mails.repository';
import { mailEnabled, messageIdDomain, REFUSAL_TEMPLATE } from './mail-settings';
import { NEW_TICKET_LOCAL_PART } from './inbound-new-ticket';

/** Why the inbound path refused a message; each has its explanation and its remedy in mail-texts/<lang>/inbound-refused.json. */
export type RefusalCode = 'unknown_address' | 'inactive_user' | 'wrong_sender' | 'no_access' | 'ticket_deleted' | 'not_referent' | 'too_large' | 'empty' | 'invalid';


export interface Refused {
  /** The envelope sender: RFC 3834 answers go to the return path, never to From or Reply-To. */
  to: string;
  code: RefusalCode;
  /** The service's own message for `invalid` (a validation error). */
  detail?: string | undefined;
  /** The address the message was sent to, and its subject, so the sender recognises it. */
  rcpt: string | null;
  subject: string;
}

/** The answer in the sender's language when they are a user, in Italian otherwise. */
export async function renderRefusal(ds: DataSource, config: Config, r: Refused): Promise<{ subject: string; text: string; html: string }> {
  const user = await activeUserByEmail(ds, r.to);
  const lang: Lang = user?.language ?? 'it';
  const helpdesk = config.INBOUND_SMTP_PORT !== undefined ? `${NEW_TICKET_LOCAL_PART}@${config.INBOUND_DOMAIN}` : null;
  const byMail = helpdesk ? mailText(lang, 'inbound-refused', 'byMail', { address: helpdesk }) : '';
  const subject = r.subject.replace(/\s+/g, ' ').trim().slice(0, 150) || '—';
  const mb = (n: number) => new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  const vars = { maxMb: mb(config.INBOUND_MAX_MB), fileMb: mb(config.ATTACHMENT_MAX_MB), detail: r.detail ?? '', byMail };
  return renderLayout({
    lang,
    subject: mailText(lang, 'inbound-refused', 'subject', { subject }),
    sections: [
      {
        lang,
        blocks: [
          greeting(lang, user?.name ?? null),
          { line: mailText(lang, 'inbound-refused', 'intro', { address: r.rcpt ?? '—', subject }) },
          { line: `${mailText(lang, 'inbound-refused', 'why')} ${mailText(lang, 'inbound-refused', `reasons.${r.code}`, vars)}` },
          { line: `${mailText(lang, 'inbound-refused', 'what')} ${mailText(lang, 'inbound-refused', `actions.${r.code}`, vars)}` },
          { line: mailText(lang, 'inbound-refused', 'portal', { portal: config.PUBLIC_URL }) },
        ],
      },
    ],
    notes: [mailText(lang, 'inbound-refused', 'automatic')],
  });
}

/**
 * Queues the answer to a refused message through outgoing_mails and the `mail.send` job (relayed by the outbox in
 * the same transaction), at most one an hour per sender address: someone retrying, or a forged sender, gets one
 * explanation, not a stream. The caller has already made sure the message was written by a person.
 * Returns the mail id, or undefined when nothing was queued.
 */
export async function queueRefusalAnswer(ds: DataSource, config: Config, r: Refused, now = new Date()): Promise<string | undefined> {
  if (!mailEnabled(config)) return undefined;
  const mail = await renderRefusal(ds, config, r);
  const hour = now.toISOString().slice(0, 13);
  return ds.transaction(async (tx: EntityManager) => {
    const [id] = await insertOutgoingMails(
      tx,
      REFUSAL_TEMPLATE,
      [{ id: randomUUID(), key: `${REFUSAL_TEMPLATE}:${r.to.toLowerCase()}:${hour}`, to: r.to, ...mail }],
      messageIdDomain(config),
    );
    if (id) await enqueue(tx, 'jobs.enqueue', { name: 'mail.send', data: { mailId: id }, jobId: `mail-${id}` });
    return id;
  });
}
