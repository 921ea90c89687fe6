import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { CATALOG, SOFTWARECIT_FILES, type SoftwareCitFile } from '@cit/shared';
import type { AuditActor } from '../audit/audit-log.repository';
import { parseCsvLines } from '../billing/csv';
import { entriesBySourceKey, markCollected, recordEntries, totalsBySourcePrefix, type LedgerEntry } from '../billing/ledger/billing-entries.repository';
import { importMembership } from '../enti/memberships.service';
import { periodExists } from '../enti/memberships.repository';
import { entiForMatching } from '../enti/names.repository';
import { importPopulation } from '../enti/population.service';
import { AppError } from '../platform/http/errors';
import { importedServiceRecords, insertImportedServiceRecords, type ImportedServiceRecord } from '../service-records/service-records.repository';
import { ConventionRowSchema, PaymentRowSchema, RecordRowSchema, type ConventionRow, type PaymentRow, type RecordRow } from './csv-rows';
import { EnteIndex } from './ente-index';
import { count, newReport, type SoftwareCitReport } from './report';

export interface CsvInput {
  name: string;
  bytes: Buffer;
}
export type SoftwareCitFiles = Record<SoftwareCitFile, CsvInput>;

export interface SoftwareCitOptions {
  dryRun: boolean;
  /** Who the audit log names (the admin who uploaded, or «Importazione SoftwareCit» from the command line). */
  actor: AuditActor;
  now?: () => Date;
  /** Rows handled so far out of all rows of the three files. */
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /** Called once every line has passed its checks, before anything is written. */
  onValidated?: () => Promise<void>;
}

export interface LineError {
  file: string;
  line: number;
  message: string;
}

/** Some line of some file is wrong: nothing was written. `details.lines` lists them all. */
export const rejected = (lines: LineError[]) =>
  new AppError(
    400,
    'csv_rejected',
    `Importazione SoftwareCit rifiutata, nulla è stato scritto: ${lines.length === 1 ? 'una riga errata' : `${lines.length} righe errate`}. ${lines
      .slice(0, 3)
      .map((l) => `${l.file}, riga ${l.line}: ${l.message}`)
      .join(' — ')}`,
    { lines },
  );

export const PAYMENT_KEY_PREFIX = 'softwarecit:pagamento:';
const RECORD_KEY_PREFIX = 'softwarecit:servizio:';

/** Thrown inside the transaction of a dry run so that everything it did is rolled back; carries the report. */
class DryRun extends Error {
  constructor(readonly report: SoftwareCitReport) {
    super('dry run');
  }
}

interface Parsed<T> {
  line: number;
  value: T;
}

