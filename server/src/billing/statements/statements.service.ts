import type { DataSource, EntityManager } from 'typeorm';
import type { SiteInfo, StatementRunDto } from '@cit/shared';
import { AppError } from '../../platform/http/errors';
import { enqueue } from '../../platform/outbox/outbox';
import type { AttachmentStore } from '../../tickets/attachments/storage';
import { csvAmount, halfLabel, KIND_LABELS, type Half } from './format';
import { generateStatements, readStatementLines, type GenerateResult } from './generate';
import { serviceName } from './pdf';
import type { Statement } from './statement.entity';

interface RunRow {
  id: string;
  year: number;
  half: Half;
  status: StatementRunDto['status'];
  total: number;
  done: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const RUN_COLUMNS = 'id, year, half, status, total, done, error, created_at, finished_at';

function runDto(r: RunRow): StatementRunDto {
  return {
    id: r.id,
    year: r.year,
    half: r.half,
    status: r.status,
    total: r.total,
    done: r.done,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
  };
}

/**
 * Called in the transaction that marks a run done, so whatever it records (e.g. an outbox row for the
 * "estratto conto disponibile" e-mails of the statements with this `run_id`) exists exactly when the run finished.
 * The job wires the official notices here (`queueStatementNotices`: PEC to each payer, e-mail to its referents).
 */
export type OnStatementsRunDone = (tx: EntityManager, run: { runId: string; year: number; half: Half; result: GenerateResult }) => Promise<void>;

export interface StatementsServiceOptions {
  onRunDone?: OnStatementsRunDone;
  /** The CIT's contacts printed on the statements (SITE_INFO_FILE); the defaults when not given. */
  contacts?: SiteInfo['contacts'];
  /** Minimum spacing of live progress events; a run also reports every 2 % of its payers. */
  progressEveryMs?: number;
}

const UTF8_BOM = '\uFEFF';

/** Runs, job and CSV of the half-year statements; route handlers read statements themselves through ScopedDb. */
export class StatementsService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: AttachmentStore,
    private readonly options: StatementsServiceOptions = {},
  ) {}

  get attachments(): AttachmentStore {
    return this.store;
  }

  /** Records a run and its job in one transaction: the job exists exactly when the run does. */
  async startRun(year: number, half: Half, startedBy: string): Promise<StatementRunDto> {
    return this.ds.transaction(async (tx) => {
      // Serialises starts for the same half-year, so two clicks cannot both pass the check below.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('billing.statements'), $1)`, [year * 10 + half]);
      const [active] = (await tx.query(`SELECT id FROM statement_runs WHERE year = $1 AND half = $2 AND status IN ('queued', 'running') LIMIT 1`, [
        year,
        half,
      ])) as Array<{ id: string }>;
      if (active) {
        throw new AppError(409, 'statement_run_active', `La generazione degli estratti conto del ${halfLabel({ year, half })} è già in corso.`);
      }
      const [row] = (await tx.query(`INSERT INTO statement_runs (year, half, started_by) VALUES ($1, $2, $3) RETURNING ${RUN_COLUMNS}`, [
        year,
        half,
        startedBy,
      ])) as RunRow[];
      if (!row) throw new Error('statement_runs insert returned nothing');
      await enqueue(tx, 'jobs.enqueue', { name: 'billing.statements', data: { runId: row.id }, jobId: `billing.statements-${row.id}` });
      return runDto(row);
    });
  }

  async getRun(id: string): Promise<StatementRunDto | null> {
    const [row] = (await this.ds.query(`SELECT ${RUN_COLUMNS} FROM statement_runs WHERE id = $1`, [id])) as RunRow[];
    return row ? runDto(row) : null;
  }

  async listRuns(limit: number): Promise<StatementRunDto[]> {
    const rows = (await this.ds.query(`SELECT ${RUN_COLUMNS} FROM statement_runs ORDER BY created_at DESC, id LIMIT $1`, [limit])) as RunRow[];
    return rows.map(runDto);
  }

  /**
   * The job: generates the run's statements and keeps `statement_runs` and the staff's screens up to date.
   * Safe to run again (BullMQ retries after a crash): statements already generated are skipped.
   */
  async runJob(runId: string): Promise<void> {
    const [run] = (await this.ds.query(`SELECT ${RUN_COLUMNS} FROM statement_runs WHERE id = $1`, [runId])) as RunRow[];
    // A run that finished already (the job relayed twice) has nothing left to do.
    if (!run || run.status === 'done') return;
    const { year, half } = run;
    await this.report(runId, { status: 'running', done: run.done, total: run.total, error: null });

    const everyMs = this.options.progressEveryMs ?? 500;
    let lastAt = 0;
    let lastDone = -1;
    let lastTotal = run.total;
    const progress = async (done: number, total: number) => {
      lastTotal = total;
      // Batched: a run over 20,000 payers sends tens of events, not thousands.
      const step = Math.max(1, Math.ceil(total * 0.02));
      if (done < total && done - lastDone < step && Date.now() - lastAt < everyMs) return;
      lastAt = Date.now();
      lastDone = done;
      await this.report(runId, { status: 'running', done, total, error: null });
    };
    let result: GenerateResult;
    try {
      result = await generateStatements(this.ds, this.store, { year, half, runId, contacts: this.options.contacts }, progress);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.report(runId, { status: 'failed', done: Math.max(lastDone, 0), total: lastTotal, error: message.slice(0, 2000) }).catch(() => undefined);
      // BullMQ records the failure and retries; a retry finds the statements done so far and skips them.
      throw err;
    }
    await this.report(runId, { status: 'done', done: result.total, total: result.total, error: null }, (tx) =>
      this.options.onRunDone ? this.options.onRunDone(tx, { runId, year, half, result }) : Promise.resolve(),
    );
  }

  /** Updates the run row and publishes the same numbers to the staff room, in one transaction. */
  private async report(
    runId: string,
    state: { status: StatementRunDto['status']; done: number; total: number; error: string | null },
    also?: (tx: EntityManager) => Promise<void>,
  ): Promise<void> {
    const { status, done, total, error } = state;
    await this.ds.transaction(async (tx) => {
      // A finished run stays finished: a late duplicate of the job cannot move it back.
      await tx.query(
        `UPDATE statement_runs SET status = $2, done = $3, total = $4, error = $5,
                finished_at = CASE WHEN $2 IN ('done', 'failed') THEN now() END
          WHERE id = $1 AND status <> 'done'`,
        [runId, status, done, total, error],
      );
      await enqueue(tx, 'live.staff', { event: 'statements.progress', runId, done, total, status });
      await also?.(tx);
    });
  }

  /**
   * The statement as CSV for Excel (it-IT): UTF-8 with BOM, `;` separators, decimal comma, CRLF, a total line.
   * The caller has already checked that the statement is visible.
   */
  async csv(statement: Statement): Promise<string> {
    const lines = (await readStatementLines(this.ds, [statement.payerEnteId], { year: statement.year, half: statement.half })).get(statement.payerEnteId) ?? [];
    const rows: string[][] = [
      ['Ente servito', 'Codice fiscale', 'Descrizione', 'Servizio', 'Tipo', 'Anno', 'Semestre', 'Scadenza', 'Importo (€)', 'Capitolo', 'Accertamento', 'Data accertamento', 'Residuo (€)'],
    ];
    for (const l of lines) {
      rows.push([
        l.enteName,
        l.enteFiscalCode,
        l.description,
        serviceName(l.serviceCode),
        KIND_LABELS[l.kind] ?? l.kind,
        String(statement.year),
        String(statement.half),
        l.dueOn.split('-').reverse().join('/'),
        csvAmount(l.amountCents),
        l.budgetChapter ?? '',
        l.assessmentNumber ?? '',
        l.assessmentDate ? l.assessmentDate.split('-').reverse().join('/') : '',
        csvAmount(l.outstandingCents),
      ]);
    }
    const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
    const outstanding = lines.reduce((sum, l) => sum + l.outstandingCents, 0);
    rows.push(['Totale', '', '', '', '', '', '', '', csvAmount(total), '', '', '', csvAmount(outstanding)]);
    // The statement's balance, as on the PDF: same figures, same words.
    const summary: Array<[string, number]> = [
      ['Saldo dai semestri precedenti', statement.carriedCents],
      ['Addebiti del semestre', statement.totalCents],
      ['Pagamenti ricevuti nel semestre', -statement.paymentsCents],
      ['Totale da pagare', statement.outstandingCents],
    ];
    rows.push([]);
    rows.push([`Estratto conto n. ${statement.number}/${statement.year}`, `versione ${statement.version}`]);
    for (const [label, cents] of summary) rows.push([label, '', '', '', '', '', '', '', csvAmount(cents)]);
    return UTF8_BOM + rows.map((r) => r.map(csvField).join(';')).join('\r\n') + '\r\n';
  }
}

/** Quotes when needed; a leading = + - @ would make Excel run the cell as a formula, so it is neutralised. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(,\d+)?$/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
