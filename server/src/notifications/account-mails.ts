import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Config } from '../config';
import { enqueue } from '../platform/outbox/outbox';
import { mailEnabled, messageIdDomain } from './mail-settings';
import { renderAccountMail, type AccountMailKind, type Lang } from './templates';

export interface AccountMail {
  kind: AccountMailKind;
  /** The link row the mail carries: one mail per link, so a replayed transaction cannot send it twice. */
  linkId: string;
  link: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; language: Lang };
}

/**
 * Stores an account mail in outgoing_mails and relays its `mail.send` job through the outbox, both in the
 * caller's transaction: the mail exists exactly when the link does, and Redis being away only delays it.
 * Account mails are essential, so the user's opt-out does not apply. Returns the mail id, or undefined
 * when no SMTP server is configured (the same rule as ticket mail).
 */
export async function queueAccountMail(tx: EntityManager, config: Config, mail: AccountMail): Promise<string | undefined> {
  if (!mailEnabled(config)) return undefined;
  const rendered = renderAccountMail(mail.kind, { link: mail.link, expiresAt: mail.expiresAt }, mail.user.name, mail.user.language);
  const id = randomUUID();
  await tx.query(
    `INSERT INTO outgoing_mails (id, dedup_key, recipient_user_id, template, to_address, subject, text, html, message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, `account:${mail.linkId}`, mail.user.id, mail.kind, mail.user.email, rendered.subject, rendered.text, rendered.html, `<${id}@${messageIdDomain(config)}>`],
  );
  await enqueue(tx, 'jobs.enqueue', { name: 'mail.send', data: { mailId: id }, jobId: `mail-${id}` });
  return id;
}