/** Every line of the three files checked (syntax, then references); any error refuses the whole import. */
async function readFiles(ds: DataSource, files: SoftwareCitFiles) {
  const errors: LineError[] = [];
  const parse = <S extends z.ZodType>(file: SoftwareCitFile, schema: S): Array<Parsed<z.infer<S>>> => {
    const label = files[file].name || `${SOFTWARECIT_FILES[file]}.csv`;
    try {
      const parsed = parseCsvLines(files[file].bytes, schema, label, { delimiterFromHeader: true });
      errors.push(...parsed.errors.map((l) => ({ file: label, line: l.line, message: l.message })));
      return parsed.values;
    } catch (err) {
      // Not a CSV at all (or empty): one error for the file.
      if (!(err instanceof AppError)) throw err;
      errors.push({ file: label, line: 1, message: err.message });
      return [];
    }
  };
  const conventions = parse('conventions', ConventionRowSchema) as Array<Parsed<ConventionRow>>;
  const records = parse('records', RecordRowSchema) as Array<Parsed<RecordRow>>;
  const payments = parse('payments', PaymentRowSchema) as Array<Parsed<PaymentRow>>;

  const enti = new EnteIndex(await entiForMatching(ds));
  const periods = new Map<string, boolean>();
  const known = async (p: string) => {
    if (!periods.has(p)) periods.set(p, await periodExists(ds, p));
    return periods.get(p) === true;
  };
  const refError = (file: SoftwareCitFile, line: number) => (message: string) => errors.push({ file: files[file].name || `${SOFTWARECIT_FILES[file]}.csv`, line, message });

  const seenMembership = new Set<string>();
  const conventionLines = [];
  for (const { line, value: r } of conventions) {
    const fail = refError('conventions', line);
    const ente = enti.resolve('ente', r.ente, fail);
    const payer = r.ente_pagante ? enti.resolve('ente_pagante', r.ente_pagante, fail) : null;
    if (!(await known(r.convenzione))) fail(`convenzione: la convenzione ${r.convenzione} non esiste`);
    if (ente && seenMembership.has(`${ente.id}:${r.convenzione}`)) fail(`ente: adesione di «${ente.name}» alla convenzione ${r.convenzione} già presente in una riga precedente`);
    if (ente) seenMembership.add(`${ente.id}:${r.convenzione}`);
    if (ente && payer !== undefined) conventionLines.push({ line, row: r, ente, payer });
  }
  const seenIds = new Set<string>();
  const recordLines = [];
  for (const { line, value: r } of records) {
    const fail = refError('records', line);
    const ente = enti.resolve('ente', r.ente, fail);
    const payer = r.ente_pagante ? enti.resolve('ente_pagante', r.ente_pagante, fail) : null;
    if (!(await known(r.convenzione))) fail(`convenzione: la convenzione ${r.convenzione} non esiste`);
    if (seenIds.has(r.id)) fail(`id: l'id ${r.id} è già in una riga precedente`);
    seenIds.add(r.id);
    const variants = CATALOG[r.servizio].variants;
    if (r.variante && !variants.some((v) => v.code === r.variante)) {
      fail(`variante: «${r.variante}» non è una variante di ${r.servizio}${variants.length ? ` (${variants.map((v) => v.code).join(', ')})` : ''}`);
    }
    if (!r.variante && variants.length > 0) fail(`variante: ${r.servizio} richiede una variante (${variants.map((v) => v.code).join(', ')})`);
    if (ente && payer !== undefined) recordLines.push({ line, row: r, ente, payer: payer ?? ente });
  }
  const paymentLines = [];
  for (const { line, value: r } of payments) {
    const fail = refError('payments', line);
    const ente = enti.resolve('aderente', r.aderente, fail);
    const payer = r.pagante ? enti.resolve('pagante', r.pagante, fail) : null;
    if (r.data_riscossione && r.stato === 'accertato') fail('data_riscossione: un pagamento accertato non ha data di riscossione');
    if (ente && payer !== undefined) paymentLines.push({ line, row: r, ente, payer: payer ?? ente });
  }
  if (errors.length > 0) throw rejected(errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line));
  return { conventions: conventionLines, records: recordLines, payments: paymentLines };
}

/**
 * Imports the SoftwareCit history from its three CSV files (templates in the README): memberships and residents
 * through the Enti module, service records through the service-records module, payments through the ledger, all
 * in ONE transaction. Every line is checked first; any bad line refuses the whole import. Idempotent: each row
 * has a natural key (Ente and convention; the SoftwareCit id; aderente, pagante, year, service and occurrence),
 * and a row already imported is left as it is. A dry run does the same work and rolls it back.
 */
export async function importSoftwareCit(ds: DataSource, files: SoftwareCitFiles, options: SoftwareCitOptions): Promise<SoftwareCitReport> {
  const now = options.now ?? (() => new Date());
  const report = newReport(
    { conventions: files.conventions.name, records: files.records.name, payments: files.payments.name },
    options.dryRun,
    now(),
  );
  const lines = await readFiles(ds, files);
  await options.onValidated?.();
  const total = lines.conventions.length + lines.records.length + lines.payments.length;
  let done = 0;
  const progress = async (n: number) => {
    done += n;
    await options.onProgress?.(done, total);
  };
  await progress(0);
  try {
    await ds.transaction(async (tx) => {
      await writeConventions(tx, lines.conventions, report, options.actor, progress);
      await writeRecords(tx, lines.records, report);
      await progress(lines.records.length);
      await writePayments(tx, lines.payments, report, options.actor.userId);
      await reconcile(tx, lines.payments, report);
      await progress(lines.payments.length);
      report.finishedAt = now().toISOString();
      if (options.dryRun) throw new DryRun(report);
    });
  } catch (err) {
    if (err instanceof DryRun) return err.report;
    throw err;
  }
  return report;
}

