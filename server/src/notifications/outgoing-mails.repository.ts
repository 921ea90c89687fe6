import type { DataSource, EntityManager } from 'typeorm';

export interface NewOutgoingMail {
  id: string;
  /** One mail per key, ever: a second insert under the same key is skipped. */
  key: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Queues mails of one template that are not about a ticket; returns the ids actually inserted (new keys only). */
export async function insertOutgoingMails(tx: EntityManager, template: string, mails: readonly NewOutgoingMail[], messageIdDomain: string): Promise<string[]> {
  const rows = (await tx.query(
    `INSERT INTO outgoing_mails (id, dedup_key, template, to_address, subject, text, html, message_id)
     SELECT id, key, $8, addr, subject, text, html, '<' || id || '@' || $7 || '>'
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS i(id, key, addr, subject, text, html)
     ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
    [
      mails.map((m) => m.id),
      mails.map((m) => m.key),
      mails.map((m) => m.to),
      mails.map((m) => m.subject),
      mails.map((m) => m.text),
      mails.map((m) => m.html),
      messageIdDomain,
      template,
    ],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/**
 * GDPR pseudonymisation: mails to a person who left keep their row (what was sent, when) but no longer name them:
 * the address becomes the pseudonym and the body, which greets them by name, is removed.
 */
export async function pseudonymiseRecipient(db: EntityManager, userId: string, email: string, pseudonymEmail: string): Promise<number> {
  const rows = (await db.query(
    `WITH u AS (UPDATE outgoing_mails SET to_address = $3, text = '[contenuto rimosso: destinatario pseudonimizzato]', html = '<p>[contenuto rimosso: destinatario pseudonimizzato]</p>'
                 WHERE recipient_user_id = $1 OR to_address = $2 RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
    [userId, email, pseudonymEmail],
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? 0;
}

/**
 * Deletes mails sent (or given up) more than `days` ago, oldest first, in batches. Queued mails stay whatever their
 * age. Reply tokens live in their own table, so a reply to an old notification still finds its ticket.
 */
export async function purgeOldMails(ds: DataSource, days: number, batch = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const [, count] = (await ds.query(
      `DELETE FROM outgoing_mails WHERE id IN (
         SELECT id FROM outgoing_mails WHERE created_at < now() - make_interval(days => $1) AND status <> 'queued'
         ORDER BY created_at LIMIT $2)`,
      [days, batch],
    )) as [unknown, number];
    total += count;
    if (count < batch) return total;
  }
}
