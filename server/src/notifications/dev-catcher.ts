import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { DataSource } from 'typeorm';
import type { Logger } from '../platform/logger';

/**
 * Development only (`npm start` without SMTP settings): an SMTP server on localhost that accepts every
 * message and keeps it in dev_caught_mails, where admins read it at /api/dev/mailbox. Nothing leaves the machine.
 */
export async function startMailCatcher(ds: DataSource, port: number, logger: Logger): Promise<{ port: number; stop: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'dev' }),
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then(async (parsed) => {
          const headers: Record<string, string> = {};
          for (const key of ['message-id', 'in-reply-to', 'references', 'reply-to', 'from', 'to', 'date']) {
            const line = parsed.headerLines.find((h) => h.key === key);
            if (line) headers[key] = line.line.slice(line.line.indexOf(':') + 1).trim();
          }
          await ds.query(`INSERT INTO dev_caught_mails (mail_from, rcpt_to, subject, text, html, headers) VALUES ($1, $2, $3, $4, $5, $6)`, [
            session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            session.envelope.rcptTo.map((r) => r.address),
            parsed.subject ?? null,
            parsed.text ?? null,
            typeof parsed.html === 'string' ? parsed.html : null,
            JSON.stringify(headers),
          ]);
        })
        .then(
          () => callback(),
          (err: unknown) => {
            logger.warn({ err }, 'mail catcher could not store a message');
            callback(err instanceof Error ? err : new Error(String(err)));
          },
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
