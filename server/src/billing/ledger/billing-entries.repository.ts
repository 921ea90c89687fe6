import type { DataSource, EntityManager } from 'typeorm';
import type { LedgerKind } from '@cit/shared';

/**
 * The ledger: the only code that writes `billing_entries`. Approvals, renewals, quotas, usage and collections
 * all come here; each decides what to bill with the pure rules of `@cit/shared` (due dates, half-year, payer,
 * source key) and hands the finished entries over. The source key makes every write idempotent.
 */
export interface LedgerEntry {
  sourceKey: string;
  enteId: string;
  payerEnteId: string;
  serviceRecordId: string | null;
  kind: LedgerKind;
  serviceCode: string | null;
  year: number;
  half: 1 | 2;
  description: string;
  amountCents: number;
  dueOn: string;
}

type Db = DataSource | EntityManager;

const columns = (entries: readonly LedgerEntry[]): unknown[] => [
  entries.map((e) => e.sourceKey),
  entries.map((e) => e.enteId),
  entries.map((e) => e.payerEnteId),
  entries.map((e) => e.serviceRecordId),
  entries.map((e) => e.kind),
  entries.map((e) => e.serviceCode),
  entries.map((e) => e.year),
  entries.map((e) => e.half),
  entries.map((e) => e.description),
  entries.map((e) => e.amountCents),
  entries.map((e) => e.dueOn),
];

const INPUT = `SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::int[], $11::date[])
  AS i(source_key, ente_id, payer_ente_id, service_record_id, kind, service_code, year, half, description, amount_cents, due_on)`;

const INSERT = `INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, service_record_id, kind, service_code, year, half, description, amount_cents, due_on)
  SELECT source_key, ente_id, payer_ente_id, service_record_id, kind, service_code, year, half, description, amount_cents, due_on FROM input`;

/** Writes new entries; one already written under the same source key is left as it is. Returns how many were created. */
export async function recordEntries(db: Db, entries: readonly LedgerEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const [row] = (await db.query(
    `WITH input AS (${INPUT}), created AS (${INSERT} ON CONFLICT (source_key) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM created`,
    columns(entries),
  )) as Array<{ n: number }>;
  return row?.n ?? 0;
}

/**
 * Writes entries whose amount may change while they are still assessed (usage re-imported for a month): a new
 * figure replaces the old one; a collected entry is never touched. Returns how many were created or changed.
 */
