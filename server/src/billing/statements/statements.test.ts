import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { LedgerKind, ServerToClientEvents, StatementsProgressEvent } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../../test/harness';
import { PASSWORD, tenantWorld } from '../../../test/fixtures';
import { binary, pdfText } from '../../../test/pdf-text';
import { AttachmentStore } from '../../tickets/attachments/storage';
import { recordEntries } from '../ledger/billing-entries.repository';
import { generateStatements } from './generate';
import { renderStatementPdf, type StatementDocument } from './pdf';
import { createRenderPool } from './render-pool';
import { DEFAULT_SITE_INFO } from '../../public-pages/site-info.defaults';
import { SmtpSink } from '../../../test/smtp-sink';
import { until } from '../../../test/until';

type World = Awaited<ReturnType<typeof tenantWorld>>;

let env: TestEnv;
let world: World;
let store: AttachmentStore;
let seq = 0;
/** The ordinary SMTP server and the CIT's PEC account: the "statement available" e-mails and the official notices. */
const sink = new SmtpSink();
const pecSink = new SmtpSink();

/** Entries as the producers write them: through the ledger, the only writer of billing entries. */
async function entry(enteId: string, payerId: string, kind: LedgerKind, half: 1 | 2, amountCents: number, description: string, serviceCode: string | null = null) {
  await recordEntries(env.ds, [
    { sourceKey: `test-${seq++}`, enteId, payerEnteId: payerId, serviceRecordId: null, kind, serviceCode, year: 2026, half, description, amountCents, dueOn: '2026-03-31' },
  ]);
}

interface Row {
  id: string;
  payer_ente_id: string;
  total_cents: number;
  entry_count: number;
  consolidated: boolean;
  due_on: string;
  pdf_sha256: string;
}

async function statements(half: 1 | 2): Promise<Row[]> {
  return (await env.ds.query(
    `SELECT id, payer_ente_id, total_cents, entry_count, consolidated, to_char(due_on, 'YYYY-MM-DD') AS due_on, pdf_sha256
       FROM statements WHERE year = 2026 AND half = $1 ORDER BY payer_ente_id`,
    [half],
  )) as Row[];
}

beforeAll(async () => {
  // The worker runs in the API process so that the run endpoint can be followed to the end.
  await Promise.all([sink.start(), pecSink.start()]);
  env = await startTestEnv({ RUN_JOBS: 'true', SMTP_URL: sink.url, PEC_SMTP_URL: pecSink.url, PEC_FROM: 'cit@pec.provincia.brescia.example', MAIL_BACKOFF_MS: '250' });
  world = await tenantWorld(env.ds);
  store = new AttachmentStore(path.resolve(env.config.ATTACHMENTS_DIR));
  await env.ds.query(`UPDATE enti SET capofila_pays = true WHERE id = ANY($1::uuid[])`, [[world.member1, world.member2]]);
  // Alfa pays for itself: 570,00 + 20,00 + 644,56 = 1.234,56 in H1, 70,00 in H2.
  await entry(world.enteA, world.enteA, 'quota', 1, 57_000, 'Quota di adesione 2026');
  await entry(world.enteA, world.enteA, 'annual', 1, 2_000, 'Casella PEC aggiuntiva protocollo@alfa – canone 2026', 'pec');
  await entry(world.enteA, world.enteA, 'usage', 1, 64_456, 'Telemaco: 920 visure oltre la franchigia (gen–giu 2026)', 'telemaco');
  await entry(world.enteA, world.enteA, 'one_off', 2, 7_000, 'Kit di firma digitale aggiuntivo', 'firma_digitale');
  // The Unione pays its own quota and its members' services.
  await entry(world.unione, world.unione, 'quota', 1, 30_000, 'Quota di adesione 2026');
  await entry(world.member1, world.unione, 'annual', 1, 2_000, 'Casella PEC aggiuntiva anagrafe@gammaalta – canone 2026', 'pec');
  await entry(world.member2, world.unione, 'one_off', 1, 7_000, 'Kit di firma digitale aggiuntivo', 'firma_digitale');
  await entry(world.member1, world.unione, 'usage', 2, 1_400, 'Telemaco: 2 visure oltre la franchigia (lug–dic 2026)', 'telemaco');
});

