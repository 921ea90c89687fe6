import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../test/fixtures';
import { assessMembershipQuotas } from '../billing/quota';

describe('residents per year: edit, ISTAT import with preview, refusal when the year is missing', () => {
  let env: TestEnv;
  let admin: SignedIn;
  /** 200 Comuni of the test province, ISTAT codes 017001…017200, 3,000 residents on file for every year. */
  const comuni: Array<{ id: string; code: string; name: string }> = [];

  const residentsOf = async (enteId: string, year: number) =>
    ((await env.ds.query(`SELECT residents FROM ente_population WHERE ente_id = $1 AND as_of_year = $2`, [enteId, year])) as Array<{
      residents: number;
    }>)[0]?.residents ?? null;
  const preview = (csv: string, year = 2026, name = 'popolazione.csv') =>
    admin.agent
      .post('/api/enti/population-imports/preview')
      .set('x-csrf-token', admin.csrfToken)
      .field('year', String(year))
      .attach('file', Buffer.from(csv, 'utf8'), name);
  const post = (path: string, body?: object) => admin.agent.post(path).set('x-csrf-token', admin.csrfToken).send(body ?? {});
  const put = (path: string, body: object) => admin.agent.put(path).set('x-csrf-token', admin.csrfToken).send(body);

  /** Residents that walk every band: 1,000 up to about 20,000, line by line. */
  const newResidents = (i: number) => 1000 + i * 97;
  /** The province file as ISTAT publishes it: BOM, «;», quoted names (one holding the separator), codes without the leading zero for some. */
  const provinceCsv = () =>
    '\uFEFFCodice comune;Denominazione;Popolazione al 31 dicembre\r\n' +
    comuni
      .map((c, i) => `${i % 2 ? c.code : Number(c.code)};"${c.name}${i === 7 ? '; frazione' : ''}";${i === 3 ? 3000 : newResidents(i)}`)
      .join('\r\n');

  beforeAll(async () => {
    env = await startTestEnv();
    await createUser(env.ds, 'anagrafe@cit.example', 'admin');
    admin = await env.signIn('anagrafe@cit.example', PASSWORD);
    for (let i = 0; i < 200; i++) {
      const name = `Comune di Provincia ${String(i + 1).padStart(3, '0')}`;
      const id = await createEnte(env.ds, name);
      const code = `017${String(i + 1).padStart(3, '0')}`;
      await env.ds.query(`UPDATE enti SET istat_code = $2 WHERE id = $1`, [id, code]);
      comuni.push({ id, code, name });
    }
  });
  afterAll(() => env.close());

  it('previews the province file with the 2027 quota before and after and the band moves, and changes nothing until applied', async () => {
    const res = await preview(provinceCsv()).expect(201);
    expect(res.body).toMatchObject({ asOfYear: 2026, quotaYear: 2027, lines: 200, unchanged: 1 });
    expect(res.body.changes).toHaveLength(199);
    // Comune 61 goes from 3,000 to 6,820 residents: from the first band to the second.
    const moved = (res.body.changes as Array<Record<string, unknown>>).find((c) => (c.ente as { id: string }).id === comuni[60]!.id);
    expect(moved).toMatchObject({
      line: 62,
      before: { residents: 3000, businesses: 250 },
      after: { residents: 6820, businesses: 250 },
      quotaBefore: { amountCents: 57000, band: '0–5.000', residentsYear: 2026 },
      quotaAfter: { amountCents: 119400, band: '5.001–10.000', residentsYear: 2026 },
      bandChanged: true,
    });
    const within = (res.body.changes as Array<Record<string, unknown>>).find((c) => (c.ente as { id: string }).id === comuni[1]!.id);
    expect(within).toMatchObject({ after: { residents: 1097 }, bandChanged: false });
    expect(res.body.bandChanges).toBe((res.body.changes as Array<{ bandChanged: boolean }>).filter((c) => c.bandChanged).length);
    expect(res.body.bandChanges).toBeGreaterThan(100);

    expect(await residentsOf(comuni[60]!.id, 2026)).toBe(3000);

    const applied = await post(`/api/enti/population-imports/${res.body.id as string}/apply`).expect(200);
    expect(applied.body).toEqual({ id: res.body.id, asOfYear: 2026, applied: 199 });
    expect(await residentsOf(comuni[60]!.id, 2026)).toBe(6820);
    expect(await residentsOf(comuni[3]!.id, 2026)).toBe(3000);
    // Other years are not touched.
    expect(await residentsOf(comuni[60]!.id, 2025)).toBe(3000);
    const audit = (await env.ds.query(
      `SELECT record_id, before, after, actor_name FROM audit_log WHERE entity = 'ente_population' AND action = 'import' ORDER BY record_id`,
    )) as Array<{ record_id: string; before: { residents: number }; after: { residents: number; version: number }; actor_name: string }>;
    expect(audit).toHaveLength(199);
    const entry = audit.find((a) => a.record_id === `${comuni[60]!.id}:2026`);
    expect(entry).toMatchObject({ before: { residents: 3000 }, after: { residents: 6820, version: 1 } });

    const again = await post(`/api/enti/population-imports/${res.body.id as string}/apply`).expect(409);
    expect(again.body.error.code).toBe('import_applied');
  });

  it('refuses to apply a preview whose figures changed meanwhile, and writes nothing', async () => {
    const csv = 'codice_istat,denominazione,abitanti,imprese\n017010,Comune 10,4100,300\n017011,Comune 11,4200,310\n';
    const res = await preview(csv, 2027).expect(201);
    expect(res.body.changes).toHaveLength(2);
    expect(res.body.changes[0]).toMatchObject({ before: { residents: 3000 }, after: { residents: 4100, businesses: 300 } });
    const [current] = (await env.ds.query(`SELECT version FROM ente_population WHERE ente_id = $1 AND as_of_year = 2027`, [comuni[10]!.id])) as Array<{
      version: number;
    }>;
    await put(`/api/enti/${comuni[10]!.id}/population/2027`, { residents: 5000, businesses: 320, version: current!.version }).expect(200);
    const stale = await post(`/api/enti/population-imports/${res.body.id as string}/apply`).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'import_stale', details: { enteIds: [comuni[10]!.id] } });
    expect(await residentsOf(comuni[9]!.id, 2027)).toBe(3000);
    expect(await residentsOf(comuni[10]!.id, 2027)).toBe(5000);
  });

  it('rejects a bad file naming the line and the field, all or nothing', async () => {
    const bad = await preview('Codice comune;Denominazione;Popolazione\n017001;Uno;1200\n017002;Due;mille\n017999;Sconosciuto;300\n017001;Uno bis;1300\n').expect(400);
    expect(bad.body.error.code).toBe('csv_rejected');
    expect(bad.body.error.details.lines).toEqual([{ line: 3, message: expect.stringMatching(/^abitanti: numero intero atteso/) }]);
    const dup = await preview('Codice comune;Denominazione;Popolazione\n017001;Uno;1200\n017001;Uno bis;1300\n').expect(400);
    expect(dup.body.error.details.lines).toEqual([{ line: 3, message: 'codice_istat: 017001 già presente alla riga 2' }]);
    const unknown = await preview('Codice comune;Denominazione;Popolazione\n017001;Uno;1200\n017999;Sconosciuto;300\n').expect(400);
    expect(unknown.body.error.details.lines).toEqual([{ line: 3, message: expect.stringContaining('nessun Ente con codice ISTAT 017999') }]);
    const header = await preview('Comune;Maschi;Femmine\nUno;600;600\n').expect(400);
    expect(header.body.error.details.lines).toEqual([
      { line: 1, message: expect.stringContaining('manca la colonna codice ISTAT') },
      { line: 1, message: expect.stringContaining('manca la colonna popolazione') },
    ]);
    expect((await env.ds.query(`SELECT count(*)::int AS n FROM population_imports WHERE as_of_year = 2026`)) as unknown).toEqual([{ n: 1 }]);
    expect(await residentsOf(comuni[0]!.id, 2026)).toBe(1000);
  });

  it('edits one year with versions and audit entries; a stale version is refused', async () => {
    const ente = comuni[20]!.id;
    await env.ds.query(`DELETE FROM ente_population WHERE ente_id = $1 AND as_of_year = 2031`, [ente]);
    const created = await put(`/api/enti/${ente}/population/2031`, { residents: 4321, businesses: 400 }).expect(200);
    expect(created.body).toEqual({ enteId: ente, asOfYear: 2031, residents: 4321, businesses: 400, version: 0 });
    const dup = await put(`/api/enti/${ente}/population/2031`, { residents: 1, businesses: 1 }).expect(409);
    expect(dup.body.error.code).toBe('stale_version');
    const updated = await put(`/api/enti/${ente}/population/2031`, { residents: 4400, businesses: 401, version: 0 }).expect(200);
    expect(updated.body.version).toBe(1);
    const stale = await put(`/api/enti/${ente}/population/2031`, { residents: 1, businesses: 1, version: 0 }).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { residents: 4400, version: 1 } } });
    expect(stale.body.error.message).toContain('da anagrafe il');
    const negative = await put(`/api/enti/${ente}/population/2031`, { residents: -1, businesses: 1, version: 1 }).expect(400);
    expect(negative.body.error.details.fields).toEqual([{ path: 'residents', message: 'Abitanti: non può essere negativo.' }]);
    const badYear = await put(`/api/enti/${ente}/population/1e3`, { residents: 1, businesses: 1 }).expect(400);
    expect(badYear.body.error.details.fields).toEqual([{ path: 'year', message: 'Anno (31 dicembre): numero intero atteso.' }]);
    await admin.agent.delete(`/api/enti/${ente}/population/2031`).set('x-csrf-token', admin.csrfToken).send({ version: 1 }).expect(204);
    const actions = (await env.ds.query(`SELECT action FROM audit_log WHERE record_id = $1 ORDER BY id`, [`${ente}:2031`])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    const list = await admin.agent.get(`/api/enti/${ente}/population`).expect(200);
    expect((list.body.items as Array<{ asOfYear: number }>).map((p) => p.asOfYear)).not.toContain(2031);
  });

  it('refuses the quota of a Comune whose residents of the year before are missing, with no fallback to an older year', async () => {
    const comune = await createEnte(env.ds, 'Comune di Senzabitanti');
    const unione = await createEnte(env.ds, 'Unione Senzabitanti', 'unione_comuni');
    await env.ds.query(`DELETE FROM ente_population WHERE ente_id = ANY($1::uuid[]) AND as_of_year = 2028`, [[comune, unione]]);
    const report = await assessMembershipQuotas(env.ds, 2029);
    expect(report.problems).toContainEqual({
      enteId: comune,
      name: 'Comune di Senzabitanti',
      reason: 'Mancano gli abitanti al 31/12/2028 del Comune di Senzabitanti: inseriscili in Amministrazione → Enti prima di calcolare la quota 2029.',
    });
    // The Unione pays the fixed quota: its residents are not asked for.
    expect(report.problems.map((p) => p.enteId)).not.toContain(unione);
    const billed = (await env.ds.query(`SELECT ente_id FROM billing_entries WHERE kind = 'quota' AND year = 2029 AND ente_id = ANY($1::uuid[])`, [
      [comune, unione],
    ])) as Array<{ ente_id: string }>;
    expect(billed).toEqual([{ ente_id: unione }]);
  });
});
