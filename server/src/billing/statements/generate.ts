import type { DataSource, EntityManager } from 'typeorm';
import { outstandingCents, statementBalance, type SiteInfo, type StatementBalance } from '@cit/shared';
import { DEFAULT_SITE_INFO } from '../../public-pages/site-info.defaults';
import type { AttachmentStore } from '../../tickets/attachments/storage';
import { statementDueOn, type StatementPeriod } from './format';
import type { PaymentInstructions, StatementLine } from './pdf';
import { statementRenderer } from './render-pool';
import {
  balanceEntries,
  lockYearNumbers,
  paymentSettings,
  payersById,
  payersOfHalf,
  statementLineRows,
  upsertStatements,
  type PayerSummary,
  type StatementRow,
} from './statements.repository';

export interface GenerateOptions extends StatementPeriod {
  /** The `statement_runs` row the statements are recorded under; null for a run outside the job (scripts). */
  runId: string | null;
  /** The CIT's contacts printed on every statement; the public pages' defaults when not given. */
  contacts?: SiteInfo['contacts'];
  /** Only these payers' statements (one statement rendered again after its pagoPA code changed). */
  onlyPayers?: readonly string[];
}

export type Progress = (done: number, total: number) => Promise<void>;

export interface GenerateResult {
  /** Payers with entries in the half-year. */
  total: number;
  created: number;
  /** Existing statements rendered again because their entries changed since. */
  regenerated: number;
  unchanged: number;
  pdfBytes: number;
}

/** Payers per round trip: one query for their lines, one INSERT for their statements; bounds memory too. */
const CHUNK = 250;
/** Statements rendered and written at once: enough to keep every render thread busy while others fsync. */
const CONCURRENCY = 16;

/**
 * One statement per payer with billing entries in the half-year: the payer's own entries and, for a capofila that
 * pays for its members, theirs too (then the statement is consolidated). The payer is the entry's
 * `payer_ente_id`, fixed when the entry was assessed, not today's `capofila_pays`: a statement lists what was billed.
 * Each statement carries its balance as at the end of the half-year (shared `statementBalance`): carried from
 * earlier half-years, payments received, outstanding.
 *
 * Idempotent: a statement is unique per (payer, year, half). A payer whose statement already matches its entries
 * and balance (count, total, consolidation, carried, payments) is skipped without rendering, so running twice
 * creates nothing. When they changed since (usage imported late, a payment recorded), the statement is rendered
 * again and its row updated in place: same id and number, version + 1, new PDF, new `run_id`. Edits that keep
 * count and total (a reworded description) are not detected.
 */
export async function generateStatements(ds: DataSource, store: AttachmentStore, opts: GenerateOptions, progress?: Progress): Promise<GenerateResult> {
  const period: StatementPeriod = { year: opts.year, half: opts.half };
  const only = opts.onlyPayers && new Set(opts.onlyPayers);
  const payers = (await payersOfHalf(ds, period)).filter((p) => !only || only.has(p.id));
  const balances = new Map<string, StatementBalance>();
  for (let i = 0; i < payers.length; i += CHUNK * 8) {
    const ids = payers.slice(i, i + CHUNK * 8).map((p) => p.id);
    for (const [id, entries] of await balanceEntries(ds, ids, period)) balances.set(id, statementBalance(entries, period));
  }
  const todo = payers.filter((p) => !upToDate(p, balances.get(p.id)));
  const result: GenerateResult = { total: payers.length, created: 0, regenerated: 0, unchanged: payers.length - todo.length, pdfBytes: 0 };
  let done = result.unchanged;
  await progress?.(done, result.total);

  const instructions = await paymentSettings(ds);
  for (let i = 0; i < todo.length; i += CHUNK) {
    const chunk = todo.slice(i, i + CHUNK);
    // Numbers are given under the year's lock and written in the same transaction: never two statements with one number.
    await ds.transaction(async (tx) => {
      const rows = await buildChunk(tx, store, chunk, period, { ...instructions, balances, contacts: opts.contacts ?? DEFAULT_SITE_INFO.contacts }, result);
      if (!rows.length) return;
      for (const r of await upsertStatements(tx, period, statementDueOn(period), opts.runId, rows)) {
        if (r.inserted) result.created++;
        else result.regenerated++;
      }
    });
    done += chunk.length;
    await progress?.(done, result.total);
  }
  return result;
}

