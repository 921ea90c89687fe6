import type { DataSource } from 'typeorm';
import { outstandingCents } from '@cit/shared';
import type { AttachmentStore } from '../../tickets/attachments/storage';
import { statementDueOn, type StatementPeriod } from './format';
import type { StatementLine, StatementPayer } from './pdf';
import { statementRenderer } from './render-pool';

export interface GenerateOptions extends StatementPeriod {
  /** The `statement_runs` row the statements are recorded under; null for a run outside the job (scripts). */
  runId: string | null;
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

interface PayerSummary {
  id: string;
  entry_count: number;
  total_cents: string;
  consolidated: boolean;
  s_entry_count: number | null;
  s_total_cents: number | null;
  s_consolidated: boolean | null;
  s_pdf: string | null;
}

interface LineRow {
  payer_ente_id: string;
  ente_id: string;
  ente_name: string;
  ente_fiscal_code: string;
  kind: string;
  service_code: string | null;
  description: string;
  amount_cents: number;
  status: 'assessed' | 'collected';
  budget_chapter: string | null;
  assessment_number: string | null;
  assessment_date: string | null;
}

interface Built {
  payerId: string;
  totalCents: number;
  entryCount: number;
  consolidated: boolean;
  sha256: string;
}

/**
 * One statement per payer with billing entries in the half-year: the payer's own entries and, for a capofila that
 * pays for its members, theirs too (then the statement is consolidated). The payer is the entry's
 * `payer_ente_id`, fixed when the entry was assessed, not today's `capofila_pays`: a statement lists what was billed.
 *
 * Idempotent: a statement is unique per (payer, year, half). A payer whose statement already matches its entries
 * (same count, total and consolidation) is skipped without rendering, so running twice creates nothing. When the
 * entries changed since (e.g. usage imported late), the statement is rendered again and its row updated in place:
 * same id, new PDF, new `run_id`. Edits that keep count and total (a reworded description) are not detected.
 * Collection status is not part of a statement, so marking entries collected never changes one.
 */
export async function generateStatements(ds: DataSource, store: AttachmentStore, opts: GenerateOptions, progress?: Progress): Promise<GenerateResult> {
  const period: StatementPeriod = { year: opts.year, half: opts.half };
  const dueOn = statementDueOn(period);
  // Set-based: every payer with its aggregates and its existing statement in one pass over the half-year's entries.
  const payers = (await ds.query(
    `SELECT b.payer_ente_id AS id, count(*)::int AS entry_count, sum(b.amount_cents)::bigint AS total_cents,
            bool_or(b.ente_id <> b.payer_ente_id) AS consolidated,
            s.entry_count AS s_entry_count, s.total_cents AS s_total_cents, s.consolidated AS s_consolidated, s.pdf_sha256 AS s_pdf
       FROM billing_entries b
       LEFT JOIN statements s ON s.payer_ente_id = b.payer_ente_id AND s.year = $1 AND s.half = $2
      WHERE b.year = $1 AND b.half = $2
      GROUP BY b.payer_ente_id, s.id
      ORDER BY b.payer_ente_id`,
    [opts.year, opts.half],
  )) as PayerSummary[];
  const todo = payers.filter(
    (p) =>
      p.s_pdf === null ||
      p.s_entry_count !== p.entry_count ||
      String(p.s_total_cents) !== p.total_cents ||
      p.s_consolidated !== p.consolidated,
  );
  const result: GenerateResult = { total: payers.length, created: 0, regenerated: 0, unchanged: payers.length - todo.length, pdfBytes: 0 };
  let done = result.unchanged;
  await progress?.(done, result.total);

  for (let i = 0; i < todo.length; i += CHUNK) {
    const ids = todo.slice(i, i + CHUNK).map((p) => p.id);
    const built = await buildChunk(ds, store, ids, period, dueOn, result);
    if (built.length) {
      const rows = (await ds.query(
        `INSERT INTO statements (payer_ente_id, year, half, total_cents, due_on, entry_count, consolidated, pdf_sha256, run_id)
         SELECT p, $1, $2, t, $3::date, c, k, h, $4::uuid
           FROM unnest($5::uuid[], $6::int[], $7::int[], $8::boolean[], $9::char(64)[]) AS x(p, t, c, k, h)
         ON CONFLICT (payer_ente_id, year, half) DO UPDATE
           SET total_cents = excluded.total_cents, due_on = excluded.due_on, entry_count = excluded.entry_count,
               consolidated = excluded.consolidated, pdf_sha256 = excluded.pdf_sha256, run_id = excluded.run_id, generated_at = now()
           -- A concurrent run may have written the same content already: then this one changes nothing.
           WHERE statements.pdf_sha256 IS NULL OR statements.entry_count <> excluded.entry_count
              OR statements.total_cents <> excluded.total_cents OR statements.consolidated <> excluded.consolidated
         RETURNING (xmax = 0) AS inserted`,
        [
          opts.year,
          opts.half,
          dueOn,
          opts.runId,
          built.map((b) => b.payerId),
          built.map((b) => b.totalCents),
          built.map((b) => b.entryCount),
          built.map((b) => b.consolidated),
          built.map((b) => b.sha256),
        ],
      )) as Array<{ inserted: boolean }>;
      for (const r of rows) {
        if (r.inserted) result.created++;
        else result.regenerated++;
      }
    }
    done += ids.length;
    await progress?.(done, result.total);
  }
  return result;
}

/**
 * The lines of the statements of these payers, in statement order: the payer's own entries first, then each
 * member Ente's by name, the membership quota first within each Ente. Shared by the PDF and the CSV.
 */
export async function readStatementLines(ds: DataSource, payerIds: readonly string[], period: StatementPeriod): Promise<Map<string, StatementLine[]>> {
  const lines = (await ds.query(
    `SELECT b.payer_ente_id, b.ente_id, e.name AS ente_name, e.fiscal_code AS ente_fiscal_code, b.kind, b.service_code, b.description, b.amount_cents,
            b.status, b.budget_chapter, b.assessment_number, b.assessment_date
       FROM billing_entries b JOIN enti e ON e.id = b.ente_id
      WHERE b.payer_ente_id = ANY($1::uuid[]) AND b.year = $2 AND b.half = $3
      ORDER BY b.payer_ente_id, b.ente_id <> b.payer_ente_id, e.name, b.ente_id, b.kind = 'quota' DESC, b.created_at, b.id`,
    [payerIds, period.year, period.half],
  )) as LineRow[];
  const byPayer = new Map<string, StatementLine[]>();
  for (const l of lines) {
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
      budgetChapter: l.budget_chapter,
      assessmentNumber: l.assessment_number,
      assessmentDate: l.assessment_date,
      outstandingCents: outstandingCents({ amountCents: l.amount_cents, status: l.status }),
    });
  }
  return byPayer;
}

