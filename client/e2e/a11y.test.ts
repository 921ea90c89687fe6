import type { Page } from 'playwright-core';
import { createUser, PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { handSignedForm } from '../../server/test/signing';
import { DESKTOP, PHONE, screenshot, seriousViolations, submitLogin, type AxeProblem } from './pages';
import { browserSession } from './session';
import { recordEntries } from '../../server/src/billing/ledger/billing-entries.repository';
import { recordChange, SYSTEM_ACTOR } from '../../server/src/audit/audit-log.repository';

jest.setTimeout(120_000);

const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/**
 * The accessibility gate: axe-core finds no serious or critical violation on the main pages, at desktop and
 * phone width. Every page is also saved as a screenshot under artifacts/screenshots/.
 */
describe('accessibility (axe) and screenshots of the main pages', () => {
  const session = browserSession();
  let ticketId = '';
  let requestId = '';
  let enteA = '';
  const found: Record<string, AxeProblem[]> = {};

  beforeAll(async () => {
    const world = await tenantWorld(session.env.ds);
    enteA = world.enteA;
    await createUser(session.env.ds, 'approvatore@cit.example', 'approver');
    const alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    const ticket = await alfa.post('/api/tickets', {
      type: 'incident',
      category: 'assistance',
      urgency: 'high',
      title: 'Stampante del protocollo non raggiungibile',
      description: "Dalle 9 la stampante dell'ufficio protocollo non stampa.",
    });
    expect(ticket.status).toBe(201);
    ticketId = ticket.body.id as string;
    const request = await alfa.agent
      .post('/api/tickets')
      .set('x-csrf-token', alfa.csrfToken)
      .field('type', 'request')
      .field('category', 'activation')
      .field('serviceCode', 'pec')
      .field('urgency', 'medium')
      .field('title', 'Richiesta di attivazione: Casella PEC')
      .field('description', 'Casella per il nuovo ufficio tributi.')
      .field('quantity', '2')
      .field('unitLabels', 'tributi@pec.alfa.it')
      .attach('attachments', PDF, 'modulo-pec.pdf')
      .attach('attachments', handSignedForm().identity, 'documento-identita.png');
    expect(request.status).toBe(201);
    requestId = request.body.id as string;
    // One change in the log, so the audit page and the Ente's history show an entry with its before/after table.
    await recordChange(session.env.ds, SYSTEM_ACTOR, { entity: 'enti', recordId: enteA, action: 'update', before: { pec: null }, after: { pec: 'protocollo@pec.alfa.it' } });
    await recordEntries(session.env.ds, [
      {
        sourceKey: 'a11y:quota',
        enteId: enteA,
        payerEnteId: enteA,
        serviceRecordId: null,
        kind: 'quota',
        serviceCode: null,
        year: new Date().getFullYear(),
        half: 1,
        description: 'Quota di adesione',
        amountCents: 57_000,
        dueOn: `${new Date().getFullYear()}-03-31`,
      },
    ]);
  });
  afterAll(() => {
    const summary = Object.entries(found).filter(([, v]) => v.length > 0);
    if (summary.length > 0) console.log('axe:', JSON.stringify(summary, null, 2));
  });

  /**
   * Axe at desktop and phone width, and the screenshots. `open` brings a fresh desktop page to the state to check;
   * the phone check narrows that same page (the layout follows CSS media queries only, no script reads the width),
   * which spares a second page load per check.
   */
  async function check(name: string, open: () => Promise<Page>) {
    const page = await open();
    await page.waitForLoadState('networkidle');
    for (const viewport of [DESKTOP, PHONE]) {
      if (viewport !== DESKTOP) {
        await page.setViewportSize(viewport);
        // Two frames: the narrower layout is painted before axe reads it (a string: the tests do not compile for the DOM).
        await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
      }
      const problems = await seriousViolations(page);
      found[`${name}@${viewport.width}`] = problems;
      await screenshot(page, name);
      expect({ page: name, width: viewport.width, problems }).toEqual({ page: name, width: viewport.width, problems: [] });
    }
    await page.context().close();
  }

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
      const page = await session.browsers.signedIn('a@alfa.example', DESKTOP, `/ticket/${ticketId}`);
      await page.getByRole('heading', { level: 1, name: 'Stampante del protocollo non raggiungibile' }).waitFor();
      return page;
    });
    await check('request-approver', async () => {
      const page = await session.browsers.signedIn('approvatore@cit.example', DESKTOP, `/ticket/${requestId}`);
      await page.locator('.signed-form-card').waitFor();
      return page;
    });
  });

  it('operator queue and home', async () => {
    await check('queue-operator', async () => {
      const page = await session.browsers.signedIn('op@cit.example', DESKTOP, '/ticket');
      await page.getByRole('link', { name: 'Stampante del protocollo non raggiungibile' }).first().waitFor();
      return page;
    });
    await check('home-operator', async () => {
      const page = await session.browsers.signedIn('op@cit.example');
      await page.getByRole('heading', { level: 2, name: 'Contratti' }).waitFor();
      await page.locator('.contract-box').first().waitFor();
      return page;
    });
  });

  it('approvals inbox', async () => {
    await check('approvals', async () => {
      const page = await session.browsers.signedIn('approvatore@cit.example', DESKTOP, '/approvazioni');
      await page.getByRole('link', { name: 'Richiesta di attivazione: Casella PEC' }).first().waitFor();
      return page;
    });
  });

  it('admin users list', async () => {
    await check('admin-users', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/utenti');
      await page.getByRole('heading', { level: 1, name: 'Utenti' }).waitFor();
      // Either the list or, while the server has no user API yet, the error: both must be accessible.
      await page.locator('.users-table:visible, .ticket-cards:visible, .alert-danger:visible').first().waitFor();
      return page;
    });
  }, 90_000);

  it('admin catalog and price lists', async () => {
    await check('admin-catalog', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/catalogo');
      await page.getByRole('heading', { level: 1, name: 'Catalogo e listini' }).waitFor();
      await page.locator('.catalog-table').waitFor();
      return page;
    });
  });

  it('price-list version pages: a published version and a draft with its editor', async () => {
    const admin = await session.env.signIn('admin@cit.example', PASSWORD);
    const versions = (await admin.agent.get('/api/admin/price-lists')).body as { items: Array<{ id: string; inForceToday: boolean }> };
    const current = versions.items.find((v) => v.inForceToday)!;
    const draft = await admin.post('/api/admin/price-lists', { fromId: current.id, effectiveFrom: '2030-01-01' });
    expect(draft.status).toBe(201);
    for (const [name, id] of [['admin-price-list-published', current.id], ['admin-price-list-draft', draft.body.id as string]] as const) {
      await check(name, async () => {
        const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, `/admin/catalogo/listini/${id}`);
        await page.getByRole('heading', { level: 1, name: 'Convenzione 2026-2030 – Allegato A' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Storico delle modifiche' }).waitFor();
        await page.locator('.loading-block').first().waitFor({ state: 'detached' }).catch(() => undefined);
        return page;
      });
    }
  }, 120_000);

  /** The admin pages signed in as the coordinator (axe at desktop and phone width each). */
  async function checkAdminPages(pages: Array<[string, string, string]>) {
    for (const [name, path, heading] of pages) {
      await check(name, async () => {
        const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, path);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.locator('.loading-block').first().waitFor({ state: 'detached' }).catch(() => undefined);
        return page;
      });
    }
  }

  // Two tests rather than one: eighteen page checks in one test came close to its time limit on a loaded machine.
  it('the other admin pages: home, Enti, Ente, suppliers', async () => {
    await checkAdminPages([
      ['admin-home', '/admin', 'Amministrazione'],
      ['admin-enti', '/admin/enti', 'Enti'],
      ['admin-ente', `/admin/enti/${enteA}`, 'Comune di Alfa'],
      ['admin-suppliers', '/admin/fornitori', 'Fornitori'],
      ['admin-audit', '/admin/registro', 'Registro modifiche'],
    ]);
  }, 300_000);

  // The operations card loads after the page: scanned once it is there (its own test, for the time limit).
  it('the admin home with its operations card', async () => {
    await check('admin-home-ops', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin');
      await page.getByRole('heading', { level: 2, name: 'Stato del servizio' }).waitFor();
      return page;
    });
  }, 300_000);

  it('the admin pages SLA, failures and billing, contracts, and the Ente billing page', async () => {
    await checkAdminPages([
      ['admin-sla', '/admin/sla', 'SLA e calendario'],
      ['admin-failures', '/admin/errori', 'Job ed e-mail non riusciti'],
      ['admin-billing', '/admin/fatturazione', 'Fatturazione'],
      ['contracts', '/contratti', 'Contratti'],
    ]);
    await check('admin-calendar-errors', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/sla');
      const week = page.getByRole('form', { name: 'Giorni e orari' });
      await week.getByLabel('Apertura fascia 2').fill('12:00');
      await week.getByRole('button', { name: 'Salva giorni e orari' }).click();
      await week.getByRole('link', { name: /si sovrappone/ }).waitFor();
      return page;
    });
    await check('billing-ente', async () => {
      const page = await session.browsers.signedIn('a@alfa.example', DESKTOP, '/addebiti');
      await page.getByRole('heading', { level: 2, name: 'Estratti conto semestrali' }).waitFor();
      return page;
    });
  }, 300_000);

  it('billing page of the CIT accounting, with the capitolo / accertamento form and its error summary', async () => {
    await check('billing-accounting', async () => {
      const page = await session.browsers.signedIn('approvatore@cit.example', DESKTOP, '/addebiti');
      await page.getByRole('button', { name: 'Modifica capitolo e accertamento: Quota di adesione' }).click();
      const form = page.getByRole('form', { name: 'Capitolo e accertamento: Quota di adesione' });
      await form.getByLabel('Capitolo di bilancio').fill('SERVIZI');
      await form.getByRole('button', { name: 'Salva' }).click();
      await form.locator('.alert-danger').waitFor();
      return page;
    });
  });
});