export async function recordRevisableEntries(db: Db, entries: readonly LedgerEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const [row] = (await db.query(
    `WITH input AS (${INPUT}), written AS (${INSERT}
       ON CONFLICT (source_key) DO UPDATE SET amount_cents = EXCLUDED.amount_cents, description = EXCLUDED.description
         WHERE billing_entries.status = 'assessed' AND billing_entries.amount_cents <> EXCLUDED.amount_cents
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    columns(entries),
  )) as Array<{ n: number }>;
  return row?.n ?? 0;
}

/** Entries by source key (unknown keys are absent): what an earlier run of an import wrote. */
export async function entriesBySourceKey(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, { id: string; amountCents: number; status: 'assessed' | 'collected'; enteId: string; payerEnteId: string }>> {
  if (keys.length === 0) return new Map();
  const rows = (await db.query(
    `SELECT source_key, id, amount_cents, status, ente_id, payer_ente_id FROM billing_entries WHERE source_key = ANY($1::text[])`,
    [keys],
  )) as Array<{ source_key: string; id: string; amount_cents: number; status: 'assessed' | 'collected'; ente_id: string; payer_ente_id: string }>;
  return new Map(rows.map((r) => [r.source_key, { id: r.id, amountCents: r.amount_cents, status: r.status, enteId: r.ente_id, payerEnteId: r.payer_ente_id }]));
}

/** Totals of the entries whose source key starts with `prefix` (one import's), per year and per served Ente's name. */
export async function totalsBySourcePrefix(db: Db, prefix: string): Promise<{ byYear: Map<number, number>; byEnte: Map<string, number> }> {
  const rows = (await db.query(
    `SELECT b.year::int AS year, e.name, sum(b.amount_cents)::bigint AS cents
       FROM billing_entries b JOIN enti e ON e.id = b.ente_id
      WHERE starts_with(b.source_key, $1) GROUP BY b.year, e.name`,
    [prefix],
  )) as Array<{ year: number; name: string; cents: string }>;
  const byYear = new Map<number, number>();
  const byEnte = new Map<string, number>();
  for (const r of rows) {
    byYear.set(r.year, (byYear.get(r.year) ?? 0) + Number(r.cents));
    byEnte.set(r.name, (byEnte.get(r.name) ?? 0) + Number(r.cents));
  }
  return { byYear, byEnte };
}

/** The status of entries by id (unknown ids are absent). */
export async function entryStatuses(db: Db, ids: readonly string[]): Promise<Map<string, 'assessed' | 'collected'>> {
  const rows = (await db.query(`SELECT id, status FROM billing_entries WHERE id = ANY($1::uuid[])`, [ids])) as Array<{
    id: string;
    status: 'assessed' | 'collected';
  }>;
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Marks assessed entries collected (accertato → riscosso) with the act; returns the ids it changed. `userId` null: an import, no person. */
export async function markCollected(db: Db, items: ReadonlyArray<{ id: string; collectedOn: string; act: string }>, userId: string | null): Promise<string[]> {
  const rows = (await db.query(
    `WITH input AS (SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[]) AS i(id, collected_on, act)),
     updated AS (
       UPDATE billing_entries b SET status = 'collected', collected_on = i.collected_on, act_reference = i.act, collected_by = $4
       FROM input i WHERE b.id = i.id AND b.status = 'assessed' RETURNING b.id)
     SELECT id FROM updated`,
    [items.map((i) => i.id), items.map((i) => i.collectedOn), items.map((i) => i.act), userId],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Capitolo and accertamento for one entry: undefined keeps what is there, null clears it. */
export interface EntryAccounting {
  id: string;
  budgetChapter?: string | null;
  assessmentNumber?: string | null;
  assessmentDate?: string | null;
}

/**
 * Sets the capitolo and the accertamento of entries (collected ones too: the books are completed afterwards), in
 * one statement; returns the ids it found. Each item may carry its own values (a CSV import) or all the same (bulk).
 */
export async function setAccounting(db: Db, items: readonly EntryAccounting[], userId: string): Promise<string[]> {
  if (items.length === 0) return [];
  const keep = (v: string | null | undefined) => v === undefined;
  const rows = (await db.query(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::text[], $5::date[], $6::boolean[])
         AS i(id, budget_chapter, keep_chapter, assessment_number, assessment_date, keep_assessment)),
     updated AS (
       UPDATE billing_entries b SET
         budget_chapter = CASE WHEN i.keep_chapter THEN b.budget_chapter ELSE i.budget_chapter END,
         assessment_number = CASE WHEN i.keep_assessment THEN b.assessment_number ELSE i.assessment_number END,
         assessment_date = CASE WHEN i.keep_assessment THEN b.assessment_date ELSE i.assessment_date END,
         accounting_by = $7, accounting_at = now()
       FROM input i WHERE b.id = i.id RETURNING b.id)
     SELECT id FROM updated`,
    [
      items.map((i) => i.id),
      items.map((i) => i.budgetChapter ?? null),
      items.map((i) => keep(i.budgetChapter)),
      items.map((i) => i.assessmentNumber ?? null),
      items.map((i) => i.assessmentDate ?? null),
      items.map((i) => keep(i.assessmentNumber) && keep(i.assessmentDate)),
      userId,
    ],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/**
 * A Comune merged into another: its entries, as the Ente served and as the payer, become the target's, so the
 * target's statements and balances carry the history. Answers how many moved in each role.
 */
export async function reassignEnte(db: Db, fromId: string, intoId: string): Promise<{ asEnte: number; asPayer: number }> {
  // TypeORM answers an UPDATE with [rows, affected row count].
  const [, asEnte] = (await db.query(`UPDATE billing_entries SET ente_id = $2 WHERE ente_id = $1`, [fromId, intoId])) as [unknown[], number];
  const [, asPayer] = (await db.query(`UPDATE billing_entries SET payer_ente_id = $2 WHERE payer_ente_id = $1`, [fromId, intoId])) as [unknown[], number];
  return { asEnte, asPayer };
}
