import type { DataSource, EntityManager } from 'typeorm';
import { parseProtocol, type TicketLinkRef, type TicketLinks, type TicketStatus } from '@cit/shared';
import { formatProtocol } from '../tickets/tickets.service';

/** Reads and writes of `ticket_links` and `ticket_merges`, and the rows a merge moves from one ticket to another. */

type Db = DataSource | EntityManager;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RefRow {
  id: string;
  year: number;
  number: number;
  title: string;
  status: TicketStatus;
}

const REF = `t.id, t.protocol_year AS year, t.protocol_number AS number, t.title, t.status`;
const toRef = (r: RefRow): TicketLinkRef => ({ id: r.id, protocol: formatProtocol(r.year, r.number), title: r.title, status: r.status });

/** The id of the ticket named by an id or a protocol ("2026/000123", "MoOne/55487"); undefined when none matches. */
export async function resolveTicketRef(db: Db, ref: string): Promise<string | undefined> {
  const protocol = parseProtocol(ref);
  // Path parameters arrive unchecked: anything that is neither a protocol nor a uuid names no ticket.
  if (!protocol && !UUID.test(ref)) return undefined;
  const [row] = (
    protocol
      ? await db.query(`SELECT id FROM tickets WHERE protocol_year = $1 AND protocol_number = $2`, [protocol.year, protocol.number])
      : await db.query(`SELECT id FROM tickets WHERE id = $1`, [ref])
  ) as Array<{ id: string }>;
  return row?.id;
}

/** The related tickets, the ticket this one was merged into and the ones merged into it. */
export async function readTicketLinks(db: Db, id: string): Promise<TicketLinks> {
  const [related, into, from] = (await Promise.all([
    db.query(
      `SELECT ${REF} FROM ticket_links l JOIN tickets t ON t.id = CASE WHEN l.ticket_a = $1 THEN l.ticket_b ELSE l.ticket_a END
        WHERE (l.ticket_a = $1 OR l.ticket_b = $1) AND t.status <> 'deleted' ORDER BY t.created_at`,
      [id],
    ),
    db.query(`SELECT ${REF} FROM ticket_merges m JOIN tickets t ON t.id = m.into_id WHERE m.merged_id = $1`, [id]),
    db.query(`SELECT ${REF} FROM ticket_merges m JOIN tickets t ON t.id = m.merged_id WHERE m.into_id = $1 ORDER BY m.merged_at`, [id]),
  ])) as [RefRow[], RefRow[], RefRow[]];
  const mergedInto = into[0];
  return { related: related.map(toRef), mergedInto: mergedInto ? toRef(mergedInto) : null, mergedFrom: from.map(toRef) };
}

/** Links two tickets (pair stored once, smaller id first); false when they already were. */
export async function insertTicketLink(db: Db, one: string, other: string, by: string): Promise<boolean> {
  const [a, b] = one < other ? [one, other] : [other, one];
  const rows = (await db.query(
    `INSERT INTO ticket_links (ticket_a, ticket_b, created_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ticket_a`,
    [a, b, by],
  )) as unknown[];
  return rows.length > 0;
}

/** Removes a link; false when there was none. */
export async function deleteTicketLink(db: Db, one: string, other: string): Promise<boolean> {
  const [a, b] = one < other ? [one, other] : [other, one];
  const result = (await db.query(`DELETE FROM ticket_links WHERE ticket_a = $1 AND ticket_b = $2 RETURNING ticket_a`, [a, b])) as [unknown[], number];
  return result[1] > 0;
}

/** The ticket a ticket was merged into, if it was. */
export async function mergedIntoId(db: Db, id: string): Promise<string | undefined> {
  const [row] = (await db.query(`SELECT into_id AS id FROM ticket_merges WHERE merged_id = $1`, [id])) as Array<{ id: string }>;
  return row?.id;
}

/**
 * Moves what a duplicate holds to the surviving ticket, in the caller's transaction (both rows locked): follow-ups,
 * attachments (a follow-up's files go with it), followers, and the duplicate's requester becomes a follower so they
 * hear about the surviving ticket. Then records the merge. Returns how many follow-ups and attachments moved.
 */
export async function moveIntoSurvivor(tx: EntityManager, merged: { id: string; requesterId: string }, intoId: string, by: string): Promise<{ followUps: number; attachments: number }> {
  const followUps = (await tx.query(`UPDATE ticket_followups SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id`, [merged.id, intoId])) as [unknown[], number];
  const attachments = (await tx.query(`UPDATE ticket_attachments SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id`, [merged.id, intoId])) as [unknown[], number];
  await tx.query(
    `INSERT INTO ticket_followers (ticket_id, user_id)
       SELECT $2::uuid, user_id FROM ticket_followers WHERE ticket_id = $1
       UNION SELECT $2::uuid, $3::uuid
     ON CONFLICT DO NOTHING`,
    [merged.id, intoId, merged.requesterId],
  );
  await tx.query(`DELETE FROM ticket_followers WHERE ticket_id = $1`, [merged.id]);
  await tx.query(`INSERT INTO ticket_merges (merged_id, into_id, merged_by) VALUES ($1, $2, $3)`, [merged.id, intoId, by]);
  return { followUps: followUps[1], attachments: attachments[1] };
}

/** Names of Enti by id, for messages. */
export async function enteNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = (await db.query(`SELECT id, name FROM enti WHERE id = ANY($1)`, [ids])) as Array<{ id: string; name: string }>;
  return new Map(rows.map((r) => [r.id, r.name]));
}
