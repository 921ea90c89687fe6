import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { createEnte } from '../../test/fixtures';
import type { AppError } from '../platform/http/errors';
import { CLI_ACTOR, parseSoftwareCitArgs } from './import-command';
import { importSoftwareCit, type LineError, type SoftwareCitFiles } from './importer';
import type { SoftwareCitReport } from './report';

/**
 * The SoftwareCit import of the sample files (server/src/softwarecit-import/samples) into a real PostgreSQL:
 * reconciliation of payments per year and per Ente with the CSV, a dry run and a refused file that write nothing,
 * a second run that changes nothing.
 */
const SAMPLES = path.join(__dirname, 'samples');
const sample = (file: string) => ({ name: file, bytes: readFileSync(path.join(SAMPLES, file)) });
const samples = (): SoftwareCitFiles => ({ conventions: sample('convenzioni.csv'), records: sample('servizi.csv'), payments: sample('pagamenti.csv') });

/** Cents per year and per aderente, read from the payments CSV independently of the importer's parser. */
function csvTotals(): { byYear: Record<string, number>; byEnte: Record<string, number> } {
  const [, ...rows] = readFileSync(path.join(SAMPLES, 'pagamenti.csv'), 'utf8').trim().split('\n');
  const byYear: Record<string, number> = {};
  const byEnte: Record<string, number> = {};
  for (const row of rows) {
    const [aderente, , anno, importo] = row.split(';') as [string, string, string, string];
    const cents = Math.round(Number(importo.replace(/[€\s.]/g, '').replace(',', '.')) * 100);
    byYear[anno] = (byYear[anno] ?? 0) + cents;
    byEnte[aderente] = (byEnte[aderente] ?? 0) + cents;
  }
  return { byYear, byEnte };
}

