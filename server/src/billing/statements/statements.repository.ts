import type { DataSource, EntityManager } from 'typeorm';
import type { BalanceEntry } from '@cit/shared';
import type { StatementPeriod } from './format';
import type { StatementPayer } from './pdf';

type Db = DataSource | EntityManager;

/** A payer with entries in the half-year, its aggregates, and its existing statement if any. */
export interface PayerSummary {
  id: string;
  entry_count: number;
  total_cents: string;
  consolidated: boolean;
  s_entry_count: number | null;
  s_total_cents: number | null;
  s_consolidated: boolean | null;
  s_pdf: string | null;
  s_carried_cents: string | null;
  s_payments_cents: string | null;
  s_pagopa: string | null;
}

export interface LineRow {
  payer_ente_id: string;
  ente_id: string;
  ente_name: string;
  ente_fiscal_code: string;
  kind: string;
  service_code: string | null;
  description: string;
  amount_cents: number;
  status: 'assessed' | 'collected';
  due_on: string;
  budget_chapter: string | null;
  assessment_number: string | null;
  assessment_date: string | null;
}

/** What the upsert writes for one payer; number and version are decided before rendering, under the year's lock. */
export interface StatementRow {
  payerId: string;
  number: number;
  version: number;
  totalCents: number;
  entryCount: number;
  consolidated: boolean;
  carriedCents: number;
  paymentsCents: number;
  outstandingCents: number;
  sha256: string;
}

/** Set-based: every payer with its aggregates and its existing statement, in one pass over the half-year's entries. */
export async function payersOfHalf(db: Db, period: StatementPeriod): Promise<PayerSummary[]> {
  return (await db.query(
    `SELECT b.payer_ente_id AS id, count(*)::int AS entry_count, sum(b.amount_cents)::bigint AS total_cents,
            bool_or(b.ente_id <> b.payer_ente_id) AS consolidated,
            s.entry_count AS s_entry_count, s.total_cents AS s_total_cents, s.consolidated AS s_consolidated, s.pdf_sha256 AS s_pdf,
            s.carried_cents AS s_carried_cents, s.payments_cents AS s_payments_cents, s.pagopa_notice_code AS s_pagopa
       FROM billing_entries b
       LEFT JOIN statements s ON s.payer_ente_id = b.payer_ente_id AND s.year = $1 AND s.half = $2
      WHERE b.year = $1 AND b.half = $2
      GROUP BY b.payer_ente_id, s.id
      ORDER BY b.payer_ente_id`,
    [period.year, period.half],
  )) as PayerSummary[];
}

/**
 * The payers' entries up to this half-year, summed per half-year and collection day: what statementBalance needs,
 * in a handful of rows per payer however many entries it has.
 */
export async function balanceEntries(db: Db, payerIds: readonly string[], period: StatementPeriod): Promise<Map<string, BalanceEntry[]>> {
  const rows = (await db.query(
    `SELECT payer_ente_id, year, half, collected_on::text AS collected_on, sum(amount_cents)::bigint AS amount_cents
       FROM billing_entries
      WHERE payer_ente_id = ANY($1::uuid[]) AND year * 2 + half - 1 <= $2
      GROUP BY payer_ente_id, year, half, collected_on`,
    [payerIds, period.year * 2 + period.half - 1],
  )) as Array<{ payer_ente_id: string; year: number; half: 1 | 2; collected_on: string | null; amount_cents: string }>;
  const byPayer = new Map<string, BalanceEntry[]>();
  for (const r of rows) {
    let list = byPayer.get(r.payer_ente_id);
    if (!list) byPayer.set(r.payer_ente_id, (list = []));
    list.push({ year: r.year, half: r.half, collectedOn: r.collected_on, amountCents: Number(r.amount_cents) });
  }
  return byPayer;
}

/** The lines of these payers' statements in statement order: own entries first, then each member's by name, quota first. */
export async function statementLineRows(db: Db, payerIds: readonly string[], period: StatementPeriod): Promise<LineRow[]> {
  return (await db.query(
    `SELECT b.payer_ente_id, b.ente_id, e.name AS ente_name, e.fiscal_code AS ente_fiscal_code, b.kind, b.service_code, b.description, b.amount_cents,
            b.status, b.due_on::text AS due_on, b.budget_chapter, b.assessment_number, b.assessment_date
       FROM billing_entries b JOIN enti e ON e.id = b.ente_id
      WHERE b.payer_ente_id = ANY($1::uuid[]) AND b.year = $2 AND b.half = $3
      ORDER BY b.payer_ente_id, b.ente_id <> b.payer_ente_id, e.name, b.ente_id, b.kind = 'quota' DESC, b.created_at, b.id`,
    [payerIds, period.year, period.half],
  )) as LineRow[];
}

export async function payersById(db: Db, ids: readonly string[]): Promise<StatementPayer[]> {
  return (await db.query(`SELECT id, name, fiscal_code AS "fiscalCode", pec FROM enti WHERE id = ANY($1::uuid[])`, [ids])) as StatementPayer[];
}

/**
 * Serialises numbering within a year for the caller's transaction, and returns the existing statements of these
 * payers (number, version) and the highest number used so far in the year.
 */
