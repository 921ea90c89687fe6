import type { EntityManager } from 'typeorm';

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