type Lines = Awaited<ReturnType<typeof readFiles>>;

async function writeConventions(
  tx: EntityManager,
  lines: Lines['conventions'],
  report: SoftwareCitReport,
  actor: AuditActor,
  progress: (n: number) => Promise<void>,
): Promise<void> {
  let pending = 0;
  for (const { line, row: r, ente, payer } of lines) {
    const outcome = await importMembership(
      tx,
      ente.id,
      r.convenzione,
      {
        signer: r.firmatario,
        signedOn: r.data_firma,
        resolutionNumber: r.delibera,
        resolutionDate: r.data_delibera,
        joinedOn: r.data_adesione ?? null,
        leftOn: r.data_fine ?? null,
        payerEnteId: payer?.id ?? null,
        recordedQuotaCents: null,
      },
      actor,
    );
    if (outcome === 'different') {
      count(report, 'conventions', line, 'skipped', `«${ente.name}» ha già un'adesione alla convenzione ${r.convenzione} con dati diversi: non modificata`);
    } else count(report, 'conventions', line, outcome);
    if (r.abitanti !== undefined && r.imprese !== undefined) {
      const year = r.anno_abitanti ?? Number(r.data_firma.slice(0, 4)) - 1;
      const figures = await importPopulation(tx, ente.id, year, { residents: r.abitanti, businesses: r.imprese }, actor);
      if (figures === 'different') {
        count(report, 'population', line, 'skipped', `«${ente.name}» ha già abitanti e imprese al 31/12/${year} diversi: tenuti quelli presenti`);
      } else count(report, 'population', line, figures);
    }
    if (++pending >= 50) {
      await progress(pending);
      pending = 0;
    }
  }
  await progress(pending);
}

async function writeRecords(tx: EntityManager, lines: Lines['records'], report: SoftwareCitReport): Promise<void> {
  const keyOf = (id: string) => `${RECORD_KEY_PREFIX}${id}`;
  const existing = await importedServiceRecords(
    tx,
    lines.map((l) => keyOf(l.row.id)),
  );
  const fresh: ImportedServiceRecord[] = [];
  for (const { line, row: r, ente, payer } of lines) {
    const record: ImportedServiceRecord = {
      importKey: keyOf(r.id),
      enteId: ente.id,
      payerEnteId: payer.id,
      serviceCode: r.servizio,
      variant: r.variante ?? null,
      conventionPeriod: r.convenzione,
      requestDate: r.data_richiesta ?? r.data_inizio,
      protocol: r.protocollo ?? '',
      referentName: r.referente ?? '',
      referentEmail: r.email_referente ?? '',
      feeType: r.canone,
      free: r.importo === 0,
      freeReason: r.importo === 0 ? 'Importo zero in SoftwareCit' : '',
      startsOn: r.data_inizio,
      endsOn: r.data_fine ?? null,
      annualCents: r.canone === 'annual' ? (r.importo ?? null) : null,
      notes: r.note ?? null,
    };
    const before = existing.get(record.importKey);
    if (!before) {
      fresh.push(record);
      count(report, 'records', line, 'imported');
    } else if (
      before.enteId === record.enteId &&
      before.payerEnteId === record.payerEnteId &&
      before.serviceCode === record.serviceCode &&
      before.startsOn === record.startsOn &&
      before.endsOn === record.endsOn &&
      before.annualCents === record.annualCents
    ) {
      count(report, 'records', line, 'unchanged');
    } else {
      count(report, 'records', line, 'skipped', `servizio ${r.id} già importato con dati diversi: non modificato (può essere stato aggiornato qui)`);
    }
  }
  await insertImportedServiceRecords(tx, fresh);
}

