import { addCount, countsTable, writeReportFiles as writeFiles, zeroCounts, type KindCounts, type Outcome } from '../import-runs/report-files';

export type { KindCounts, Outcome } from '../import-runs/report-files';

/** The reconciliation report of one run: counts per kind, status, year and Ente, and every row left out. */

export const IMPORT_KINDS = [
  'entities',
  'users',
  'tickets',
  'followups',
  'tasks',
  'solutions',
  'validations',
  'documents',
  'satisfactions',
  'logs',
  'contracts',
  'categories',
  'request_types',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface LeftOut {
  kind: ImportKind;
  sourceId: number;
  reason: string;
}

export interface ImportReport {
  source: 'moone';
  glpiVersion: string;
  dryRun: boolean;
  since: string | null;
  startedAt: string;
  finishedAt: string | null;
  kinds: Record<ImportKind, KindCounts>;
  /** Tickets by the product status they map to (GLPI's own for those that do not map). */
  ticketsByStatus: Record<string, KindCounts>;
  ticketsByYear: Record<string, KindCounts>;
  /** Tickets present after the run (imported now or before), by Ente. */
  ticketsByEnte: Record<string, number>;
  skipped: LeftOut[];
  failed: LeftOut[];
  warnings: string[];
}

const zero = zeroCounts;

export function newReport(glpiVersion: string, dryRun: boolean, since: string | null, startedAt: Date): ImportReport {
  return {
    source: 'moone',
    glpiVersion,
    dryRun,
    since,
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    kinds: Object.fromEntries(IMPORT_KINDS.map((k) => [k, zero()])) as Record<ImportKind, KindCounts>,
    ticketsByStatus: {},
    ticketsByYear: {},
    ticketsByEnte: {},
    skipped: [],
    failed: [],
    warnings: [],
  };
}

/** Counts one source row: read, and what became of it (with the reason when it was left out). */
export function count(report: ImportReport, kind: ImportKind, sourceId: number, outcome: Outcome, reason?: string): void {
  addCount(report.kinds[kind], outcome);
  if (outcome === 'skipped') report.skipped.push({ kind, sourceId, reason: reason ?? '' });
  if (outcome === 'failed') report.failed.push({ kind, sourceId, reason: reason ?? '' });
}

export function countTicket(report: ImportReport, status: string, year: string, outcome: Outcome): void {
  for (const [table, key] of [
    [report.ticketsByStatus, status],
    [report.ticketsByYear, year],
  ] as const) {
    addCount((table[key] ??= zero()), outcome);
  }
}


export function reportMarkdown(r: ImportReport): string {
  const lines = [
    `# Importazione MoOne${r.dryRun ? ' (prova, nulla è stato scritto)' : ''}`,
    '',
    `GLPI ${r.glpiVersion}; dal ${r.startedAt} al ${r.finishedAt ?? '—'}${r.since ? `; modifiche dal ${r.since}` : ''}.`,
    '',
    '## Per tipo',
    ...countsTable(Object.entries(r.kinds)),
    '',
    '## Ticket per stato',
    ...countsTable(Object.entries(r.ticketsByStatus).sort()),
    '',
    '## Ticket per anno',
    ...countsTable(Object.entries(r.ticketsByYear).sort()),
    '',
    '## Ticket per Ente',
    '| Ente | ticket |',
    '|---|---:|',
    ...Object.entries(r.ticketsByEnte)
      .sort(([a], [b]) => a.localeCompare(b, 'it'))
      .map(([k, n]) => `| ${k.replace(/\|/g, '\\|')} | ${n} |`),
    '',
    `## Scartati (${r.skipped.length})`,
    ...r.skipped.map((s) => `- ${s.kind} ${s.sourceId}: ${s.reason}`),
    '',
    `## Falliti (${r.failed.length})`,
    ...r.failed.map((s) => `- ${s.kind} ${s.sourceId}: ${s.reason}`),
  ];
  if (r.warnings.length > 0) lines.push('', `## Avvisi (${r.warnings.length})`, ...r.warnings.map((w) => `- ${w}`));
  return `${lines.join('\n')}\n`;
}

/** Writes `<dir>/moone-<timestamp>.md` and `.json`; returns their paths. */
export function writeReportFiles(dir: string, r: ImportReport): Promise<{ markdown: string; json: string }> {
  return writeFiles(dir, r, reportMarkdown(r));
}
