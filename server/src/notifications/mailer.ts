import type * as Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { mailEnabled, REFUSAL_TEMPLATE } from './mail-settings';

interface MailRow {
  id: string;
  template: string;
  ticket_id: string | null;
  to_address: string;
  reply_to: string | null;
  subject: string;
  text: string;
  html: string;
  message_id: string;
  in_reply_to: string | null;
  references: string | null;
  status: 'queued' | 'sent' | 'failed';
}

/** Templates whose body holds a secret link (see account-mails.ts). */
const ACCOUNT_TEMPLATES: readonly string[] = ['account_invite', 'password_reset'];

const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

// Required on first use, not at the top: only processes that send mail (the workers) pay for nodemailer's memory.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadNodemailer = () => require('nodemailer') as typeof Nodemailer;

/** A transport from an smtp[s]://user:pass@host:port address (the ordinary account, or the PEC one). */
export function transportFromUrl(address: string): Transporter {
  const url = new URL(address);
  return loadNodemailer().createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    ...timeouts,
  });
}

export function createTransport(config: Config): Transporter {
  if (config.SMTP_URL) return transportFromUrl(config.SMTP_URL);
  const nodemailer = loadNodemailer();
  return nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASS ?? '' } } : {}),
    ...timeouts,
  });
}

/**
 * The `mail.send` job. The row is locked while sending so two workers cannot send it at once, and a sent
 * row is skipped, so BullMQ running the job again (crash, stalled lock, admin retry) never sends twice.
 * A failure is recorded and rethrown so BullMQ retries with backoff; at the last attempt the mail becomes
 * `failed` and shows up in the admins' list.
 */
export function mailSendJob(ds: DataSource, config: Config): (data: { mailId: string }) => Promise<unknown> {
  let transport: Transporter | undefined;
  return async ({ mailId }) => {
    if (!mailEnabled(config)) throw new Error('SMTP non configurato: impostare SMTP_URL o SMTP_HOST');
    transport ??= createTransport(config);
    const smtp = transport;
    let failure: Error | undefined;
    await ds.transaction(async (tx) => {
      const [m] = (await tx.query(`SELECT * FROM outgoing_mails WHERE id = $1 FOR UPDATE`, [mailId])) as MailRow[];
      if (!m || m.status === 'sent') return;
      try {
        await smtp.sendMail({
          from: config.MAIL_FROM,
          to: m.to_address,
          ...(m.reply_to ? { replyTo: m.reply_to } : {}),
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: m.message_id,
          ...(m.in_reply_to ? { inReplyTo: m.in_reply_to } : {}),
          ...(m.references ? { references: m.references } : {}),
          headers: {
            // Tells well-behaved auto-responders (out of office) not to answer, so no mail loop starts; the answer to a
            // refused message is an automatic reply (RFC 3834).
            'Auto-Submitted': m.template === REFUSAL_TEMPLATE ? 'auto-replied' : 'auto-generated',
            ...(m.ticket_id ? { 'X-CIT-Ticket': m.ticket_id } : {}),
          },
        });
        // Account mails carry a one-time password link: once delivered, the log keeps the mail but not a usable token.
        await tx.query(
          `UPDATE outgoing_mails SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL,
                  text = CASE WHEN template = ANY($2::text[]) THEN regexp_replace(text, $3, $4, 'g') ELSE text END,
                  html = CASE WHEN template = ANY($2::text[]) THEN regexp_replace(html, $3, $4, 'g') ELSE html END
            WHERE id = $1`,
          [m.id, ACCOUNT_TEMPLATES, 'token=[A-Za-z0-9_-]+', 'token=[rimosso-dopo-l-invio]'],
        );
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
        await tx.query(
          `UPDATE outgoing_mails SET attempts = attempts + 1, last_error = $2,
                  status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'queued' END
            WHERE id = $1`,
          [m.id, failure.message.slice(0, 2000), config.MAIL_ATTEMPTS],
        );
      }
    });
    if (failure) throw failure;
    return undefined;
  };
}
