import { a11ySuite } from './a11y-suite';
import { DESKTOP, submitLogin } from './pages';

jest.setTimeout(120_000);

describe('accessibility (axe) and screenshots: the public pages and those of an Ente user', () => {
  const { session, world, check } = a11ySuite();

  it('login page', async () => {
    await check('login', async () => {
      const page = await session.browsers.anonymous();
      await page.goto(`${session.env.url}/accedi`);
      await page.getByRole('heading', { level: 1, name: 'Accedi' }).waitFor();
      return page;
    });
  });

  it('the PA pages, reached from the footer without signing in: accessibility, privacy, legal notes, contacts, service charter', async () => {
    const pages: Array<[string, string, string, RegExp]> = [
      ['accessibility', 'Dichiarazione di accessibilità', 'Dichiarazione di accessibilità', /pubblicata su AgID/],
      ['privacy', 'Privacy', 'Informativa sul trattamento dei dati personali', /Titolare del trattamento/],
      ['legal', 'Note legali', 'Note legali', /Creative Commons/],
      ['contacts', 'Contatti', 'Contatti', /citservizi@provincia\.brescia\.it/],
      ['charter', 'Carta dei servizi', 'Carta dei servizi', /Presa in carico entro/],
    ];
    for (const [name, link, heading, text] of pages) {
      await check(`public-${name}`, async () => {
        const page = await session.browsers.anonymous();
        await page.goto(`${session.env.url}/accedi`);
        await page.getByRole('navigation', { name: 'Informazioni sul servizio' }).getByRole('link', { name: link }).click();
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.getByText(text).first().waitFor();
        return page;
      });
    }
  });

  it('login page with the error summary', async () => {
    await check('login-error', async () => {
      const page = await session.browsers.anonymous();
      await page.goto(`${session.env.url}/accedi`);
      await submitLogin(page, 'a@alfa.example', 'sbagliata-di-sicuro');
      await page.getByText('Non è stato possibile accedere').waitFor();
      return page;
    });
  });

  it('forgotten password and set password pages', async () => {
    await check('password-forgot', async () => {
      const page = await session.browsers.anonymous();
      await page.goto(`${session.env.url}/password-dimenticata`);
      await page.getByRole('heading', { level: 1, name: 'Password dimenticata' }).waitFor();
      return page;
    });
    await check('password-set', async () => {
      const page = await session.browsers.anonymous();
      await page.goto(`${session.env.url}/imposta-password?token=prova`);
      await page.getByRole('heading', { level: 1, name: 'Imposta la password' }).waitFor();
      return page;
    });
  });

  it('portal home of an Ente user', async () => {
    await check('home-ente', async () => {
      const page = await session.browsers.signedIn('a@alfa.example');
      await page.getByText('Stampante del protocollo non raggiungibile').first().waitFor();
      return page;
    });
  });

  it('new request wizard, with the cost preview and the validation summary', async () => {
    await check('wizard', async () => {
      const page = await session.browsers.signedIn('a@alfa.example', DESKTOP, '/ticket/nuovo');
      await page.getByRole('heading', { level: 1, name: 'Nuova richiesta' }).waitFor();
      await page.getByLabel('Categoria').selectOption({ label: 'Attivazione/rinnovo servizio' });
      await page.getByLabel('Servizio', { exact: true }).selectOption({ label: 'Casella PEC' });
      await page.getByLabel('Descrizione').fill('Casella per il nuovo ufficio tributi.');
      await page.getByRole('button', { name: 'Avanti' }).click();
      await page.locator('.cost-preview .cost-summary').waitFor();
      await page.getByRole('button', { name: 'Avanti' }).click();
      // Step 3 with the error summary: the signatory's role is missing.
      await page.getByRole('button', { name: 'Scarica il modulo precompilato (PDF/A)' }).click();
      await page.getByText('La richiesta non è stata inviata').waitFor();
      return page;
    });
  });

  it('ticket page (Ente user) and service request page', async () => {
    await check('ticket-ente', async () => {
      const page = await session.browsers.signedIn('a@alfa.example', DESKTOP, `/ticket/${world.ticketId}`);
      await page.getByRole('heading', { level: 1, name: 'Stampante del protocollo non raggiungibile' }).waitFor();
      return page;
    });
    await check('request-approver', async () => {
      const page = await session.browsers.signedIn('approvatore@cit.example', DESKTOP, `/ticket/${world.requestId}`);
      await page.locator('.signed-form-card').waitFor();
      return page;
    });
  });
});