function upToDate(p: PayerSummary, balance: StatementBalance | undefined): boolean {
  return (
    p.s_pdf !== null &&
    p.s_entry_count === p.entry_count &&
    String(p.s_total_cents) === p.total_cents &&
    p.s_consolidated === p.consolidated &&
    Number(p.s_carried_cents) === (balance?.carriedCents ?? 0) &&
    Number(p.s_payments_cents) === (balance?.paymentsCents ?? 0)
  );
}

/**
 * The lines of the statements of these payers, in statement order: the payer's own entries first, then each
 * member Ente's by name, the membership quota first within each Ente. Shared by the PDF and the CSV.
 */
export async function readStatementLines(db: DataSource | EntityManager, payerIds: readonly string[], period: StatementPeriod): Promise<Map<string, StatementLine[]>> {
  const byPayer = new Map<string, StatementLine[]>();
  for (const l of await statementLineRows(db, payerIds, period)) {
    let list = byPayer.get(l.payer_ente_id);
    if (!list) byPayer.set(l.payer_ente_id, (list = []));
    list.push({
      enteId: l.ente_id,
      enteName: l.ente_name,
      enteFiscalCode: l.ente_fiscal_code,
      kind: l.kind,
      serviceCode: l.service_code,
      description: l.description,
      amountCents: l.amount_cents,
      dueOn: l.due_on,
      budgetChapter: l.budget_chapter,
      assessmentNumber: l.assessment_number,
      assessmentDate: l.assessment_date,
      outstandingCents: outstandingCents({ amountCents: l.amount_cents, status: l.status }),
    });
  }
  return byPayer;
}

/** Reads the lines of a few hundred payers in one query, numbers, renders and stores their PDFs. */
async function buildChunk(
  tx: EntityManager,
  store: AttachmentStore,
  chunk: readonly PayerSummary[],
  period: StatementPeriod,
  context: Omit<PaymentInstructions, 'pagopaNoticeCode'> & { balances: ReadonlyMap<string, StatementBalance>; contacts: SiteInfo['contacts'] },
  result: GenerateResult,
): Promise<StatementRow[]> {
  const render = statementRenderer();
  const payerIds = chunk.map((p) => p.id);
  const byPayer = new Map((await payersById(tx, payerIds)).map((p) => [p.id, p]));
  const linesByPayer = await readStatementLines(tx, payerIds, period);
  const numbering = await lockYearNumbers(tx, payerIds, period);
  let next = numbering.maxNumber;

  const built: StatementRow[] = [];
  const pending = new Set<Promise<void>>();
  const generatedAt = new Date();
  for (const summary of chunk) {
    const payer = byPayer.get(summary.id);
    const payerLines = linesByPayer.get(summary.id);
    // Entries deleted since the payer list was read: nothing to state for this payer any more.
    if (!payer || !payerLines?.length) continue;
    // Totals come from the lines actually rendered, never from the earlier aggregate, so PDF and row agree.
    const totalCents = payerLines.reduce((sum, l) => sum + l.amountCents, 0);
    const consolidated = payerLines.some((l) => l.enteId !== summary.id);
    const balance = context.balances.get(summary.id) ?? { carriedCents: 0, chargesCents: totalCents, paymentsCents: 0, outstandingCents: totalCents };
    const existing = numbering.existing.get(summary.id);
    const row: StatementRow = {
      payerId: summary.id,
      number: existing?.number ?? ++next,
      version: existing ? existing.version + 1 : 1,
      totalCents,
      entryCount: payerLines.length,
      consolidated,
      carriedCents: balance.carriedCents,
      paymentsCents: balance.paymentsCents,
      outstandingCents: balance.outstandingCents,
      sha256: '',
    };
    built.push(row);
    const task: Promise<void> = render({
      payer,
      period,
      dueOn: statementDueOn(period),
      number: row.number,
      version: row.version,
      lines: payerLines,
      consolidated,
      totalCents,
      balance,
      contacts: context.contacts,
      payment: { beneficiary: context.beneficiary, treasuryAccount: context.treasuryAccount, iban: context.iban, notes: context.notes, pagopaNoticeCode: summary.s_pagopa },
      generatedAt,
    })
      .then((pdf) => {
        result.pdfBytes += pdf.byteLength;
        return store.put(pdf);
      })
      .then(({ sha256 }) => {
        row.sha256 = sha256;
        pending.delete(task);
      });
    // The failure surfaces through race/all below; this keeps the other pending tasks from going unhandled.
    task.catch(() => undefined);
    pending.add(task);
    if (pending.size >= CONCURRENCY) await Promise.race(pending);
  }
  await Promise.all(pending);
  return built;
}
