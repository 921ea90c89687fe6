import type { EntityManager } from 'typeorm';

/** The bulk writes of the demo history (`demo-history.ts`): people, tickets with their follow-ups, in one statement per table. */

type Db = EntityManager;

/** Creates the people the history needs (no password: they cannot sign in), links Ente users; answers email → id. */
export async function ensurePeople(
  tx: Db,
  people: ReadonlyArray<{ email: string; name: string; role: 'ente_user' | 'operator'; enteId: string | null }>,
): Promise<Map<string, string>> {
  await tx.query(
    `WITH created AS (
       INSERT INTO users (email, name, role)
       SELECT p.email, p.name, p.role FROM json_to_recordset($1::json) AS p(email text, name text, role text)
       ON CONFLICT (email) DO NOTHING RETURNING id, email)
     INSERT INTO user_enti (user_id, ente_id)
     SELECT c.id, p."enteId" FROM created c JOIN json_to_recordset($1::json) AS p(email text, "enteId" uuid) ON p.email = c.email
     WHERE p."enteId" IS NOT NULL`,
    [JSON.stringify(people)],
  );
  const rows = (await tx.query(`SELECT id, email FROM users WHERE email = ANY($1::text[])`, [people.map((p) => p.email)])) as Array<{ id: string; email: string }>;
  return new Map(rows.map((r) => [r.email, r.id]));
}

export async function userIdsByEmail(tx: Db, emails: readonly string[]): Promise<Map<string, string>> {
  const rows = (await tx.query(`SELECT id, email FROM users WHERE email = ANY($1::text[])`, [emails])) as Array<{ id: string; email: string }>;
  return new Map(rows.map((r) => [r.email, r.id]));
}

export async function supplierIds(tx: Db): Promise<string[]> {
  return ((await tx.query(`SELECT id FROM suppliers ORDER BY name`)) as Array<{ id: string }>).map((r) => r.id);
}

export async function ticketExists(tx: Db, id: string): Promise<boolean> {
  return ((await tx.query(`SELECT 1 FROM tickets WHERE id = $1`, [id])) as unknown[]).length > 0;
}

/**
 * Hands out `count` protocol numbers of `year` under the counter's row lock, as ticket creation does (no gaps,
 * no duplicates with tickets created meanwhile); answers the first one.
 */
export async function takeProtocolNumbers(tx: Db, year: number, count: number): Promise<number> {
  const [row] = (await tx.query(
    `INSERT INTO ticket_protocol_counters (year, last) VALUES ($1, $2)
     ON CONFLICT (year) DO UPDATE SET last = ticket_protocol_counters.last + EXCLUDED.last
     RETURNING last`,
    [year, count],
  )) as Array<{ last: number }>;
  if (!row) throw new Error('protocol counter not updated');
  return row.last - count + 1;
}

const TICKET_COLUMNS = [
  'id', 'protocol_year', 'protocol_number', 'ente_id', 'requester_id', 'opened_by_id', 'type', 'category', 'service_code', 'urgency', 'title',
  'description', 'status', 'return_status', 'pending_reason', 'assignee_id', 'supplier_id', 'planned_for', 'solution', 'take_charge_minutes',
  'resolve_minutes', 'take_charge_due', 'resolve_due', 'take_charge_remaining', 'resolve_remaining', 'taken_at', 'solved_at', 'closed_at',
  'deleted_at', 'sla_state', 'queue_due', 'created_at', 'updated_at', 'approval_state', 'approval_reason', 'approved_by', 'approved_at', 'applied_at',
].join(', ');

async function insertRows(tx: Db, table: string, columns: string, rows: readonly object[]): Promise<void> {
  // Chunks of 500: one statement per chunk keeps the JSON parameter small.
  for (let i = 0; i < rows.length; i += 500) {
    await tx.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`, [
      JSON.stringify(rows.slice(i, i + 500)),
    ]);
  }
}

export async function insertTickets(tx: Db, rows: readonly object[]): Promise<void> {
  await insertRows(tx, 'tickets', TICKET_COLUMNS, rows);
}

export async function insertFollowups(tx: Db, rows: readonly object[]): Promise<void> {
  await insertRows(tx, 'ticket_followups', 'ticket_id, author_id, body, is_private, created_at', rows);
}

export async function insertHistory(tx: Db, rows: readonly object[]): Promise<void> {
  await insertRows(tx, 'ticket_history', 'ticket_id, actor_id, at, field, from_value, to_value', rows);
}
