import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import {
  isBusinessRuleError,
  membershipQuota,
  quotaBand,
  type EnteFacts,
  type PriceList,
  type PopulationImportChange,
  type PopulationImportPreview,
  type PopulationImportResult,
  type QuotaEffect,
} from '@cit/shared';
import { recordChanges, type AuditActor, type AuditChange } from '../audit/audit-log.repository';
import { csvRejected, parseCsvFile, type CsvLineError } from '../billing/csv';
import { AppError, notFound } from '../platform/http/errors';
import { priceLists } from '../price-lists/price-lists.loader';
import {
  importTargets,
  lockPendingImport,
  lockYearOf,
  markImportApplied,
  savePendingImport,
  writePopulation,
  type ImportTarget,
  type StoredChange,
} from './population.repository';

/**
 * The residents file as ISTAT publishes it (municipality code, name, population at 31 December), read with the
 * headers ISTAT and the spreadsheets people save it from actually use. Columns are recognised by name, in any order;
 * extra columns (males, females, population at 1 January) are ignored.
 */
type Column = 'codice_istat' | 'denominazione' | 'abitanti' | 'imprese';
const COLUMN_RULES: ReadonlyArray<[Column, RegExp]> = [
  ['codice_istat', /^(codice|cod\.?)(\s|_)*(istat|comune|territorio)?$|istat/],
  ['imprese', /imprese/],
  ['abitanti', /popolazione|abitanti|residenti|^totale/],
  ['denominazione', /denominazione|^comune$|^nome|territorio/],
];
const COLUMN_LABEL: Record<Column, string> = {
  codice_istat: 'codice ISTAT del Comune («Codice comune»)',
  denominazione: 'denominazione',
  abitanti: 'popolazione al 31 dicembre («Popolazione», «Abitanti» o «Totale»)',
  imprese: 'imprese',
};

/** Which header names each column; at 31 December wins over other population columns (ISTAT's balance has 1 January too). */
function columnsOf(header: readonly string[]): Partial<Record<Column, string>> {
  const found: Partial<Record<Column, string>> = {};
  for (const raw of header) {
    const name = raw.trim().toLowerCase();
    const rule = COLUMN_RULES.find(([, re]) => re.test(name));
    if (!rule) continue;
    const [column] = rule;
    const taken = found[column];
    if (taken === undefined || (column === 'abitanti' && /31/.test(name) && !/31/.test(taken))) found[column] = name;
  }
  return found;
}

function headerOf(bytes: Buffer): string[] {
  try {
    const [first] = parse(bytes, { bom: true, delimiter: [';', ','], to_line: 1, trim: true }) as string[][];
    return first ?? [];
  } catch {
    return [];
  }
}

const count = (what: string) =>
  z
    .string()
    .transform((v) => v.replace(/[.\s]/g, ''))
    .pipe(z.string().regex(/^\d+$/, `numero intero atteso per ${what} (es. 8757)`))
    .transform(Number)
    .pipe(z.number().int().max(100_000_000, `${what}: valore troppo grande`));

function rowSchema(columns: Partial<Record<Column, string>>) {
  const cell = (record: Record<string, string>, column: Column) => {
    const header = columns[column];
    const value = header === undefined ? undefined : record[header];
    return value === undefined || value === '' ? undefined : value;
  };
  return z.preprocess(
    (record) => {
      const r = record as Record<string, string>;
      return {
        codice_istat: cell(r, 'codice_istat'),
        denominazione: cell(r, 'denominazione'),
        abitanti: cell(r, 'abitanti'),
        imprese: cell(r, 'imprese'),
      };
    },
    z.object({
      // Spreadsheets drop the leading zeros of 017029: the code is numeric, so they are put back.
      codice_istat: z
        .string({ error: 'valore mancante (il codice ISTAT del Comune)' })
        .regex(/^\d{1,6}$/, 'codice ISTAT del Comune di 6 cifre atteso (es. 017029)')
        .transform((v) => v.padStart(6, '0')),
      denominazione: z.string().max(200, 'denominazione troppo lunga').optional(),
      abitanti: count('gli abitanti').optional().refine((v) => v !== undefined, 'valore mancante (la popolazione al 31 dicembre)'),
      imprese: count('le imprese').optional(),
    }),
  );
}

export interface ParsedLine {
  line: number;
  istatCode: string;
  residents: number;
  businesses: number | undefined;
}

/** Every line validated; one bad line (field, value, duplicate, unknown code) rejects the file with all the reasons. */
export function parsePopulationCsv(bytes: Buffer, what: string): ParsedLine[] {
  const columns = columnsOf(headerOf(bytes));
  const missing = (['codice_istat', 'abitanti'] as const).filter((c) => columns[c] === undefined);
  if (missing.length > 0) {
    throw csvRejected(
      what,
      missing.map((c) => ({ line: 1, message: `intestazione: manca la colonna ${COLUMN_LABEL[c]}` })),
    );
  }
  const lines = parseCsvFile(bytes, rowSchema(columns), what);
  const errors: CsvLineError[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    const previous = seen.get(value.codice_istat);
    if (previous !== undefined) errors.push({ line, message: `codice_istat: ${value.codice_istat} già presente alla riga ${previous}` });
    else seen.set(value.codice_istat, line);
  }
  if (errors.length > 0) throw csvRejected(what, errors);
  return lines.map(({ line, value }) => ({ line, istatCode: value.codice_istat, residents: value.abitanti as number, businesses: value.imprese }));
}

