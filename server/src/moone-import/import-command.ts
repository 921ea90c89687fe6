import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, attachmentMaxBytes } from '../config';
import { createDataSource } from '../platform/db/data-source';
import { fileStoreFromConfig } from '../file-store/file-store.module';
import { CalendarSource } from '../support-calendar/calendar-source';
import { openGlpi } from './glpi.repository';
import { finishRun, startRun } from '../import-runs/import-runs.repository';
import { importMoOne } from './importer';
import { reportMarkdown, writeReportFiles, type ImportReport } from './report';

/**
 * `npm run import -- moone --from mysql://user:pass@host:3306/glpi [--documents DIR] [--dry-run] [--since YYYY-MM-DD]
 * [--report DIR]`: imports MoOne (GLPI) into the product, re-runnable (see README, "Importazione da MoOne").
 */
const USAGE =
  'Uso: npm run import -- moone --from mysql://utente:password@host:3306/glpi [--documents CARTELLA] [--dry-run] [--since AAAA-MM-GG] [--report CARTELLA]';

const ArgsSchema = z.object({
  source: z.literal('moone', { error: `sorgente sconosciuta: è supportata «moone». ${USAGE}` }),
  from: z
    .string({ error: `--from manca. ${USAGE}` })
    .regex(/^mysql:\/\/[^\s]+\/[^\s/]+$/, '--from deve essere un indirizzo mysql://utente:password@host:porta/database'),
  documents: z.string().min(1).optional(),
  dryRun: z.boolean(),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--since deve essere una data AAAA-MM-GG')
    .refine((d) => !Number.isNaN(Date.parse(d)), '--since non è una data valida')
    .optional(),
  report: z.string().min(1).default('import-reports'),
});

export function parseImportArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      documents: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      since: { type: 'string' },
      report: { type: 'string' },
    },
  });
  const parsed = ArgsSchema.safeParse({
    source: positionals[0],
    from: values.from,
    documents: values.documents,
    dryRun: values['dry-run'],
    since: values.since,
    report: values.report,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

/** A one-line progress bar on stderr, redrawn at most every 200 ms. */
function progressBar(): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 200) return;
    last = now;
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const bar = '#'.repeat(Math.round(ratio * width)).padEnd(width, '.');
    process.stderr.write(`\r[${bar}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total} ticket${done >= total ? '\n' : ''}`);
  };
}

/** The `moone` source of `npm run import` (the dispatcher is `import-runs/import-command.ts`). */
export async function runMoOneCommand(argv: string[]): Promise<void> {
  const args = parseImportArgs(argv);
  const config = loadConfig();
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: 'cit-import-moone' });
  await ds.initialize();
  const glpi = openGlpi(args.from);
  const options = { dryRun: args.dryRun, since: args.since ?? null, documents: args.documents ?? null };
  // A dry run changes nothing, not even the list of runs.
  const runId = args.dryRun ? null : await startRun(ds, { source: 'moone', options });
  let report: ImportReport | null = null;
  try {
    report = await importMoOne(glpi, ds, fileStoreFromConfig(config), {
      dryRun: args.dryRun,
      since: args.since ?? null,
      documentsDir: args.documents ?? null,
      maxAttachmentBytes: attachmentMaxBytes(config),
      // The SLA clocks of open tickets without one in MoOne run on the product's calendar.
      calendar: await new CalendarSource(ds).refresh(),
      onProgress: process.stderr.isTTY ? progressBar() : undefined,
    });
    if (runId) await finishRun(ds, runId, { report, error: null });
    const files = await writeReportFiles(args.report, report);
    console.log(reportMarkdown(report).split('\n## Ticket per Ente')[0]);
    console.log(`Rapporto: ${files.markdown} e ${files.json}`);
  } catch (err) {
    if (runId) await finishRun(ds, runId, { report, error: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    await glpi.close();
    await ds.destroy();
  }
}

if (require.main === module) {
  runMoOneCommand(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
