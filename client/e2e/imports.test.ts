import path from 'node:path';
import type { Page } from 'playwright-core';
import { createEnte, createUser } from '../../server/test/fixtures';
import { followMainNav, screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

const SAMPLES = path.resolve(__dirname, '../../server/src/softwarecit-import/samples');

/**
 * The imports page: an admin uploads the three SoftwareCit sample files, watches the bar (live events from the
 * background job) reach 100 %, reads the report, and finds the run in the list with MoOne's.
 */
describe('imports page in the browser', () => {
  const session = browserSession({ env: { RUN_JOBS: 'true' } });
  let admin: Page;

  beforeAll(async () => {
    const { env } = session;
    const unione = await createEnte(env.ds, 'Unione Comuni degli Antichi Borghi Valle Camonica', 'unione_comuni');
    await createEnte(env.ds, 'Unione Comuni Bassa Bresciana Occidentale', 'unione_comuni');
    for (const name of ['Torbole Casaglia', 'Coccaglio', 'Acquafredda', 'Toscolano-Maderno', 'Bagnolo Mella', 'Azzano Mella', 'Gardone Riviera']) {
      await createEnte(env.ds, `Comune di ${name}`);
    }
    await createEnte(env.ds, 'Comune di Breno', 'comune', unione);
    await createUser(env.ds, 'admin-import@cit.example', 'admin');
    // A MoOne run from the command line is listed too.
    await env.ds.query(
      `INSERT INTO import_runs (source, options, status, finished_at, report) VALUES ('moone', '{"dryRun": false}', 'done', now(),
        '{"source": "moone", "kinds": {"tickets": {"read": 3, "imported": 3, "unchanged": 0, "skipped": 0, "failed": 0}}, "skipped": [], "failed": []}')`,
    );
    admin = await session.browsers.signedIn('admin-import@cit.example');
  });

  const upload = async (dryRun: boolean) => {
    const card = admin.getByRole('region', { name: 'Importa da SoftwareCit' });
    await card.getByLabel('Convenzioni e adesioni (CSV)').setInputFiles(path.join(SAMPLES, 'convenzioni.csv'));
    await card.getByLabel('Servizi erogati (CSV)').setInputFiles(path.join(SAMPLES, 'servizi.csv'));
    await card.getByLabel('Storico pagamenti (CSV)').setInputFiles(path.join(SAMPLES, 'pagamenti.csv'));
    // Bootstrap Italia draws the radio on its label: the label is what a person clicks.
    await card.locator('label', { hasText: dryRun ? /^Prova/ : 'Importazione reale' }).click();
    expect(await card.getByLabel(dryRun ? /^Prova/ : 'Importazione reale').isChecked()).toBe(true);
    await card.getByRole('button', { name: "Avvia l'importazione" }).click();
    return card;
  };

  it('runs a dry run, then the real import, with the bar reaching 100 % and the report', async () => {
    await followMainNav(admin, 'Amministrazione');
    await admin.getByRole('navigation', { name: "Sezioni dell'amministrazione" }).getByRole('link', { name: 'Importazioni', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'Importazioni' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);

    // Missing files are named next to their field, nothing is sent.
    const card = admin.getByRole('region', { name: 'Importa da SoftwareCit' });
    await card.getByRole('button', { name: "Avvia l'importazione" }).click();
    expect(await card.getByText('Scegliere il file CSV.').count()).toBe(3);

    await upload(true);
    await card.getByRole('status').getByText('Completata: 19 di 19 righe (100 %)').waitFor({ timeout: 30_000 });
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await card.getByRole('table', { name: /riconciliati con il CSV/ }).getByRole('row', { name: /2019\s+€ 2\.273,63\s+€ 2\.273,63/ }).waitFor();
    await card.getByRole('table', { name: 'Righe per tipo' }).getByRole('row', { name: 'Pagamenti 9 9 0 0 0' }).waitFor();
    expect(await session.env.ds.query(`SELECT count(*)::int AS n FROM billing_entries`)).toEqual([{ n: 0 }]);

    await upload(false);
    await card.getByRole('status').getByText('Completata: 19 di 19 righe (100 %)').waitFor({ timeout: 30_000 });
    await card.getByRole('table', { name: 'Righe per tipo' }).getByRole('row', { name: 'Servizi erogati 5 5 0 0 0' }).waitFor();
    expect(await session.env.ds.query(`SELECT count(*)::int AS n FROM billing_entries WHERE source_key LIKE 'softwarecit:%'`)).toEqual([{ n: 9 }]);
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-imports-done');

    // The list: both SoftwareCit runs and MoOne's, each with its report.
    const runs = admin.getByRole('region', { name: 'Importazioni eseguite' });
    await runs.getByText(/^SoftwareCit – reale – completata/).waitFor();
    await runs.getByText(/^SoftwareCit – prova – completata/).waitFor();
    await runs.getByText(/^MoOne – reale – completata/).click();
    await runs.getByRole('row', { name: 'Ticket 3 3 0 0 0' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
  });
});