describe('SoftwareCit import', () => {
  let env: TestEnv;
  const run = (dryRun: boolean, files = samples()) => importSoftwareCit(env.ds, files, { dryRun, actor: CLI_ACTOR });

  /** Everything the import may write, row by row: equal snapshots mean nothing changed. */
  const snapshot = async () => ({
    memberships: await env.ds.query(`SELECT ente_id, period_code, signer, signed_on::text, resolution_number, payer_ente_id, version FROM memberships ORDER BY 1, 2`),
    population: await env.ds.query(`SELECT ente_id, as_of_year, residents, businesses, version FROM ente_population ORDER BY 1, 2`),
    records: await env.ds.query(`SELECT id, import_key, ente_id, payer_ente_id, service_code, unit_index, starts_on::text, ends_on::text, annual_cents FROM service_records ORDER BY import_key`),
    billing: await env.ds.query(`SELECT id, source_key, ente_id, payer_ente_id, year, kind, amount_cents, status, collected_on::text, act_reference FROM billing_entries ORDER BY source_key`),
    audit: await env.ds.query(`SELECT count(*)::int AS n FROM audit_log`),
  });

  beforeAll(async () => {
    env = await startTestEnv();
    const unione = await createEnte(env.ds, 'Unione Comuni degli Antichi Borghi Valle Camonica', 'unione_comuni');
    await createEnte(env.ds, 'Unione Comuni Bassa Bresciana Occidentale', 'unione_comuni');
    for (const name of ['Torbole Casaglia', 'Coccaglio', 'Acquafredda', 'Toscolano-Maderno', 'Bagnolo Mella', 'Azzano Mella', 'Gardone Riviera']) {
      await createEnte(env.ds, `Comune di ${name}`);
    }
    await createEnte(env.ds, 'Comune di Breno', 'comune', unione);
  });
  afterAll(() => env.close());

  it('reads its command-line options', () => {
    expect(parseSoftwareCitArgs(['softwarecit', '--conventions', 'c.csv', '--records', 's.csv', '--payments', 'p.csv', '--dry-run'])).toEqual({
      source: 'softwarecit',
      conventions: 'c.csv',
      records: 's.csv',
      payments: 'p.csv',
      dryRun: true,
      report: 'import-reports',
    });
    expect(() => parseSoftwareCitArgs(['softwarecit', '--conventions', 'c.csv', '--records', 's.csv'])).toThrow(/--payments manca/);
  });

  it('a dry run reports what it would import and writes nothing', async () => {
    const before = await snapshot();
    const report = await run(true);
    expect(report.dryRun).toBe(true);
    expect(report.kinds.conventions).toMatchObject({ read: 5, imported: 5 });
    expect(report.kinds.records).toMatchObject({ read: 5, imported: 5 });
    expect(report.kinds.payments).toMatchObject({ read: 9, imported: 9 });
    expect(report.reconciled).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('imports the sample files, and the ledger reconciles with the CSV per year and per Ente', async () => {
    const report = await run(false);
    expect(report.kinds).toEqual({
      conventions: { read: 5, imported: 5, unchanged: 0, skipped: 0, failed: 0 },
      population: { read: 4, imported: 4, unchanged: 0, skipped: 0, failed: 0 },
      records: { read: 5, imported: 5, unchanged: 0, skipped: 0, failed: 0 },
      payments: { read: 9, imported: 9, unchanged: 0, skipped: 0, failed: 0 },
    });
    const expected = csvTotals();
    const byYear = (await env.ds.query(
      `SELECT year::text, sum(amount_cents)::int AS cents FROM billing_entries WHERE source_key LIKE 'softwarecit:%' GROUP BY year`,
    )) as Array<{ year: string; cents: number }>;
    expect(Object.fromEntries(byYear.map((r) => [r.year, r.cents]))).toEqual(expected.byYear);
    const byEnte = (await env.ds.query(
      `SELECT e.name, sum(b.amount_cents)::int AS cents FROM billing_entries b JOIN enti e ON e.id = b.ente_id WHERE b.source_key LIKE 'softwarecit:%' GROUP BY e.name`,
    )) as Array<{ name: string; cents: number }>;
    expect(Object.fromEntries(byEnte.map((r) => [r.name, r.cents]))).toEqual(expected.byEnte);
    expect(report.reconciled).toBe(true);
    expect(Object.fromEntries(Object.entries(report.paymentsByYear).map(([y, t]) => [y, t.ledger]))).toEqual(expected.byYear);

    // Riscosso lines are collected (on the date given, else 31/12 of the year); the accertato one is not.
    const statuses = (await env.ds.query(`SELECT status, count(*)::int AS n FROM billing_entries GROUP BY status ORDER BY status`)) as Array<{ status: string; n: number }>;
    expect(statuses).toEqual([
      { status: 'assessed', n: 1 },
      { status: 'collected', n: 8 },
    ]);
    const [acquafredda] = (await env.ds.query(
      `SELECT b.collected_on::text, b.act_reference, b.kind FROM billing_entries b JOIN enti e ON e.id = b.ente_id WHERE e.name = 'Comune di Acquafredda'`,
    )) as Array<{ collected_on: string; act_reference: string; kind: string }>;
    expect(acquafredda).toEqual({ collected_on: '2015-08-05', act_reference: 'Accertamento 1003/2015', kind: 'quota' });

    // Memberships and residents through the Enti module (with the payer), service records without a ticket.
    const [breno] = (await env.ds.query(
      `SELECT m.signer, m.signed_on::text, m.resolution_date::text, p.name AS payer FROM memberships m JOIN enti e ON e.id = m.ente_id
       JOIN enti p ON p.id = m.payer_ente_id WHERE e.name = 'Comune di Breno' AND m.period_code = '2015-2020'`,
    )) as Array<Record<string, string>>;
    expect(breno).toEqual({ signer: 'Crotti Agnese', signed_on: '2017-01-10', resolution_date: '2017-01-09', payer: 'Unione Comuni degli Antichi Borghi Valle Camonica' });
    const [population] = (await env.ds.query(
      `SELECT residents, businesses FROM ente_population p JOIN enti e ON e.id = p.ente_id WHERE e.name = 'Comune di Coccaglio' AND as_of_year = 2014`,
    )) as Array<{ residents: number; businesses: number }>;
    expect(population).toEqual({ residents: 8757, businesses: 879 });
    const records = (await env.ds.query(
      `SELECT import_key, service_code, variant, fee_type, annual_cents, request_ticket_id FROM service_records ORDER BY import_key`,
    )) as Array<Record<string, unknown>>;
    expect(records).toHaveLength(5);
    expect(records.every((r) => r.request_ticket_id === null)).toBe(true);
    expect(records.find((r) => r.import_key === 'softwarecit:servizio:PAG-2017-014')).toMatchObject({ service_code: 'pagopa', variant: 'partner', fee_type: 'annual', annual_cents: 250000 });
    const audited = (await env.ds.query(`SELECT entity, count(*)::int AS n FROM audit_log WHERE action = 'import' GROUP BY entity ORDER BY entity`)) as unknown[];
    expect(audited).toEqual([
      { entity: 'ente_population', n: 4 },
      { entity: 'memberships', n: 5 },
    ]);
  });

  it('a second run changes nothing', async () => {
    const before = await snapshot();
    const report: SoftwareCitReport = await run(false);
    for (const kind of ['conventions', 'population', 'records', 'payments'] as const) {
      expect(report.kinds[kind].imported).toBe(0);
      expect(report.kinds[kind].unchanged).toBe(report.kinds[kind].read);
    }
    expect(report.reconciled).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses files with errors line by line, naming line and field, and writes nothing', async () => {
    const before = await snapshot();
    const csv = (text: string, name: string) => ({ name, bytes: Buffer.from(text) });
    const files: SoftwareCitFiles = {
      conventions: csv(
        [
          'ente;convenzione;firmatario;data_firma;delibera;data_delibera',
          'Comune di Coccaglio;Convenzione per adesione al CIT 2021-2025;Claretti Franco;14/01/2021;CC 1/2021;10/01/2021',
          'Comune di Nessunluogo;2021-2025;Rossi;01/02/2021;CC 2/2021;01/01/2021',
          'Comune di Adro;2021-2025;Rossi;31/02/2021;CC 3/2021;01/01/2021',
        ].join('\n'),
        'convenzioni.csv',
      ),
      records: csv(
        ['id;ente;servizio;convenzione;canone;data_inizio', 'X-1;Comune di Coccaglio;teletrasporto;2021-2025;annuale;01/01/2021', 'X-2;Comune di Coccaglio;pec;1999-2003;mensile;01/01/2021'].join('\n'),
        'servizi.csv',
      ),
      payments: csv(['aderente;pagante;anno;importo;note', 'Comune di Coccaglio;;2021;300,00;', 'Comune di Coccaglio;;21;tanti;'].join('\n'), 'pagamenti.csv'),
    };
    const err = (await run(false, files).catch((e: unknown) => e)) as AppError;
    expect(err).toMatchObject({ status: 400, code: 'csv_rejected' });
    const lines = (err.details as { lines: LineError[] }).lines.map((l) => `${l.file}:${l.line}:${l.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^convenzioni\.csv:3:ente: nessun Ente di nome «Comune di Nessunluogo»/),
        expect.stringMatching(/^convenzioni\.csv:4:data_firma: data attesa/),
        expect.stringMatching(/^servizi\.csv:2:servizio: codice del catalogo atteso/),
        expect.stringMatching(/^servizi\.csv:3:.*canone: «annuale», «una tantum»/),
        expect.stringMatching(/^servizi\.csv:3:.*convenzione 1999-2003 non esiste|^servizi\.csv:3:.*canone/),
        expect.stringMatching(/^pagamenti\.csv:3:.*anno: anno di quattro cifre atteso.*importo: importo in euro atteso/),
      ]),
    );
    expect(lines.some((l) => l.startsWith('convenzioni.csv:2:'))).toBe(false);
    expect(err.message).toMatch(/nulla è stato scritto/);
    expect(await snapshot()).toEqual(before);
  });
});
