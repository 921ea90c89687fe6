import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';

/** The body of a download as rows of cells (header first). */
function csvRows(body: Buffer): string[][] {
  return parse(body, { bom: true, delimiter: ';' }) as string[][];
}

async function xlsxRows(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void }, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('list exports (…/export/{csv,xlsx})', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let beta: SignedIn;
  let op: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    const as = (email: string) => env.signIn(email, PASSWORD);
    [alfa, beta, op, admin] = await Promise.all([as('a@alfa.example'), as('b@beta.example'), as('op@cit.example'), as('admin@cit.example')]);
    const open = (who: SignedIn, title: string, urgency: string) =>
      who.post('/api/tickets', { type: 'incident', category: 'assistance', urgency, title, description: 'Descrizione; con "virgolette" e punto e virgola.' }).expect(201);
    await open(alfa, 'Stampante; bloccata "di nuovo"', 'high');
    await open(alfa, 'PEC non riceve', 'low');
    await open(beta, 'Segreto di Beta', 'high');
  });
  afterAll(() => env.close());

  const download = (who: SignedIn, url: string) => who.agent.get(url).buffer(true).parse(binary);

  it('exports the Ente’s own tickets with the list’s filters, as CSV and as XLSX', async () => {
    const csv = await download(alfa, '/api/tickets/export/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="ticket-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = csvRows(csv.body as Buffer);
    expect(rows[0]).toEqual([
      'Protocollo', 'Ente', 'Tipo', 'Categoria', 'Servizio', 'Urgenza', 'Titolo', 'Stato', 'Gruppo', 'Assegnatario', 'Fornitore', 'Canale',
      'Aperto il', 'Aggiornato il', 'Scadenza risoluzione', 'Stato SLA', 'Etichette',
    ]);
    // Newest first, like the Ente's list; separators and quotes survive the round trip; nothing of Beta.
    expect(rows.slice(1).map((r) => [r[1], r[6], r[5], r[7]])).toEqual([
      ['Comune di Alfa', 'PEC non riceve', 'low', 'new'],
      ['Comune di Alfa', 'Stampante; bloccata "di nuovo"', 'high', 'new'],
    ]);
    expect(rows[1]![0]).toMatch(/^\d{4}\/\d{6}$/);
    expect(rows[1]![12]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const filtered = csvRows((await download(alfa, '/api/tickets/export/csv?urgency=high')).body as Buffer);
    expect(filtered.slice(1).map((r) => r[6])).toEqual(['Stampante; bloccata "di nuovo"']);

    const xlsx = await download(alfa, '/api/tickets/export/xlsx?urgency=high,low&sort=oldest');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await xlsxRows(xlsx.body as Buffer);
    expect(sheet[0]?.[0]).toBe('Protocollo');
    expect(sheet.slice(1).map((r) => r[6])).toEqual(['Stampante; bloccata "di nuovo"', 'PEC non riceve']);
  });

  it('keeps another Ente’s tickets out whatever the filter, and gives the staff every Ente', async () => {
    const foreign = csvRows((await download(alfa, `/api/tickets/export/csv?enteId=${world.enteB}`)).body as Buffer);
    expect(foreign).toHaveLength(1);
    const all = csvRows((await download(op, '/api/tickets/export/csv?sort=oldest')).body as Buffer);
    expect(all.slice(1).map((r) => r[1]).sort()).toEqual(['Comune di Alfa', 'Comune di Alfa', 'Comune di Beta']);
    const empty = await download(beta, '/api/tickets/export/xlsx?urgency=low');
    expect(await xlsxRows(empty.body as Buffer)).toHaveLength(1);
  });

  it('refuses bad filters and formats with a 400 naming the field, before any byte of file', async () => {
    const badFilter = await alfa.agent.get('/api/tickets/export/csv?urgency=panic&createdFrom=ieri');
    expect(badFilter.status).toBe(400);
    expect(badFilter.headers['content-type']).toMatch(/application\/json/);
    expect(new Set(badFilter.body.error.details.fields.map((f: { path: string }) => f.path.split('.')[0]))).toEqual(new Set(['createdFrom', 'urgency']));
    const badFormat = await alfa.agent.get('/api/tickets/export/pdf');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.details.fields).toEqual([{ path: 'format', message: 'Formato non valido: csv o xlsx.' }]);
    expect((await env.agent().get('/api/tickets/export/csv')).status).toBe(401);
  });

  it('exports the audit log to the admins only, with its filters', async () => {
    await admin.post('/api/admin/announcements', { title: 'Per il registro', severity: 'info', startsAt: '2026-01-01T08:00:00Z', endsAt: '2099-01-01T08:00:00Z', allEnti: true }).expect(201);
    const csv = csvRows((await download(admin, '/api/admin/audit/export/csv?entity=announcements')).body as Buffer);
    expect(csv[0]).toEqual(['Numero', 'Data e ora', 'Autore', 'E-mail autore', 'Indirizzo IP', 'Archivio', 'Record', 'Azione', 'Prima', 'Dopo']);
    expect(csv.slice(1).map((r) => [r[2], r[5], r[7]])).toEqual([['admin', 'announcements', 'publish']]);
    expect(JSON.parse(csv[1]![9]!)).toMatchObject({ title: 'Per il registro' });
    expect((await alfa.agent.get('/api/admin/audit/export/csv')).status).toBe(403);
    expect((await op.agent.get('/api/admin/audit/export/xlsx')).status).toBe(403);
    expect((await admin.agent.get('/api/admin/audit/export/csv?from=2026-02-01&to=2026-01-01')).status).toBe(400);
  });

  it('exports billing entries (amounts with a decimal comma in CSV, numbers in XLSX), statements and Enti within the caller’s scope', async () => {
    await env.ds.query(
      `INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, kind, year, half, description, amount_cents, due_on)
       VALUES ('x:alfa', $1, $1, 'annual', 2026, 1, 'Canone PEC 2026', 12345, '2026-03-31'), ('x:beta', $2, $2, 'annual', 2026, 1, 'Canone PEC Beta', 999, NULL)`,
      [world.enteA, world.enteB],
    );
    const csv = csvRows((await download(alfa, '/api/billing/entries/export/csv?year=2026')).body as Buffer);
    expect(csv.slice(1).map((r) => [r[0], r[6], r[7], r[9]])).toEqual([['Comune di Alfa', 'Canone PEC 2026', '123,45', '2026-03-31']]);
    const sheet = await xlsxRows((await download(op, '/api/billing/entries/export/xlsx?year=2026')).body as Buffer);
    expect(sheet.slice(1).map((r) => [r[0], r[7]]).sort()).toEqual([['Comune di Alfa', '123.45'], ['Comune di Beta', '9.99']]);
    expect((await alfa.agent.get('/api/billing/entries/export/csv?year=20x6')).status).toBe(400);

    const statements = csvRows((await download(alfa, '/api/billing/statements/export/csv')).body as Buffer);
    expect(statements).toEqual([
      ['Numero', 'Anno', 'Semestre', 'Ente pagante', 'Voci', 'Totale semestre (euro)', 'Riportato (euro)', 'Pagamenti (euro)', 'Da pagare (euro)', 'Scadenza', 'Codice avviso pagoPA', 'Generato il'],
    ]);
    expect((await alfa.agent.get('/api/billing/statements/export/csv?half=3')).status).toBe(400);

    const enti = csvRows((await download(alfa, '/api/enti/export/csv')).body as Buffer);
    expect(enti.slice(1).map((r) => r[0])).toEqual(['Comune di Alfa']);
    const gamma = csvRows((await download(op, '/api/enti/export/csv?q=gamma')).body as Buffer);
    expect(gamma.slice(1).map((r) => [r[0], r[6]])).toEqual([
      ['Comune di Gamma Alta', 'Unione dei Comuni Gamma'],
      ['Comune di Gamma Bassa', 'Unione dei Comuni Gamma'],
      ['Unione dei Comuni Gamma', ''],
    ]);
    expect((await env.agent().get('/api/enti/export/xlsx')).status).toBe(401);

    const records = csvRows((await download(alfa, '/api/services/records/export/csv?status=all')).body as Buffer);
    expect(records[0]?.slice(0, 3)).toEqual(['Ente', 'Ente pagante', 'Servizio']);
    expect(records).toHaveLength(1);
    // Another Ente's services: refused like a missing Ente, as the list does.
    expect((await alfa.agent.get(`/api/services/records/export/csv?enteId=${world.enteB}`)).status).toBe(404);
    expect((await alfa.agent.get('/api/services/records/export/xlsx?status=finiti')).status).toBe(400);
  });

  it('exports the survey answers (score and comment) to the staff, with the list’s filters and a cursor refused', async () => {
    const tickets = (await env.ds.query(`SELECT id, title, ente_id FROM tickets ORDER BY title`)) as Array<{ id: string; title: string; ente_id: string }>;
    const answer = (title: string, score: number, comment: string | null, at: string) => {
      const t = tickets.find((x) => x.title === title)!;
      return env.ds.query(`INSERT INTO ticket_surveys (ticket_id, ente_id, service_code, score, comment, answered_at) VALUES ($1, $2, 'pec', $3, $4, $5)`, [t.id, t.ente_id, score, comment, at]);
    };
    await answer('PEC non riceve', 2, 'Lento; "molto" lento', '2026-11-30T23:30:00Z'); // 1 December in Italy
    await answer('Segreto di Beta', 5, null, '2026-11-15T10:00:00Z');
    await answer('Stampante; bloccata "di nuovo"', 4, 'Tutto bene', '2026-10-01T08:00:00Z');

    const csv = await download(op, '/api/surveys/answers/export/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="questionari-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = csvRows(csv.body as Buffer);
    expect(rows[0]).toEqual(['Risposto il', 'Protocollo', 'Ente', 'Servizio', 'Operatore', 'Voto', 'Commento', 'Titolo del ticket']);
    // Newest first, times in Italian time, separators and quotes kept.
    expect(rows.slice(1).map((r) => [r[0], r[2], r[5], r[6], r[7]])).toEqual([
      ['2026-12-01 00:30', 'Comune di Alfa', '2', 'Lento; "molto" lento', 'PEC non riceve'],
      ['2026-11-15 11:00', 'Comune di Beta', '5', '', 'Segreto di Beta'],
      ['2026-10-01 10:00', 'Comune di Alfa', '4', 'Tutto bene', 'Stampante; bloccata "di nuovo"'],
    ]);
    // The same filters as the list (Italian days, Ente, score), the same rows in both.
    const filter = `from=2026-11-01&to=2026-12-01&enteId=${world.enteA}`;
    const sheet = await xlsxRows((await download(admin, `/api/surveys/answers/export/xlsx?${filter}`)).body as Buffer);
    expect(sheet.slice(1).map((r) => [r[5], r[6]])).toEqual([['2', 'Lento; "molto" lento']]);
    const list = await op.agent.get(`/api/surveys/answers?${filter}`).expect(200);
    expect(list.body.items.map((a: { score: number; comment: string }) => [a.score, a.comment])).toEqual([[2, 'Lento; "molto" lento']]);
    // The list pages with its cursor; the export has every row and refuses one.
    const first = await op.agent.get('/api/surveys/answers?limit=2').expect(200);
    expect(first.body.items.map((a: { score: number }) => a.score)).toEqual([2, 5]);
    const second = await op.agent.get(`/api/surveys/answers?limit=2&cursor=${first.body.nextCursor as string}`).expect(200);
    expect([second.body.items.map((a: { score: number }) => a.score), second.body.nextCursor]).toEqual([[4], null]);
    const withCursor = await op.agent.get(`/api/surveys/answers/export/csv?cursor=${first.body.nextCursor as string}`);
    expect(withCursor.status).toBe(400);
    expect(withCursor.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['cursor']);
    // Staff only; bad filters named.
    expect((await alfa.agent.get('/api/surveys/answers/export/csv')).status).toBe(403);
    expect((await alfa.agent.get('/api/surveys/answers')).status).toBe(403);
    const bad = await op.agent.get('/api/surveys/answers/export/xlsx?score=6&from=2026-12-02&to=2026-12-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['score', 'to']);
    expect((await op.agent.get('/api/surveys/answers?cursor=bm9wZQ')).status).toBe(400);
    const crafted = Buffer.from(JSON.stringify(['2026-02-30T10:00:00.000000Z', tickets[0]!.id])).toString('base64url');
    expect((await op.agent.get(`/api/surveys/answers?cursor=${crafted}`)).status).toBe(400);
  });

  /** Enough rows that an export is still running when its database session is killed (added once). */
  let bulk: Promise<void> | undefined;
  const manyTickets = () =>
    (bulk ??= (async () => {
      const [template] = (await env.ds.query(`SELECT id FROM tickets WHERE title = 'PEC non riceve'`)) as Array<{ id: string }>;
      const columns = (
        (await env.ds.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'tickets' AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'protocol_number')`,
        )) as Array<{ column_name: string }>
      ).map((c) => `"${c.column_name}"`);
      await env.ds.query(
        `INSERT INTO tickets (id, protocol_number, ${columns.join(', ')})
         SELECT gen_random_uuid(), 100000 + g, ${columns.map((c) => `t.${c}`).join(', ')} FROM tickets t, generate_series(1, 60000) g WHERE t.id = $1`,
        [template!.id],
      );
    })());

  it.each(['csv', 'xlsx'])('aborts the %s download when the database fails midway, so no partial file passes for complete', async (format) => {
    await manyTickets();
    const res = await fetch(`${env.url}/api/tickets/export/${format}`, { headers: { cookie: alfa.cookie } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The server waits on the full socket; its cursor's session ends meanwhile.
    const killed = (await env.ds.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%to_char%Europe/Rome%'`,
    )) as Array<{ ok: boolean }>;
    expect(killed.some((k) => k.ok)).toBe(true);
    let received = first.value!.length;
    const drained = (async () => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return 'complete';
        received += chunk.value.length;
      }
    })();
    await expect(drained).rejects.toThrow();
    expect(received).toBeGreaterThan(0);
    // The API is fine afterwards, and the pool has not lost its connections.
    expect((await alfa.agent.get('/api/tickets?limit=1')).status).toBe(200);
  }, 60_000);
});