/** The quota of `quotaYear` on given residents, or why it cannot be computed (the preview shows both sides). */
function quotaEffect(
  t: ImportTarget,
  residents: number | null,
  residentsYear: number,
  quotaYear: number,
  lists: readonly PriceList[],
): QuotaEffect {
  const ente: EnteFacts = {
    kind: t.kind,
    residents,
    name: t.name,
    residentsYear,
    recordedQuota2021Cents: t.recordedQuota2021 === null ? null : Math.round(Number(t.recordedQuota2021) * 100),
  };
  try {
    const q = membershipQuota(ente, quotaYear, lists);
    return { amountCents: q.amountCents, rule: q.rule, band: quotaBand(ente, quotaYear, lists), residentsYear };
  } catch (err) {
    if (isBusinessRuleError(err)) return { amountCents: null, rule: err.message, band: null, residentsYear };
    throw err;
  }
}

/**
 * Validates the file against the Enti on file (unknown ISTAT codes are errors: all or nothing) and stores the
 * preview: per changed Ente old → new figures and the quota of the next year before and after, with band moves.
 * «Before» is computed on the year's figures on file or, for a year not yet recorded, on the previous year's;
 * both with the price lists in the database (the published version in force in the quota year).
 */
export async function previewPopulationImport(
  ds: DataSource,
  input: { bytes: Buffer; fileName: string; year: number; userId: string },
): Promise<PopulationImportPreview> {
  const what = `«${input.fileName}»`;
  const lines = parsePopulationCsv(input.bytes, what);
  const [targets, lists] = await Promise.all([importTargets(ds, lines.map((l) => l.istatCode), input.year), priceLists(ds)]);
  const unknown = lines.filter((l) => !targets.has(l.istatCode));
  if (unknown.length > 0) {
    throw csvRejected(
      what,
      unknown.map((l) => ({ line: l.line, message: `codice_istat: nessun Ente con codice ISTAT ${l.istatCode} (lo inserisca nella scheda dell'Ente o tolga la riga)` })),
    );
  }
  const quotaYear = input.year + 1;
  const changes: PopulationImportChange[] = [];
  const stored: StoredChange[] = [];
  for (const l of lines) {
    const t = targets.get(l.istatCode) as ImportTarget;
    const after = { residents: l.residents, businesses: l.businesses ?? t.current?.businesses ?? 0 };
    if (t.current && t.current.residents === after.residents && t.current.businesses === after.businesses) continue;
    const quotaBefore = t.current
      ? quotaEffect(t, t.current.residents, input.year, quotaYear, lists)
      : quotaEffect(t, t.previousResidents, input.year - 1, quotaYear, lists);
    const quotaAfter = quotaEffect(t, after.residents, input.year, quotaYear, lists);
    changes.push({
      line: l.line,
      ente: { id: t.id, name: t.name, kind: t.kind, istatCode: t.istatCode },
      before: t.current ? { residents: t.current.residents, businesses: t.current.businesses } : null,
      after,
      quotaBefore,
      quotaAfter,
      bandChanged: quotaBefore.band !== null && quotaAfter.band !== null && quotaBefore.band !== quotaAfter.band,
    });
    stored.push({ enteId: t.id, ...after, before: t.current });
  }
  const id = await ds.transaction((tx) =>
    savePendingImport(tx, {
      year: input.year,
      fileName: input.fileName,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      changes: stored,
      userId: input.userId,
    }),
  );
  return {
    id,
    asOfYear: input.year,
    quotaYear,
    fileName: input.fileName,
    lines: lines.length,
    unchanged: lines.length - changes.length,
    changes,
    bandChanges: changes.filter((c) => c.bandChanged).length,
  };
}

const sameFigures = (a: StoredChange['before'], b: { residents: number; businesses: number; version: number } | undefined): boolean =>
  a === null ? b === undefined : b !== undefined && a.residents === b.residents && a.businesses === b.businesses && a.version === b.version;

/**
 * Applies a stored preview in one transaction: refused (409) if it was applied already or if any of its Enti's
 * figures for the year changed since the preview, so what is written is exactly what the admin saw. One audit
 * entry per changed row.
 */
export async function applyPopulationImport(ds: DataSource, id: string, actor: AuditActor, userId: string): Promise<PopulationImportResult> {
  return ds.transaction(async (tx) => {
    const pending = await lockPendingImport(tx, id);
    if (!pending) throw notFound("L'anteprima dell'importazione");
    if (pending.appliedAt) {
      throw new AppError(409, 'import_applied', `Questa importazione è già stata applicata il ${pending.appliedAt.toISOString().slice(0, 10)}.`);
    }
    const current = await lockYearOf(tx, pending.changes.map((c) => c.enteId), pending.year);
    const moved = pending.changes.filter((c) => !sameFigures(c.before, current.get(c.enteId)));
    if (moved.length > 0) {
      throw new AppError(
        409,
        'import_stale',
        `Dopo l'anteprima sono cambiati gli abitanti al 31/12/${pending.year} di ${moved.length === 1 ? 'un Ente' : `${moved.length} Enti`}: rifaccia l'anteprima e confermi di nuovo.`,
        { enteIds: moved.map((c) => c.enteId) },
      );
    }
    const audit: AuditChange[] = [];
    for (const c of pending.changes) {
      const before = current.get(c.enteId) ?? null;
      const after = await writePopulation(tx, c.enteId, pending.year, c, before?.version ?? null);
      // A year that did not exist cannot be row-locked: another writer inserting it meanwhile is the same staleness.
      if (!after) throw new AppError(409, 'import_stale', `Dopo l'anteprima sono cambiati gli abitanti al 31/12/${pending.year}: rifaccia l'anteprima e confermi di nuovo.`, { enteIds: [c.enteId] });
      audit.push({ entity: 'ente_population', recordId: `${c.enteId}:${pending.year}`, action: 'import', before, after });
    }
    await recordChanges(tx, actor, audit);
    await markImportApplied(tx, id, userId);
    return { id, asOfYear: pending.year, applied: pending.changes.length };
  });
}