afterAll(async () => {
  await env?.close();
  await Promise.all([sink.stop(), pecSink.stop()]);
});

/** Starts a run as the admin and waits for it to finish. */
async function runHalf(admin: SignedIn, half: 1 | 2): Promise<string> {
  const res = await admin.post('/api/billing/statements/runs', { year: 2026, half }).expect(202);
  const runId = res.body.id as string;
  await until(`run ${runId} done`, async () => {
    const run = (await admin.agent.get(`/api/billing/statements/runs/${runId}`).expect(200)).body as { status: string };
    if (run.status === 'failed') throw new Error('run failed');
    return run.status === 'done' ? true : undefined;
  }, 20_000);
  return runId;
}

describe('half-year statements', () => {
  let alfa: SignedIn;

  test('one statement per payer: Alfa its own lines, the Unione a consolidated one with its members', async () => {
    const result = await generateStatements(env.ds, store, { year: 2026, half: 1, runId: null });
    expect(result).toMatchObject({ total: 2, created: 2, regenerated: 0, unchanged: 0 });
    const rows = await statements(1);
    const byPayer = new Map(rows.map((r) => [r.payer_ente_id, r]));
    expect(byPayer.get(world.enteA)).toMatchObject({ total_cents: 123_456, entry_count: 3, consolidated: false, due_on: '2026-07-31' });
    expect(byPayer.get(world.unione)).toMatchObject({ total_cents: 39_000, entry_count: 3, consolidated: true, due_on: '2026-07-31' });
    // The members pay nothing themselves: no statement of theirs.
    expect(byPayer.has(world.member1)).toBe(false);
    expect(byPayer.has(world.member2)).toBe(false);
    for (const r of rows) expect(await store.exists(r.pdf_sha256)).toBe(true);
  });

  test('running twice creates nothing new; changed entries regenerate only that statement', async () => {
    const before = await statements(1);
    const again = await generateStatements(env.ds, store, { year: 2026, half: 1, runId: null });
    expect(again).toMatchObject({ total: 2, created: 0, regenerated: 0, unchanged: 2, pdfBytes: 0 });
    expect(await statements(1)).toEqual(before);

    await entry(world.enteB, world.enteB, 'one_off', 1, 7_000, 'Kit di firma digitale aggiuntivo', 'firma_digitale');
    const withBeta = await generateStatements(env.ds, store, { year: 2026, half: 1, runId: null });
    expect(withBeta).toMatchObject({ total: 3, created: 1, regenerated: 0, unchanged: 2 });
    await env.ds.query(`DELETE FROM statements WHERE payer_ente_id = $1`, [world.enteB]);
  });

  test('the PDF shows the heading, payer, period, total "€ 1.234,56" and the due date', async () => {
    alfa = await env.signIn('a@alfa.example', PASSWORD);
    const list = await alfa.agent.get('/api/billing/statements?year=2026').expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ payer: { id: world.enteA, name: 'Comune di Alfa' }, half: 1, totalCents: 123_456, dueOn: '2026-07-31' });
    const id = list.body.items[0].id as string;
    const res = await alfa.agent.get(`/api/billing/statements/${id}/pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename=estratto-conto-2026-semestre-1-comune-di-alfa.pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('Provincia di Brescia – CIT Centro Innovazione e Tecnologie');
    expect(text).toContain('Comune di Alfa');
    expect(text).toContain('1° gennaio – 30 giugno 2026');
    expect(text).toContain('€ 1.234,56');
    expect(text).toContain('€ 644,56');
    expect(text).toContain('Quota annuale di adesione');
    expect(text).toContain('31 luglio 2026');
  });

  test("the capofila's PDF groups its members' lines under each Ente", async () => {
    const capofila = await env.signIn('u@gamma.example', PASSWORD);
    const list = await capofila.agent.get('/api/billing/statements?year=2026&half=1').expect(200);
    const own = (list.body.items as Array<{ id: string; payer: { id: string }; consolidated: boolean }>).filter((s) => s.payer.id === world.unione);
    expect(own).toHaveLength(1);
    expect(own[0]!.consolidated).toBe(true);
    const res = await capofila.agent.get(`/api/billing/statements/${own[0]!.id}/pdf`).buffer(true).parse(binary).expect(200);
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('Unione dei Comuni Gamma');
    expect(text).toContain('Comune di Gamma Alta');
    expect(text).toContain('Comune di Gamma Bassa');
    expect(text).toContain('Estratto consolidato');
    expect(text).toContain('€ 390,00');
  });

  test('the job renders on worker threads, byte for byte what this thread renders', async () => {
    // The compiled worker entry: `npm test` builds before it runs the tests.
    const pool = createRenderPool(path.resolve(__dirname, '../../../dist/billing/statements/pdf.worker.js'), 2);
    try {
      const docs: StatementDocument[] = [1, 2, 3].map((n) => ({
        payer: { id: world.enteA, name: `Comune di Alfa ${n}`, fiscalCode: '00000000001', pec: null },
        period: { year: 2026, half: 1 },
        dueOn: '2026-07-31',
        number: n,
        version: 1,
        lines: [{ enteId: world.enteA, enteName: 'Comune di Alfa', enteFiscalCode: '00000000001', kind: 'quota', serviceCode: null, description: 'Quota di adesione 2026', amountCents: 57_000 * n, dueOn: '2026-03-31', budgetChapter: null, assessmentNumber: null, assessmentDate: null, outstandingCents: 57_000 * n }],
        consolidated: false,
        totalCents: 57_000 * n,
        balance: { carriedCents: 0, chargesCents: 57_000 * n, paymentsCents: 0, outstandingCents: 57_000 * n },
        payment: { beneficiary: 'Provincia di Brescia', treasuryAccount: null, iban: null, notes: '', pagopaNoticeCode: null },
        contacts: DEFAULT_SITE_INFO.contacts,
        generatedAt: new Date('2026-07-01T08:00:00Z'),
      }));
      const threaded = await Promise.all(docs.map((d) => pool.render(d)));
      for (const [i, d] of docs.entries()) expect(threaded[i]!.equals(await renderStatementPdf(d))).toBe(true);
      expect(await pdfText(threaded[2]!)).toContain('€ 1.710,00');
    } finally {
      await pool.close();
    }
  });

  test('the CSV has the lines, Excel-style', async () => {
    const list = await alfa.agent.get('/api/billing/statements?year=2026&half=1').expect(200);
    const res = await alfa.agent.get(`/api/billing/statements/${list.body.items[0].id}/csv`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const csv = (res.body as Buffer).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Ente servito;Codice fiscale;Descrizione;Servizio;Tipo;Anno;Semestre;Scadenza;Importo (€);Capitolo;Accertamento;Data accertamento;Residuo (€)');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toMatch(/^Comune di Alfa;\d{11};Quota di adesione 2026;—;Quota di adesione;2026;1;31\/03\/2026;570,00;;;;570,00$/);
    expect(lines.some((l) => l.endsWith(';Canone annuale;2026;1;31/03/2026;20,00;;;;20,00'))).toBe(true);
    expect(lines.some((l) => l.includes('Telemaco: 920 visure') && l.endsWith(';A consumo;2026;1;31/03/2026;644,56;;;;644,56'))).toBe(true);
    expect(lines[4]).toBe('Totale;;;;;;;;1234,56;;;;1234,56');
    // The same balance as the PDF.
    expect(lines[6]).toMatch(/^Estratto conto n\. \d+\/2026;versione 1$/);
    expect(lines.slice(7)).toEqual([
      'Saldo dai semestri precedenti;;;;;;;;0,00',
      'Addebiti del semestre;;;;;;;;1234,56',
      'Pagamenti ricevuti nel semestre;;;;;;;;0,00',
      'Totale da pagare;;;;;;;;1234,56',
    ]);
  });

  test("another Ente's user gets 404 on Alfa's statement and sees none in the list", async () => {
    const [row] = (await statements(1)).filter((r) => r.payer_ente_id === world.enteA);
    const beta = await env.signIn('b@beta.example', PASSWORD);
    await beta.agent.get(`/api/billing/statements/${row!.id}/pdf`).expect(404);
    await beta.agent.get(`/api/billing/statements/${row!.id}/csv`).expect(404);
    expect((await beta.agent.get('/api/billing/statements').expect(200)).body.items).toEqual([]);
    expect((await beta.agent.get(`/api/billing/statements?enteId=${world.enteA}`).expect(200)).body.items).toEqual([]);
    // A member whose capofila pays sees no statement: it pays nothing itself.
    const member = await env.signIn('m@gamma-alta.example', PASSWORD);
    expect((await member.agent.get('/api/billing/statements').expect(200)).body.items).toEqual([]);
    await beta.post('/api/billing/statements/runs', { year: 2026, half: 2 }).expect(403);
  });

  test('the run endpoint answers 202, the job reaches done = total and the staff socket sees the progress', async () => {
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const operator = await env.signIn('op@cit.example', PASSWORD);
    const events: StatementsProgressEvent[] = [];
    const socket: Socket<ServerToClientEvents> = connectClient(env.url, { forceNew: true, reconnection: false, extraHeaders: { cookie: operator.cookie } });
    const alfaSocket: Socket<ServerToClientEvents> = connectClient(env.url, { forceNew: true, reconnection: false, extraHeaders: { cookie: alfa.cookie } });
    const alfaEvents: StatementsProgressEvent[] = [];
    try {
      socket.on('statements.progress', (e) => events.push(e));
      alfaSocket.on('statements.progress', (e) => alfaEvents.push(e));
      await Promise.all([socket, alfaSocket].map((s) => new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      })));

      const res = await admin.post('/api/billing/statements/runs', { year: 2026, half: 2 }).expect(202);
      expect(res.body).toMatchObject({ year: 2026, half: 2, status: 'queued', done: 0 });
      const runId = res.body.id as string;
      const deadline = Date.now() + 20_000;
      let run = res.body as { status: string; done: number; total: number };
      while (run.status !== 'done' && run.status !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        run = (await admin.agent.get(`/api/billing/statements/runs/${runId}`).expect(200)).body;
      }
      expect(run).toMatchObject({ status: 'done', total: 2, done: 2 });
      const rows = await statements(2);
      expect(rows.map((r) => [r.payer_ente_id, r.total_cents, r.consolidated, r.due_on]).sort()).toEqual(
        [
          [world.enteA, 7_000, false, '2027-01-31'],
          [world.unione, 1_400, true, '2027-01-31'],
        ].sort(),
      );
      while (!events.some((e) => e.runId === runId && e.status === 'done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(events).toContainEqual({ runId, done: 2, total: 2, status: 'done' });
      expect(alfaEvents).toEqual([]);

      // A second run of the same half-year finds everything in place.
      const second = await admin.post('/api/billing/statements/runs', { year: 2026, half: 2 }).expect(202);
      let run2 = second.body as { status: string };
      while (run2.status !== 'done' && run2.status !== 'failed' && Date.now() < deadline + 10_000) {
        await new Promise((r) => setTimeout(r, 100));
        run2 = (await admin.agent.get(`/api/billing/statements/runs/${second.body.id as string}`).expect(200)).body;
      }
      expect(run2).toMatchObject({ status: 'done', total: 2, done: 2 });
      expect(await statements(2)).toEqual(rows);
    } finally {
      socket.disconnect();
      alfaSocket.disconnect();
    }
  });

  test('each statement of a run is announced to its payer by PEC and to its referents by e-mail; a payer without PEC is reported to the staff', async () => {
    // The run of the test above (second half-year: Alfa and the Unione).
    const pecOf = async (id: string) => ((await env.ds.query(`SELECT pec FROM enti WHERE id = $1`, [id])) as Array<{ pec: string }>)[0]!.pec;
    const [alfaPec, unionePec] = [await pecOf(world.enteA), await pecOf(world.unione)];
    const [alfaH2] = (await env.ds.query(`SELECT id, number FROM statements WHERE payer_ente_id = $1 AND year = 2026 AND half = 2`, [world.enteA])) as Array<{ id: string; number: number }>;
    const toAlfa = await until('the PEC notice to Alfa', () => pecSink.to(alfaPec).find((m) => /estratto conto/.test(m.subject ?? '')));
    expect(toAlfa.subject).toBe(`Comunicazione ufficiale: estratto conto n. ${alfaH2!.number}/2026 disponibile`);
    expect(toAlfa.from?.value[0]?.address).toBe('cit@pec.provincia.brescia.example');
    expect(toAlfa.text).toContain('Spettabile Comune di Alfa,');
    expect(toAlfa.text).toContain(`è disponibile l’estratto conto n. ${alfaH2!.number}/2026 del 2° semestre 2026 (versione 1): totale da pagare € 1.304,56, con scadenza il 31/01/2027.`);
    // (70,00 of the half-year plus 1.234,56 carried from the first: the statement's «Totale da pagare».)
    expect(toAlfa.text).toContain(`total due €1,304.56, payable by 31 January 2027.`);
    // The statement itself travels with its notice.
    expect(toAlfa.attachments.map((a) => [a.filename, a.contentType, a.content.subarray(0, 5).toString()])).toEqual([
      [`estratto-conto-2026-semestre-2-n${alfaH2!.number}-v1.pdf`, 'application/pdf', '%PDF-'],
    ]);
    await until('the PEC notice to the Unione', () => pecSink.to(unionePec).find((m) => /estratto conto/.test(m.subject ?? '')));
    const [notice] = (await env.ds.query(`SELECT act, status, message_id FROM official_notices WHERE statement_id = $1`, [alfaH2!.id])) as Array<Record<string, string>>;
    expect(notice).toEqual({ act: 'statement', status: 'sent', message_id: toAlfa.messageId });
    // The ordinary e-mail to each payer's referents (the capofila's user for the Unione).
    const mailA = await until('the e-mail to Alfa', () => sink.to('a@alfa.example').find((m) => /Estratto conto n\./.test(m.subject ?? '')));
    expect(mailA.subject).toBe(`Estratto conto n. ${alfaH2!.number}/2026 disponibile`);
    expect(mailA.text).toContain('Gentile a,');
    expect(mailA.text).toContain('/addebiti');
    expect(mailA.text).toContain('La stessa comunicazione è inviata per PEC');
    await until('the e-mail to the Unione', () => sink.to('u@gamma.example').find((m) => /Estratto conto n\./.test(m.subject ?? '')));
    expect(sink.to('m@gamma-alta.example')).toHaveLength(0);

    // The Unione loses its PEC address; a late entry renders its statement again (version 2, a new act).
    await env.ds.query(`UPDATE enti SET pec = NULL WHERE id = $1`, [world.unione]);
    await entry(world.member2, world.unione, 'one_off', 2, 7_000, 'Kit di firma digitale aggiuntivo (dicembre)', 'firma_digitale');
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const pecBefore = pecSink.mails.length;
    await runHalf(admin, 2);
    const [v2] = (await env.ds.query(
      `SELECT n.status, n.reason, s.version FROM official_notices n JOIN statements s ON s.id = n.statement_id
        WHERE s.payer_ente_id = $1 AND s.year = 2026 AND s.half = 2 ORDER BY n.created_at DESC LIMIT 1`,
      [world.unione],
    )) as Array<Record<string, string>>;
    await until('the staff told', () => sink.to('op@cit.example').find((m) => /Comunicazioni ufficiali PEC non inviate/.test(m.subject ?? '')));
    expect(v2).toEqual({ status: 'not_sendable', reason: "l'Ente non ha un indirizzo PEC nei suoi dati", version: expect.any(Number) });
    const staff = sink.to('admin@cit.example').find((m) => /Comunicazioni ufficiali PEC non inviate/.test(m.subject ?? ''));
    expect(staff?.text).toMatch(/Unione dei Comuni Gamma: estratto conto n\. \d+\/2026 – l’Ente non ha un indirizzo PEC nei suoi dati/);
    // Its referent still gets the e-mail (without the PEC sentence); Alfa, unchanged, is not told twice.
    const v2Mail = await until('the e-mail of the new version', () => sink.to('u@gamma.example').find((m) => (m.text ?? '').includes(`(versione ${v2!.version})`)));
    expect(v2Mail.text).not.toContain('PEC');
    expect(pecSink.mails.length).toBe(pecBefore);
    expect(pecSink.to(alfaPec)).toHaveLength(1);
    expect(sink.to('a@alfa.example').filter((m) => /Estratto conto n\./.test(m.subject ?? ''))).toHaveLength(1);
  });
});
