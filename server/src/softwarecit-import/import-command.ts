import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AuditActor } from '../audit/audit-log.repository';
import { loadConfig } from '../config';
import { finishRun, startRun } from '../import-runs/import-runs.repository';
import { writeReportFiles } from '../import-runs/report-files';
import { createDataSource } from '../platform/db/data-source';
import { AppError } from '../platform/http/errors';
import { importSoftwareCit, type LineError } from './importer';
import { reportMarkdown } from './report';

/**
 * `npm run import -- softwarecit --conventions F.csv --records F.csv --payments F.csv [--dry-run] [--report DIR]`:
 * imports the SoftwareCit history (README, «Importazione da SoftwareCit»).
 */
const USAGE = 'Uso: npm run import -- softwarecit --conventions convenzioni.csv --records servizi.csv --payments pagamenti.csv [--dry-run] [--report CARTELLA]';

export const CLI_ACTOR: AuditActor = Object.freeze({ userId: null, name: 'Importazione SoftwareCit', email: null, ip: null });

const ArgsSchema = z.object({
  source: z.literal('softwarecit', { error: `sorgente sconosciuta: è supportata «softwarecit». ${USAGE}` }),
  conventions: z.string({ error: `--conventions manca. ${USAGE}` }).min(1),
  records: z.string({ error: `--records manca. ${USAGE}` }).min(1),
  payments: z.string({ error: `--payments manca. ${USAGE}` }).min(1),
  dryRun: z.boolean(),
  report: z.string().min(1).default('import-reports'),
});

export function parseSoftwareCitArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      conventions: { type: 'string' },
      records: { type: 'string' },
      payments: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
    },
  });
  const parsed = ArgsSchema.safeParse({ source: positionals[0], ...values, dryRun: values['dry-run'] });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

export async function runSoftwareCitCommand(argv: string[]): Promise<void> {
  const args = parseSoftwareCitArgs(argv);
  const load = async (file: string) => ({ name: path.basename(file), bytes: await readFile(file) });
  const files = { conventions: await load(args.conventions), records: await load(args.records), payments: await load(args.payments) };
  const config = loadConfig();
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: 'cit-import-softwarecit' });
  await ds.initialize();
  const options = { dryRun: args.dryRun, files: { conventions: files.conventions.name, records: files.records.name, payments: files.payments.name } };
  // A dry run from the command line changes nothing, not even the list of runs; nor does a refused file.
  let runId: string | null = null;
  try {
    const report = await importSoftwareCit(ds, files, {
      dryRun: args.dryRun,
      actor: CLI_ACTOR,
      onValidated: async () => {
        if (!args.dryRun) runId = await startRun(ds, { source: 'softwarecit', options });
      },
    });
    if (runId) await finishRun(ds, runId, { report, error: null });
    const markdown = reportMarkdown(report);
    const written = await writeReportFiles(args.report, report, markdown);
    console.log(markdown.split('\n## Pagamenti per Ente')[0]);
    console.log(`Rapporto: ${written.markdown} e ${written.json}`);
  } catch (err) {
    if (runId) await finishRun(ds, runId, { report: null, error: err instanceof Error ? err.message : String(err) });
    if (err instanceof AppError && err.code === 'csv_rejected') {
      const lines = (err.details as { lines: LineError[] }).lines;
      throw new Error(['Importazione rifiutata, nulla è stato scritto:', ...lines.map((l) => `  ${l.file}, riga ${l.line}: ${l.message}`)].join('\n'), {
        cause: err,
      });
    }
    throw err;
  } finally {
    await ds.destroy();
  }
}
