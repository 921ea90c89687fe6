import type { Page } from 'playwright-core';
import { numericFiscalCodeCheckDigit } from '@cit/shared';
import { createEnte, tenantWorld } from '../../server/test/fixtures';
import { screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

const fiscalCode = (firstTen: string) => firstTen + String(numericFiscalCodeCheckDigit(firstTen));

/** An admin enters a new Ente, edits it, and merges another Comune into it, in the browser. */
describe('Enti kept by the admins, in the browser', () => {
  const session = browserSession();
  let admin: Page;
  let oldComune: string;

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    oldComune = await createEnte(session.env.ds, 'Comune di Vecchia Pieve');
    admin = await session.browsers.signedIn('admin@cit.example');
  });

  it('creates an Ente from «Nuovo Ente», naming a wrong field first, then edits it', async () => {
    await admin.goto(`${session.env.url}/admin/enti`);
    await admin.getByRole('link', { name: 'Nuovo Ente' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Nuovo Ente' }).waitFor();
    await admin.getByLabel('Denominazione').fill('Comune di Pieve Nuova');
    await admin.getByLabel('Tipologia').selectOption('comune');
    await admin.getByLabel('Codice fiscale').fill('12345678901');
    await admin.getByLabel('Codice ISTAT').fill('017998');
    await admin.getByRole('button', { name: "Crea l'Ente" }).click();
    await admin.getByRole('link', { name: 'Il codice fiscale è di 11 cifre con la cifra di controllo corretta.' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);

    await admin.getByLabel('Codice fiscale').fill(fiscalCode('9400000001'));
    await admin.getByRole('button', { name: "Crea l'Ente" }).click();
    await admin.getByRole('heading', { level: 1, name: 'Comune di Pieve Nuova' }).waitFor();
    await admin.getByRole('definition').filter({ hasText: '017998' }).waitFor();

    await admin.getByRole('button', { name: 'Modifica' }).click();
    await admin.getByLabel('PEC').fill('protocollo@pec.pievenuova.example.it');
    await admin.getByRole('button', { name: 'Salva le modifiche' }).click();
    await admin.getByRole('definition').filter({ hasText: 'protocollo@pec.pievenuova.example.it' }).waitFor();
    // The change is in the Ente's history with its author.
    await admin.getByRole('heading', { name: 'Storico delle modifiche' }).waitFor();
    await screenshot(admin, 'admin-ente-edited');
  });

  it('merges a Comune into another after listing what moves; the old one reads «Fuso in»', async () => {
    await admin.goto(`${session.env.url}/admin/enti/${oldComune}`);
    await admin.getByRole('heading', { level: 1, name: 'Comune di Vecchia Pieve' }).waitFor();
    await admin.getByRole('button', { name: 'Fondi in un altro Ente' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText("Passano all'Ente di destinazione").waitFor();
    await dialog.getByText('1 utente collegato').or(dialog.getByText('0 utenti collegati')).waitFor();
    await dialog.getByLabel("Scelga l'Ente di destinazione").selectOption({ label: 'Comune di Pieve Nuova' });
    await dialog.getByLabel('Data della fusione').fill('2026-07-01');
    // Bootstrap Italia draws the box on the label (the input is covered by it): the user clicks the label.
    await dialog.getByText(/Confermo: «Comune di Vecchia Pieve» confluisce in «Comune di Pieve Nuova»/).click();
    expect(await dialog.getByLabel(/Confermo:/).isChecked()).toBe(true);
    // axe measures colours: only once the dialog has finished fading in (half-transparent, contrast is wrong).
    for (let i = 0; i < 40; i++) {
      const opacity = await dialog.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el.closest('.modal') ?? el).opacity);
      if (opacity === '1') break;
      await admin.waitForTimeout(50);
    }
    expect(await seriousViolations(admin)).toEqual([]);
    await dialog.getByRole('button', { name: 'Fondi gli Enti' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Fuso in' }).getByRole('link', { name: 'Comune di Pieve Nuova' }).waitFor();
    // Read-only: neither the Ente nor its residents and memberships offer an edit any more.
    expect(await admin.getByRole('button', { name: 'Modifica' }).count()).toBe(0);
    await screenshot(admin, 'admin-ente-merged');
  });
});