/** Reads the lines of a few hundred payers in one query, renders their PDFs and stores them. */
async function buildChunk(
  ds: DataSource,
  store: AttachmentStore,
  payerIds: string[],
  period: StatementPeriod,
  dueOn: string,
  result: GenerateResult,
): Promise<Built[]> {
  const render = statementRenderer();
  const payers = (await ds.query(`SELECT id, name, fiscal_code AS "fiscalCode", pec FROM enti WHERE id = ANY($1::uuid[])`, [payerIds])) as StatementPayer[];
  const byPayer = new Map(payers.map((p) => [p.id, p]));
  const linesByPayer = await readStatementLines(ds, payerIds, period);

  const built: Built[] = [];
  const pending = new Set<Promise<void>>();
  const generatedAt = new Date();
  for (const payerId of payerIds) {
    const payer = byPayer.get(payerId);
    const payerLines = linesByPayer.get(payerId);
    // Entries deleted since the payer list was read: nothing to state for this payer any more.
    if (!payer || !payerLines?.length) continue;
    // Totals come from the lines actually rendered, never from the earlier aggregate, so PDF and row agree.
    const totalCents = payerLines.reduce((sum, l) => sum + l.amountCents, 0);
    const consolidated = payerLines.some((l) => l.enteId !== payerId);
    const entry: Built = { payerId, totalCents, entryCount: payerLines.length, consolidated, sha256: '' };
    built.push(entry);
    const task: Promise<void> = render({ payer, period, dueOn, lines: payerLines, consolidated, totalCents, generatedAt })
      .then((pdf) => {
        result.pdfBytes += pdf.byteLength;
        return store.put(pdf);
      })
      .then(({ sha256 }) => {
        entry.sha256 = sha256;
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
