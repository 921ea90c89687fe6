import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What the reconciliation reports of every import share: counts per kind of row, and the files they are kept in. */

/** `unchanged`: already imported by an earlier run and identical in the source, so nothing was written. */
export interface KindCounts {
  read: number;
  imported: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export type Outcome = Exclude<keyof KindCounts, 'read'>;

export const zeroCounts = (): KindCounts => ({ read: 0, imported: 0, unchanged: 0, skipped: 0, failed: 0 });

export function addCount(c: KindCounts, outcome: Outcome): void {
  c.read++;
  c[outcome]++;
}

/** A Markdown table of counts, one row per label. */
export function countsTable(rows: Iterable<[string, KindCounts]>): string[] {
  return [
    '| | letti | importati | invariati | scartati | falliti |',
    '|---|---:|---:|---:|---:|---:|',
    ...[...rows].map(([label, c]) => `| ${label.replace(/\|/g, '\\|')} | ${c.read} | ${c.imported} | ${c.unchanged} | ${c.skipped} | ${c.failed} |`),
  ];
}

/** Writes `<dir>/<source>-<timestamp>[-prova].md` and `.json`; returns their paths. */
export async function writeReportFiles(
  dir: string,
  r: { source: string; startedAt: string; dryRun: boolean },
  markdown: string,
): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${r.source}-${r.startedAt.replace(/[:.]/g, '-')}${r.dryRun ? '-prova' : ''}`);
  const files = { markdown: `${base}.md`, json: `${base}.json` };
  await writeFile(files.markdown, markdown);
  await writeFile(files.json, `${JSON.stringify(r, null, 2)}\n`);
  return files;
}
