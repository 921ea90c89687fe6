import type { Page } from 'playwright-core';
import { createUser, PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { handSignedForm } from '../../server/test/signing';
import { recordEntries } from '../../server/src/billing/ledger/billing-entries.repository';
import { recordChange, SYSTEM_ACTOR } from '../../server/src/audit/audit-log.repository';
import { DESKTOP, PHONE, screenshot, seriousViolations, type AxeProblem } from './pages';
import { browserSession, type BrowserSession } from './session';

const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** What the pages under check show: an Ente's ticket and service request, a change in the log, a billing entry. */
export interface A11yWorld {
  enteA: string;
  ticketId: string;
  requestId: string;
}

export interface A11ySuite {
  session: BrowserSession;
  /** The records seeded in beforeAll (filled once it has run). */
  world: A11yWorld;
  /**
   * Axe at desktop and phone width, and the screenshots. `open` brings a fresh desktop page to the state to check;
   * the phone check narrows that same page (the layout follows CSS media queries only, no script reads the width),
   * which spares a second page load per check.
   */
  check(name: string, open: () => Promise<Page>): Promise<void>;
}

/**
 * The accessibility gate, shared by the a11y suites (split by area so that they run side by side): axe-core finds
 * no serious or critical violation on the main pages, at desktop and phone width. Every page is also saved as a
 * screenshot under artifacts/screenshots/. Call inside `describe`.
 */
export function a11ySuite(): A11ySuite {
  const session = browserSession();
  const world: A11yWorld = { enteA: '', ticketId: '', requestId: '' };
  const found: Record<string, AxeProblem[]> = {};

  beforeAll(async () => {
    world.enteA = (await tenantWorld(session.env.ds)).enteA;
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
    world.ticketId = ticket.body.id as string;
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
    world.requestId = request.body.id as string;
    // One change in the log, so the audit page and the Ente's history show an entry with its before/after table.
    await recordChange(session.env.ds, SYSTEM_ACTOR, { entity: 'enti', recordId: world.enteA, action: 'update', before: { pec: null }, after: { pec: 'protocollo@pec.alfa.it' } });
    // And a download of a signed form (issue 20): its label and its link to the ticket are on the same page.
    await recordChange(session.env.ds, SYSTEM_ACTOR, { entity: 'signed_forms', recordId: world.requestId, action: 'download', before: null, after: { fileName: 'modulo-pec.pdf' } });
    await recordEntries(session.env.ds, [
      {
        sourceKey: 'a11y:quota',
        enteId: world.enteA,
        payerEnteId: world.enteA,
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

  return { session, world, check };
}
