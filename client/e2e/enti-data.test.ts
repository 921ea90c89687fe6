import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** Residents per year, memberships and the ISTAT import in the browser, with axe on each state shown. */
describe('Ente master data pages: residents, memberships, ISTAT import', () => {
  const session = browserSession();
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: Page;

  beforeAll(async () => {
    world = await tenantWorld(session.env.ds);
    await session.env.ds.query(`UPDATE enti SET istat_code = '017001' WHERE id = $1`, [world.enteA]);
    await session.env.ds.query(`UPDATE enti SET istat_code = '017002' WHERE id = $1`, [world.enteB]);
    admin = await session.browsers.signedIn('admin@cit.example');
  });

  it('previews an ISTAT file with the band moves, changes nothing until confirmed, then applies it', async () => {
    await admin.goto(`${session.env.url}/admin/enti/abitanti`);
    await admin.getByRole('heading', { level: 1, name: 'Importazione abitanti ISTAT' }).waitFor();
    await admin.getByLabel('Anno dei dati (al 31 dicembre)').fill('2026');
    // A wrong line first: the page lists it with the line and the field.
    await admin.getByLabel('File CSV').setInputFiles({
      name: 'popolazione.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Codice comune;Denominazione;Popolazione al 31 dicembre\n017001;Alfa;seimila\n', 'utf8'),
    });
    await admin.getByRole('button', { name: "Mostra l'anteprima" }).click();
    await admin.getByText(/Riga 2 – abitanti: numero intero atteso/).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);

    await admin.getByLabel('File CSV').setInputFiles({
      name: 'popolazione.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\uFEFFCodice comune;Denominazione;Popolazione al 31 dicembre\n017001;"Alfa";6.200\n17002;"Beta";3100\n', 'utf8'),
    });
    await admin.getByRole('button', { name: "Mostra l'anteprima" }).click();
    const row = admin.getByRole('row', { name: /Comune di Alfa/ });
    await row.getByText('Cambia fascia').waitFor();
    await row.getByText('fascia 5.001–10.000').waitFor();
    const [before] = (await session.env.ds.query(`SELECT residents FROM ente_population WHERE ente_id = $1 AND as_of_year = 2026`, [world.enteA])) as Array<{
      residents: number;
    }>;
    expect(before?.residents).toBe(3000);
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-population-import-preview');

    await admin.getByRole('button', { name: 'Conferma e applica 2 variazioni' }).click();
    await admin.getByText('Applicate 2 variazioni degli abitanti al 31/12/2026.').waitFor();
    const [after] = (await session.env.ds.query(`SELECT residents FROM ente_population WHERE ente_id = $1 AND as_of_year = 2026`, [world.enteA])) as Array<{
      residents: number;
    }>;
    expect(after?.residents).toBe(6200);
  });

  it('edits a year and records a membership from the Ente page, with the error summary when fields are missing', async () => {
    await admin.goto(`${session.env.url}/admin/enti/${world.enteB}`);
    await admin.getByRole('heading', { level: 1, name: 'Comune di Beta' }).waitFor();
    await admin.getByRole('button', { name: 'Modifica 31/12/2024' }).click();
    const form = admin.getByRole('form', { name: 'Abitanti e imprese al 31/12/2024' });
    await form.getByLabel('Abitanti').fill('tremila');
    await form.getByRole('button', { name: 'Salva' }).click();
    await form.getByRole('link', { name: 'Indicare gli abitanti con un numero intero (es. 8757).' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await form.getByLabel('Abitanti').fill('3.050');
    await form.getByRole('button', { name: 'Salva' }).click();
    await admin.getByRole('row', { name: /31\/12\/2024\s+3\.050/ }).waitFor();

    await admin.getByRole('button', { name: "Registra un'adesione" }).click();
    const membership = admin.getByRole('form', { name: 'Nuova adesione' });
    await membership.getByRole('button', { name: 'Salva' }).click();
    await membership.getByRole('link', { name: 'Indicare chi ha firmato la convenzione.' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await membership.getByLabel('Convenzione').fill('2021-2025');
    await membership.getByLabel('Firmatario', { exact: true }).fill('Sindaco pro tempore');
    await membership.getByLabel('Sottoscritta il').fill('2021-01-14');
    await membership.getByLabel('Numero della delibera').fill('Delibera C.C. n. 3');
    await membership.getByLabel('Data della delibera').fill('2020-12-20');
    await membership.getByLabel('Quota annuale registrata (€)').fill('1.973,63');
    await membership.getByRole('button', { name: 'Salva' }).click();
    await admin.getByRole('heading', { level: 3, name: 'Convenzione 2021-2025' }).waitFor();
    await admin.getByText('€ 1.973,63').waitFor();
    await admin.getByLabel('Carica la convenzione firmata – Convenzione 2021-2025').setInputFiles({ name: 'convenzione-firmata.pdf', mimeType: 'application/pdf', buffer: PDF });
    await admin.getByRole('link', { name: 'convenzione-firmata.pdf (Convenzione 2021-2025)' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-ente-memberships');
    const signIn = await session.env.signIn('a@alfa.example', PASSWORD);
    // A referent of another Ente does not see this Ente's memberships.
    await signIn.agent.get(`/api/enti/${world.enteB}/memberships`).expect(404);
  });
});