export async function lockYearNumbers(
  tx: EntityManager,
  payerIds: readonly string[],
  period: StatementPeriod,
): Promise<{ maxNumber: number; existing: Map<string, { number: number; version: number }> }> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('billing.statement-numbers'), $1)`, [period.year]);
  const [{ max }] = (await tx.query(`SELECT coalesce(max(number), 0)::int AS max FROM statements WHERE year = $1`, [period.year])) as [{ max: number }];
  const rows = (await tx.query(`SELECT payer_ente_id, number, version FROM statements WHERE payer_ente_id = ANY($1::uuid[]) AND year = $2 AND half = $3`, [
    payerIds,
    period.year,
    period.half,
  ])) as Array<{ payer_ente_id: string; number: number; version: number }>;
  return { maxNumber: max, existing: new Map(rows.map((r) => [r.payer_ente_id, { number: r.number, version: r.version }])) };
}

/** Writes the rendered statements: new ones with their number, existing ones in place with their new version. */
export async function upsertStatements(tx: EntityManager, period: StatementPeriod, dueOn: string, runId: string | null, rows: readonly StatementRow[]): Promise<Array<{ inserted: boolean }>> {
  return (await tx.query(
    `INSERT INTO statements (payer_ente_id, year, half, total_cents, due_on, entry_count, consolidated, pdf_sha256, run_id,
                             number, version, carried_cents, payments_cents, outstanding_cents)
     SELECT p, $1, $2, t, $3::date, c, k, h, $4::uuid, n, v, cr, pa, o
       FROM unnest($5::uuid[], $6::int[], $7::int[], $8::boolean[], $9::char(64)[], $10::int[], $11::int[], $12::bigint[], $13::bigint[], $14::bigint[])
         AS x(p, t, c, k, h, n, v, cr, pa, o)
     ON CONFLICT (payer_ente_id, year, half) DO UPDATE
       SET total_cents = excluded.total_cents, due_on = excluded.due_on, entry_count = excluded.entry_count,
           consolidated = excluded.consolidated, pdf_sha256 = excluded.pdf_sha256, run_id = excluded.run_id, generated_at = now(),
           version = excluded.version, carried_cents = excluded.carried_cents, payments_cents = excluded.payments_cents,
           outstanding_cents = excluded.outstanding_cents
     RETURNING (xmax = 0) AS inserted`,
    [
      period.year,
      period.half,
      dueOn,
      runId,
      rows.map((b) => b.payerId),
      rows.map((b) => b.totalCents),
      rows.map((b) => b.entryCount),
      rows.map((b) => b.consolidated),
      rows.map((b) => b.sha256),
      rows.map((b) => b.number),
      rows.map((b) => b.version),
      rows.map((b) => b.carriedCents),
      rows.map((b) => b.paymentsCents),
      rows.map((b) => b.outstandingCents),
    ],
  )) as Array<{ inserted: boolean }>;
}

export interface PaymentSettingsRow {
  beneficiary: string;
  treasuryAccount: string | null;
  iban: string | null;
  notes: string;
  version: number;
}

export async function paymentSettings(db: Db): Promise<PaymentSettingsRow> {
  const [row] = (await db.query(
    `SELECT beneficiary, treasury_account AS "treasuryAccount", iban, notes, version FROM payment_settings WHERE id = 1`,
  )) as PaymentSettingsRow[];
  if (!row) throw new Error('payment_settings: riga mancante (migrazione StatementBalance non applicata?)');
  return row;
}

export async function lockPaymentSettings(tx: EntityManager): Promise<PaymentSettingsRow> {
  const [row] = (await tx.query(
    `SELECT beneficiary, treasury_account AS "treasuryAccount", iban, notes, version FROM payment_settings WHERE id = 1 FOR UPDATE`,
  )) as PaymentSettingsRow[];
  if (!row) throw new Error('payment_settings: riga mancante');
  return row;
}

export async function updatePaymentSettings(tx: EntityManager, s: Omit<PaymentSettingsRow, 'version'>, userId: string | null): Promise<void> {
  await tx.query(
    `UPDATE payment_settings SET beneficiary = $1, treasury_account = $2, iban = $3, notes = $4, version = version + 1, updated_at = now(), updated_by = $5
      WHERE id = 1`,
    [s.beneficiary, s.treasuryAccount, s.iban, s.notes, userId],
  );
}

/**
 * Sets (or clears) a statement's pagoPA notice code and drops its PDF, so that the generator renders it again with
 * the code (same number, next version). Returns the statement's period and payer, or undefined if it does not exist.
 */
export async function setPagoPaCode(tx: EntityManager, statementId: string, code: string | null): Promise<{ payerId: string; year: number; half: 1 | 2; before: string | null } | undefined> {
  const [row] = (await tx.query(
    // Wrapped in a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    `WITH updated AS (
       UPDATE statements s SET pagopa_notice_code = $2, pdf_sha256 = NULL
         FROM statements old WHERE s.id = $1 AND old.id = s.id
       RETURNING s.payer_ente_id AS "payerId", s.year, s.half, old.pagopa_notice_code AS before)
     SELECT * FROM updated`,
    [statementId, code],
  )) as Array<{ payerId: string; year: number; half: 1 | 2; before: string | null }>;
  return row;
}

export interface LatestStatement {
  id: string;
  number: number;
  version: number;
  year: number;
  half: 1 | 2;
  dueOn: string;
  totalCents: number;
  outstandingCents: number;
  hasPdf: boolean;
}

/** The most recent half-year statement a payer receives, if any. */
export async function latestStatementOf(db: Db, payerId: string): Promise<LatestStatement | undefined> {
  const [row] = (await db.query(
    `SELECT id, number, version, year, half, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", total_cents AS "totalCents",
            outstanding_cents AS "outstandingCents", pdf_sha256 IS NOT NULL AS "hasPdf"
       FROM statements WHERE payer_ente_id = $1 ORDER BY year DESC, half DESC LIMIT 1`,
    [payerId],
  )) as Array<Omit<LatestStatement, 'outstandingCents'> & { outstandingCents: string }>;
  // bigint arrives as text from pg.
  return row && { ...row, outstandingCents: Number(row.outstandingCents) };
}
