import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { dueDate, sourceKey, usageCharge } from '@cit/shared';
import { currentEntiByFiscalCode, enteFactsFor } from '../enti/ente-facts.repository';
import { priceLists } from '../price-lists/price-lists.loader';
import { recordRevisableEntries } from './ledger/billing-entries.repository';
import { recordDataImport } from './data-imports.repository';
import { csvInt, csvRejected, parseCsvFile, type CsvLineError } from './csv';

const UsageRow = z.object({
  codice_fiscale: z.string().regex(/^\d{11}$/, 'codice fiscale dell’Ente di 11 cifre'),
  anno: csvInt(2000, 2200, 'anno'),
  mese: csvInt(1, 12, 'mese'),
  consultazioni: csvInt(0, 10_000_000, 'consultazioni'),
});

export interface UsageImportReport {
  importId: string;
  rows: number;
  /** Usage billing entries created or updated (look-ups over the yearly allowance). */
  entries: number;
}

/**
 * Imports Telemaco look-ups per Ente and month from a CSV (codice_fiscale;anno;mese;consultazioni). All lines
 * are validated first (unknown Ente, bad numbers, duplicates) and the import is one transaction: one bad line,
 * nothing imported. A month imported again replaces its figure. Look-ups beyond the yearly allowance become
 * usage entries in the half-year they happened (H2 = the year's charge minus what H1 already billed).
 */
export async function importTelemacoUsage(ds: DataSource, bytes: Buffer | Uint8Array, fileName: string, userId: string): Promise<UsageImportReport> {
  const lines = parseCsvFile(bytes, UsageRow, `«${fileName}»`);
  const codes = [...new Set(lines.map((l) => l.value.codice_fiscale))];
  const byCode = await currentEntiByFiscalCode(ds, codes);
  const errors: CsvLineError[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    if (!byCode.has(value.codice_fiscale)) errors.push({ line, message: `nessun Ente con codice fiscale ${value.codice_fiscale}` });
    const key = `${value.codice_fiscale}/${value.anno}/${value.mese}`;
    const previous = seen.get(key);
    if (previous) errors.push({ line, message: `mese già presente alla riga ${previous}` });
    seen.set(key, line);
  }
  if (errors.length > 0) throw csvRejected(`«${fileName}»`, errors);

  return ds.transaction(async (tx) => {
    const importId = await recordDataImport(tx, 'telemaco_usage', fileName, lines.length, userId);
    await tx.query(
      `INSERT INTO telemaco_usage (ente_id, year, month, lookups, import_id)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[]) AS u(ente_id, year, month, lookups), (SELECT $5::uuid) i
       ON CONFLICT (ente_id, year, month) DO UPDATE SET lookups = EXCLUDED.lookups, import_id = EXCLUDED.import_id`,
      [
        lines.map((l) => byCode.get(l.value.codice_fiscale)),
        lines.map((l) => l.value.anno),
        lines.map((l) => l.value.mese),
        lines.map((l) => l.value.consultazioni),
        importId,
      ],
    );
    let entries = 0;
    const lists = await priceLists(tx);
    const affected = new Set(lines.map((l) => `${byCode.get(l.value.codice_fiscale)}|${l.value.anno}`));
    for (const key of affected) {
      const [enteId, yearText] = key.split('|') as [string, string];
      const year = Number(yearText);
      const [sums] = (await tx.query(
        `SELECT coalesce(sum(lookups) FILTER (WHERE month <= 6), 0)::int AS h1, coalesce(sum(lookups), 0)::int AS total
         FROM telemaco_usage WHERE ente_id = $1 AND year = $2`,
        [enteId, year],
      )) as Array<{ h1: number; total: number }>;
      const { ente, payerId } = await enteFactsFor(tx, enteId, year);
      const h1 = usageCharge(ente, year, sums?.h1 ?? 0, lists);
      const all = usageCharge(ente, year, sums?.total ?? 0, lists);
      const halves: Array<[1 | 2, number, number]> = [
        [1, h1.amountCents, h1.overAllowance],
        [2, all.amountCents - h1.amountCents, all.overAllowance - h1.overAllowance],
      ];
      for (const [half, cents, over] of halves) {
        if (cents <= 0) continue;
        entries += await recordRevisableEntries(tx, [
          {
            sourceKey: sourceKey.usage('telemaco', enteId, year, half),
            enteId,
            payerEnteId: payerId,
            serviceRecordId: null,
            kind: 'usage',
            serviceCode: 'telemaco',
            year,
            half,
            description: `Telemaco ${half === 1 ? '1° semestre' : '2° semestre'} ${year}: ${over} consultazioni oltre la franchigia annuale`,
            amountCents: cents,
            dueOn: dueDate({ kind: 'usage', year, half }),
          },
        ]);
      }
    }
    return { importId: importId, rows: lines.length, entries };
  });
}
