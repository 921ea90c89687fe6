import path from 'node:path';
import type { Response } from 'supertest';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { AttachmentStore } from '../tickets/attachments/storage';
import { recordEntries, type LedgerEntry } from './ledger/billing-entries.repository';
import { generateStatements } from './statements/generate';
import { accountingText } from './statements/pdf';

/** Issue 14, point 6: capitolo, accertamento and residuo on billing entries; what SoftwareCit showed on records. */
describe('billing accounting (capitolo, accertamento, residuo) and service record details', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let ragioneria: SignedIn;
  let operator: SignedIn;
  let alfa: SignedIn;
  let beta: SignedIn;
  const ids: Record<string, string> = {};
  const CHAPTER = '3100936 - SERVIZI INFORMATICI - sviluppo ed utilizzo centro servizio territoriale';

  const entry = (key: string, enteId: string, over: Partial<LedgerEntry> = {}): LedgerEntry => ({
    sourceKey: `test:${key}`,
    enteId,
    payerEnteId: enteId,
    serviceRecordId: null,
    kind: 'quota',
    serviceCode: null,
    year: 2026,
    half: 1,
    description: key,
    amountCents: 10_000,
    dueOn: '2026-03-31',
    ...over,
  });
  const idOf = async (key: string) =>
    ((await env.ds.query(`SELECT id FROM billing_entries WHERE source_key = $1`, [`test:${key}`])) as Array<{ id: string }>)[0]!.id;
  const accounting = async (id: string) =>
    ((await env.ds.query(`SELECT budget_chapter, assessment_number, assessment_date FROM billing_entries WHERE id = $1`, [id])) as Array<{
      budget_chapter: string | null;
      assessment_number: string | null;
      assessment_date: string | null;
    }>)[0];
  const list = async (who: SignedIn, query: Record<string, string | number | boolean> = {}) =>
    (await who.agent.get('/api/billing/entries').query(query).expect(200)).body as {
      items: Array<{ id: string; description: string; budgetChapter: string | null; assessmentNumber: string | null; assessmentDate: string | null; outstandingCents: number }>;
      totals: { assessedCents: number; collectedCents: number; outstandingCents: number };
    };
  const put = (who: SignedIn, id: string, body: object) => who.agent.put(`/api/billing/entries/${id}/accounting`).set('x-csrf-token', who.csrfToken).send(body);
  const csv = (who: SignedIn, text: string) =>
    who.agent.post('/api/billing/accounting').set('x-csrf-token', who.csrfToken).attach('file', Buffer.from(text, 'utf8'), 'accertamenti.csv');

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    await createUser(env.ds, 'ragioneria@cit.example', 'approver');
    [ragioneria, operator, alfa, beta] = await Promise.all([
      env.signIn('ragioneria@cit.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
    ]);
    await recordEntries(env.ds, [
      entry('alfa-quota', world.enteA, { amountCents: 57_000, description: 'Quota di adesione 2026' }),
      entry('alfa-usage', world.enteA, { kind: 'usage', serviceCode: 'telemaco', amountCents: 2_100, description: 'Telemaco: 30 consultazioni oltre la soglia' }),
      entry('alfa-2025', world.enteA, { year: 2025, amountCents: 40_000, description: 'Quota di adesione 2025', dueOn: '2025-03-31' }),
      entry('beta-quota', world.enteB, { amountCents: 57_000, description: 'Quota di adesione 2026 Beta' }),
    ]);
    for (const key of ['alfa-quota', 'alfa-usage', 'alfa-2025', 'beta-quota']) ids[key] = await idOf(key);
  });
  afterAll(() => env.close());

  it('sets capitolo and accertamento on one entry; the Ente sees them with the residuo', async () => {
    const res = await put(ragioneria, ids['alfa-quota']!, { budgetChapter: CHAPTER, assessmentNumber: '1003/2026', assessmentDate: '2026-04-02' });
    expect([res.status, res.body]).toEqual([200, { updated: 1 }]);
    expect(await accounting(ids['alfa-quota']!)).toEqual({ budget_chapter: CHAPTER, assessment_number: '1003/2026', assessment_date: '2026-04-02' });
    const mine = await list(alfa, { year: 2026 });
    expect(mine.items.find((i) => i.id === ids['alfa-quota'])).toMatchObject({
      budgetChapter: CHAPTER,
      assessmentNumber: '1003/2026',
      assessmentDate: '2026-04-02',
      outstandingCents: 57_000,
    });
    // A field left out stays; null clears the accertamento (number and date together).
    await put(ragioneria, ids['alfa-quota']!, { assessmentNumber: null, assessmentDate: null }).expect(200);
    expect(await accounting(ids['alfa-quota']!)).toEqual({ budget_chapter: CHAPTER, assessment_number: null, assessment_date: null });
    await put(ragioneria, ids['alfa-quota']!, { assessmentNumber: '1003/2026', assessmentDate: '2026-04-02' }).expect(200);
  });

  it('refuses bad values with Italian messages naming the field, and changes nothing', async () => {
    const before = await accounting(ids['alfa-usage']!);
    const cases: Array<[object, string, string]> = [
      [{ budgetChapter: 'SERVIZI INFORMATICI' }, 'budgetChapter', 'Capitolo di bilancio'],
      [{ assessmentNumber: '1003/2026' }, 'assessmentDate', 'Numero e data dell’accertamento vanno indicati insieme'],
      [{ assessmentNumber: 'abc', assessmentDate: '2026-04-02' }, 'assessmentNumber', 'Numero di accertamento non valido'],
      [{ assessmentNumber: '12', assessmentDate: '2026-02-30' }, 'assessmentDate', 'Data dell’accertamento non valida'],
      [{ assessmentNumber: '12', assessmentDate: '1999-12-31' }, 'assessmentDate', 'fuori dagli anni ammessi'],
      [{ budgetChapter: 'x'.repeat(201) }, 'budgetChapter', 'al massimo 200 caratteri'],
    ];
    for (const [body, field, message] of cases) {
      const res = await put(ragioneria, ids['alfa-usage']!, body);
      expect([res.status, res.body.error?.details?.fields?.[0]?.path]).toEqual([400, field]);
      expect(res.body.error.details.fields[0].message).toContain(message);
    }
    const empty = await put(ragioneria, ids['alfa-usage']!, {});
    expect([empty.status, empty.body.error?.details?.fields?.[0]]).toEqual([400, { path: 'budgetChapter', message: 'Indicare almeno il capitolo o l’accertamento.' }]);
    expect((await put(ragioneria, '00000000-0000-4000-8000-000000000000', { budgetChapter: CHAPTER })).status).toBe(404);
    expect(await accounting(ids['alfa-usage']!)).toEqual(before);
  });

  it('lets only the CIT accounting (approver, admin) set them', async () => {
    expect((await put(alfa, ids['alfa-quota']!, { budgetChapter: CHAPTER })).status).toBe(403);
    expect((await put(operator, ids['alfa-quota']!, { budgetChapter: CHAPTER })).status).toBe(403);
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    expect((await put(admin, ids['alfa-2025']!, { budgetChapter: '3100936' })).status).toBe(200);
  });

  it('sets them on a selection in bulk, all or none', async () => {
    const bulk = (ids: string[]) =>
      ragioneria.post('/api/billing/entries/accounting', { ids, accounting: { budgetChapter: CHAPTER, assessmentNumber: '77/2026', assessmentDate: '2026-05-04' } });
    const unknown = await bulk([ids['alfa-usage']!, '00000000-0000-4000-8000-000000000000']);
    expect(unknown.status).toBe(404);
    expect((await accounting(ids['alfa-usage']!))?.assessment_number).toBeNull();
    const res = await bulk([ids['alfa-usage']!, ids['beta-quota']!]);
    expect([res.status, res.body]).toEqual([200, { updated: 2 }]);
    expect(await accounting(ids['beta-quota']!)).toEqual({ budget_chapter: CHAPTER, assessment_number: '77/2026', assessment_date: '2026-05-04' });
    expect((await ragioneria.post('/api/billing/entries/accounting', { ids: [], accounting: { budgetChapter: CHAPTER } })).status).toBe(400);
  });

  it('imports them by CSV: an empty cell keeps the value, one bad line imports nothing', async () => {
    const header = 'id_addebito;capitolo;numero_accertamento;data_accertamento';
    const bad = await csv(ragioneria, `${header}\n${ids['alfa-2025']};;88/2025;10/06/2025\n${ids['beta-quota']};;99/2026;\n`);
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'csv_rejected']);
    expect(bad.body.error.details.lines).toEqual([{ line: 3, message: expect.stringContaining('data_accertamento') }]);
    expect((await accounting(ids['alfa-2025']!))?.assessment_number).toBeNull();
    const dup = await csv(ragioneria, `${header}\n${ids['alfa-2025']};;88/2025;10/06/2025\n${ids['alfa-2025']};;89/2025;10/06/2025\n`);
    expect(dup.body.error.details.lines).toEqual([{ line: 3, message: 'addebito già presente alla riga 2' }]);

    const ok = await csv(ragioneria, `${header}\n${ids['alfa-2025']};;88/2025;10/06/2025\n`);
    expect([ok.status, ok.body]).toEqual([200, { rows: 1, entries: 1 }]);
    expect(await accounting(ids['alfa-2025']!)).toEqual({ budget_chapter: '3100936', assessment_number: '88/2025', assessment_date: '2025-06-10' });
    expect(await env.ds.query(`SELECT row_count FROM data_imports WHERE kind = 'accounting'`)).toEqual([{ row_count: 1 }]);
    expect((await csv(alfa, `${header}\n${ids['alfa-2025']};3100936;;\n`)).status).toBe(403);
  });

  it('residuo = accertato − riscosso: 0 once collected, in the entry and in the totals', async () => {
    await ragioneria.post(`/api/billing/entries/${ids['alfa-usage']}/collect`, { actReference: 'Ordinanza di riscossione n. 51 del 09/01/2027', collectedOn: '2027-01-09' }).expect(204);
    const mine = await list(alfa, { year: 2026 });
    expect(mine.items.map((i) => [i.description, i.outstandingCents]).sort()).toEqual([
      ['Quota di adesione 2026', 57_000],
      ['Telemaco: 30 consultazioni oltre la soglia', 0],
    ]);
    expect(mine.totals).toEqual({ assessedCents: 59_100, collectedCents: 2_100, outstandingCents: 57_000 });
  });

  it('filters by capitolo, accertamento present or missing, residuo > 0 and year', async () => {
    const descriptions = async (query: Record<string, string | number | boolean>) => (await list(ragioneria, query)).items.map((i) => i.description).sort();
    expect(await descriptions({ chapter: '3100936 - SERVIZI', year: 2026 })).toEqual([
      'Quota di adesione 2026',
      'Quota di adesione 2026 Beta',
      'Telemaco: 30 consultazioni oltre la soglia',
    ]);
    expect(await descriptions({ chapter: '3100936' })).toEqual([
      'Quota di adesione 2025',
      'Quota di adesione 2026',
      'Quota di adesione 2026 Beta',
      'Telemaco: 30 consultazioni oltre la soglia',
    ]);
    expect(await descriptions({ chapter: '999' })).toEqual([]);
    await put(ragioneria, ids['beta-quota']!, { assessmentNumber: null, assessmentDate: null }).expect(200);
    expect(await descriptions({ assessment: 'missing' })).toEqual(['Quota di adesione 2026 Beta']);
    expect(await descriptions({ assessment: 'present', year: 2025 })).toEqual(['Quota di adesione 2025']);
    expect(await descriptions({ outstanding: true, enteId: world.enteA })).toEqual(['Quota di adesione 2025', 'Quota di adesione 2026']);
    expect(await descriptions({ outstanding: false })).toEqual(['Telemaco: 30 consultazioni oltre la soglia']);
    const bad = await ragioneria.agent.get('/api/billing/entries').query({ assessment: 'forse' });
    expect([bad.status, bad.body.error?.details?.fields?.[0]?.path]).toEqual([400, 'assessment']);
  });

  it('keeps tenants apart: an Ente sees only its own entries, whatever it filters by', async () => {
    expect((await list(beta)).items.map((i) => i.id)).toEqual([ids['beta-quota']]);
    expect((await list(beta, { enteId: world.enteA })).items).toEqual([]);
    expect((await list(beta, { chapter: '3100936', outstanding: true })).items.map((i) => i.id)).toEqual([ids['beta-quota']]);
    expect((await list(alfa)).items.every((i) => i.id !== ids['beta-quota'])).toBe(true);
  });

  it('exports capitolo, accertamento and residuo in the statement CSV', async () => {
    const store = new AttachmentStore(path.resolve(env.config.ATTACHMENTS_DIR));
    await generateStatements(env.ds, store, { year: 2026, half: 1, runId: null });
    const [statement] = (await alfa.agent.get('/api/billing/statements?year=2026&half=1').expect(200)).body.items as Array<{ id: string }>;
    const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    };
    const res = await alfa.agent.get(`/api/billing/statements/${statement!.id}/csv`).buffer(true).parse(binary).expect(200);
    const lines = (res.body as Buffer).toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Ente servito;Codice fiscale;Descrizione;Servizio;Tipo;Anno;Semestre;Scadenza;Importo (€);Capitolo;Accertamento;Data accertamento;Residuo (€)');
    // The lines up to the total (the statement's balance follows it); the due date column aside.
    const total = lines.findIndex((l) => l.startsWith('Totale;'));
    expect(total).toBeGreaterThan(0);
    const withoutDue = (l: string) => l.split(';').filter((_, i) => i !== 7).slice(2);
    expect(lines.slice(1, total + 1).map(withoutDue)).toEqual([
      ['Quota di adesione 2026', '—', 'Quota di adesione', '2026', '1', '570,00', CHAPTER, '1003/2026', '02/04/2026', '570,00'],
      ['Telemaco: 30 consultazioni oltre la soglia', 'Telemaco', 'A consumo', '2026', '1', '21,00', CHAPTER, '77/2026', '04/05/2026', '0,00'],
      ['', '', '', '', '', '591,00', '', '', '', '570,00'],
    ]);
  });

  it('shows on a service record its form, technology partner, dates, notes and one-off amount; staff edit the notes', async () => {
    const [supplier] = (await env.ds.query(`SELECT id FROM suppliers WHERE name = 'Fornitore PEC di prova'`)) as Array<{ id: string }>;
    const [ticket] = (await env.ds.query(
      `INSERT INTO tickets (protocol_year, protocol_number, ente_id, requester_id, opened_by_id, type, category, service_code, urgency, title, description,
         take_charge_minutes, resolve_minutes, queue_due)
       SELECT 2026, 901, $1, u.id, u.id, 'request', 'activation', 'pagopa', 'low', 'pagoPA', 'pagoPA', 420, 2100, now() FROM users u WHERE u.email = 'a@alfa.example'
       RETURNING id, requester_id`,
      [world.enteA],
    )) as Array<{ id: string; requester_id: string }>;
    const [form] = (await env.ds.query(
      `INSERT INTO ticket_attachments (ticket_id, sha256, size, mime, kind, file_name, uploaded_by)
       VALUES ($1, repeat('a', 64), 10, 'application/pdf', 'pdf', 'modulo-pagopa.pdf', $2) RETURNING id`,
      [ticket!.id, ticket!.requester_id],
    )) as Array<{ id: string }>;
    const [record] = (await env.ds.query(
      `INSERT INTO service_records (ente_id, payer_ente_id, service_code, variant, unit_index, convention_period, request_ticket_id, request_unit, request_date,
         protocol, referent_name, referent_email, form_attachment_id, fee_type, free, free_reason, starts_on, ends_on, annual_cents, supplier_id,
         cancellation_protocol, cancellation_requested_on)
       VALUES ($1, $1, 'pagopa', 'partner', 1, '2021-2025', $2, 1, '2025-03-10', '2025/000321', 'Crotti Agnese', 'a@alfa.example', $3, 'annual', false,
         'Servizio a pagamento', '2025-03-10', '2025-12-31', 90000, $4, '2025/000999', '2025-11-20')
       RETURNING id`,
      [world.enteA, ticket!.id, form!.id, supplier!.id],
    )) as Array<{ id: string }>;
    const recordId = record!.id;
    await recordEntries(env.ds, [
      entry('pagopa-activation', world.enteA, { serviceRecordId: recordId, kind: 'activation', serviceCode: 'pagopa', year: 2025, amountCents: 50_000 }),
      entry('pagopa-annual', world.enteA, { serviceRecordId: recordId, kind: 'annual', serviceCode: 'pagopa', year: 2025, amountCents: 90_000 }),
    ]);

    const shown = async (who: SignedIn) =>
      ((await who.agent.get('/api/services/records').query({ status: 'all' }).expect(200)).body.items as Array<Record<string, unknown>>).find((r) => r.id === recordId);
    expect(await shown(alfa)).toMatchObject({
      requestDate: '2025-03-10',
      formAttachmentId: form!.id,
      supplier: { id: supplier!.id, name: 'Fornitore PEC di prova' },
      cancellationProtocol: '2025/000999',
      cancellationRequestedOn: '2025-11-20',
      notes: null,
      oneOffCents: 50_000,
      annualCents: 90_000,
    });

    const notes = (who: SignedIn, body: object) => who.agent.put(`/api/services/records/${recordId}/notes`).set('x-csrf-token', who.csrfToken).send(body);
    const saved = await notes(operator, { notes: '  Partner tecnologico Maggioli; rinnovo da confermare.  ' });
    expect([saved.status, saved.body]).toEqual([200, { notes: 'Partner tecnologico Maggioli; rinnovo da confermare.' }]);
    expect((await shown(alfa))?.notes).toBe('Partner tecnologico Maggioli; rinnovo da confermare.');
    expect((await notes(alfa, { notes: 'mia nota' })).status).toBe(403);
    const tooLong = await notes(operator, { notes: 'x'.repeat(4001) });
    expect([tooLong.status, tooLong.body.error?.details?.fields?.[0]?.path]).toEqual([400, 'notes']);
    expect((await operator.agent.put('/api/services/records/00000000-0000-4000-8000-000000000000/notes').set('x-csrf-token', operator.csrfToken).send({ notes: 'x' })).status).toBe(404);
    await notes(operator, { notes: null }).expect(200);
    expect((await shown(operator))?.notes).toBeNull();
    // Beta never sees Alfa's record, its partner or its notes.
    expect(await shown(beta)).toBeUndefined();
  });
});

describe('accountingText (the line under each entry of the statement PDF)', () => {
  it('writes the accertamento with its Italian date, then the capitolo; nothing when neither is set', () => {
    expect(accountingText({ budgetChapter: '3100936 - SERVIZI INFORMATICI', assessmentNumber: '1003/2015', assessmentDate: '2015-08-05' })).toBe(
      'Accertamento n. 1003/2015 del 05/08/2015 – capitolo 3100936 - SERVIZI INFORMATICI',
    );
    expect(accountingText({ budgetChapter: '3100936', assessmentNumber: null, assessmentDate: null })).toBe('Capitolo 3100936');
    expect(accountingText({ budgetChapter: null, assessmentNumber: null, assessmentDate: null })).toBe('');
  });
});
