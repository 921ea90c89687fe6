import { formatEuro, type SoftwareCitFile } from '@cit/shared';
import { addCount, countsTable, zeroCounts, type KindCounts, type Outcome } from '../import-runs/report-files';

/** The reconciliation report of a SoftwareCit run: counts per kind of row, payment totals against the CSV, rows left out. */

export const SOFTWARECIT_KINDS = ['conventions', 'population', 'records', 'payments'] as const;
export type SoftwareCitKind = (typeof SOFTWARECIT_KINDS)[number];

const KIND_LABEL: Record<SoftwareCitKind, string> = {
  conventions: 'adesioni (convenzioni)',
  population: 'abitanti e imprese',
  records: 'servizi erogati',
  payments: 'pagamenti (addebiti)',
};

export interface LeftOutLine {
  kind: SoftwareCitKind;
  /** Line of the CSV file (the header is line 1). */
  line: number;
  reason: string;
}

/** Cents from the CSV and cents the ledger holds from SoftwareCit after the run (what it would hold, for a dry run). */
export interface Totals {
  source: number;
  ledger: number;
}

export interface SoftwareCitReport {
  source: 'softwarecit';
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  files: Record<SoftwareCitFile, string>;
  kinds: Record<SoftwareCitKind, KindCounts>;
  paymentsByYear: Record<string, Totals>;
  paymentsByEnte: Record<string, Totals>;
  /** Every year and Ente of the payments file has the same total in the ledger. */
  reconciled: boolean;
  skipped: LeftOutLine[];
  failed: LeftOutLine[];
  warnings: string[];
}

export function newReport(files: Record<SoftwareCitFile, string>, dryRun: boolean, startedAt: Date): SoftwareCitReport {
  return {
    source: 'softwarecit',
    dryRun,
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    files,
    kinds: Object.fromEntries(SOFTWARECIT_KINDS.map((k) => [k, zeroCounts()])) as Record<SoftwareCitKind, KindCounts>,
    paymentsByYear: {},
    paymentsByEnte: {},
    reconciled: true,
    skipped: [],
    failed: [],
    warnings: [],
  };
}

export function count(report: SoftwareCitReport, kind: SoftwareCitKind, line: number, outcome: Outcome, reason?: string): void {
  addCount(report.kinds[kind], outcome);
  if (outcome === 'skipped') report.skipped.push({ kind, line, reason: reason ?? '' });
  if (outcome === 'failed') report.failed.push({ kind, line, reason: reason ?? '' });
}

const totalsTable = (rows: Array<[string, Totals]>) => [
  '| | CSV | registrato | differenza |',
  '|---|---:|---:|---:|',
  ...rows.map(([k, t]) => `| ${k.replace(/\|/g, '\\|')} | ${formatEuro(t.source)} | ${formatEuro(t.ledger)} | ${t.source === t.ledger ? '—' : formatEuro(t.ledger - t.source)} |`),
];

export function reportMarkdown(r: SoftwareCitReport): string {
  const lines = [
    `# Importazione SoftwareCit${r.dryRun ? ' (prova, nulla è stato scritto)' : ''}`,
    '',
    `File: ${r.files.conventions}, ${r.files.records}, ${r.files.payments}; dal ${r.startedAt} al ${r.finishedAt ?? '—'}.`,
    '',
    '## Per tipo',
    ...countsTable(Object.entries(r.kinds).map(([k, c]) => [KIND_LABEL[k as SoftwareCitKind], c])),
    '',
    `## Pagamenti per anno (${r.reconciled ? 'riconciliati' : 'NON riconciliati'})`,
    ...totalsTable(Object.entries(r.paymentsByYear).sort()),
    '',
    '## Pagamenti per Ente',
    ...totalsTable(Object.entries(r.paymentsByEnte).sort(([a], [b]) => a.localeCompare(b, 'it'))),
    '',
    `## Scartati (${r.skipped.length})`,
    ...r.skipped.map((s) => `- ${KIND_LABEL[s.kind]}, riga ${s.line}: ${s.reason}`),
    '',
    `## Falliti (${r.failed.length})`,
    ...r.failed.map((s) => `- ${KIND_LABEL[s.kind]}, riga ${s.line}: ${s.reason}`),
  ];
  if (r.warnings.length > 0) lines.push('', `## Avvisi (${r.warnings.length})`, ...r.warnings.map((w) => `- ${w}`));
  return `${lines.join('\n')}\n`;
}