async function writePayments(tx: EntityManager, lines: Lines['payments'], report: SoftwareCitReport, userId: string | null): Promise<void> {
  // Two identical lines (same Ente, payer, year and service) are two payments: the occurrence tells them apart.
  const occurrences = new Map<string, number>();
  const planned = lines.map(({ line, row: r, ente, payer }) => {
    const base = `${PAYMENT_KEY_PREFIX}${ente.id}:${payer.id}:${r.anno}:${r.servizio ?? 'quota'}`;
    const n = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, n);
    const what = r.servizio ? `${CATALOG[r.servizio].name} ${r.anno}` : `Quota di adesione ${r.anno}`;
    const entry: LedgerEntry = {
      sourceKey: `${base}:${n}`,
      enteId: ente.id,
      payerEnteId: payer.id,
      serviceRecordId: null,
      kind: r.servizio ? 'annual' : 'quota',
      serviceCode: r.servizio ?? null,
      year: r.anno,
      half: 1,
      description: r.note ? `${what} – ${r.note}` : `${what} (storico SoftwareCit)`,
      amountCents: r.importo,
      dueOn: `${r.anno}-03-31`,
    };
    const collected = (r.stato ?? 'riscosso') === 'riscosso';
    return { line, entry, collected, collectedOn: r.data_riscossione ?? `${r.anno}-12-31`, act: r.atto ?? 'Storico entrate SoftwareCit', ente };
  });
  const existing = await entriesBySourceKey(
    tx,
    planned.map((p) => p.entry.sourceKey),
  );
  const fresh = planned.filter((p) => !existing.has(p.entry.sourceKey));
  await recordEntries(
    tx,
    fresh.map((p) => p.entry),
  );
  const written = await entriesBySourceKey(
    tx,
    planned.map((p) => p.entry.sourceKey),
  );
  const toCollect: Array<{ id: string; collectedOn: string; act: string }> = [];
  for (const p of planned) {
    const before = existing.get(p.entry.sourceKey);
    const now = written.get(p.entry.sourceKey);
    if (before && before.amountCents !== p.entry.amountCents) {
      count(report, 'payments', p.line, 'skipped', `pagamento già importato con importo diverso (${before.amountCents / 100} €): non modificato`);
      continue;
    }
    const collect = p.collected && now?.status === 'assessed';
    if (collect && now) toCollect.push({ id: now.id, collectedOn: p.collectedOn, act: p.act });
    count(report, 'payments', p.line, before && !collect ? 'unchanged' : 'imported');
  }
  await markCollected(tx, toCollect, userId);
}

/** CSV totals per year and per Ente against what the ledger holds from SoftwareCit now. */
async function reconcile(tx: EntityManager, lines: Lines['payments'], report: SoftwareCitReport): Promise<void> {
  const ledger = await totalsBySourcePrefix(tx, PAYMENT_KEY_PREFIX);
  const byYear = new Map<number, number>();
  const byEnte = new Map<string, number>();
  for (const { row, ente } of lines) {
    byYear.set(row.anno, (byYear.get(row.anno) ?? 0) + row.importo);
    byEnte.set(ente.name, (byEnte.get(ente.name) ?? 0) + row.importo);
  }
  for (const [year, source] of byYear) report.paymentsByYear[String(year)] = { source, ledger: ledger.byYear.get(year) ?? 0 };
  for (const [name, source] of byEnte) report.paymentsByEnte[name] = { source, ledger: ledger.byEnte.get(name) ?? 0 };
  report.reconciled = [...Object.values(report.paymentsByYear), ...Object.values(report.paymentsByEnte)].every((t) => t.source === t.ledger);
  if (!report.reconciled) report.warnings.push('I totali dei pagamenti non coincidono con il CSV: vedi le righe scartate e le tabelle per anno e per Ente.');
}
