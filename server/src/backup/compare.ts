import type { DatabaseFigures } from './backup.repository';

/** Every difference between two sets of figures, as `what: expected → found` lines (empty when equal). */
export function compareFigures(expected: DatabaseFigures, found: DatabaseFigures): string[] {
  const out: string[] = [];
  for (const [kind, a, b] of [['righe', expected.rows, found.rows], ['somma', expected.cents, found.cents]] as const) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      if (String(x) !== String(y)) out.push(`${kind} ${key}: ${String(x ?? '—')} → ${String(y ?? '—')}`);
    }
  }
  return out;
}
