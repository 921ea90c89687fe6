import path from 'node:path';
import type { LedgerKind } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { PASSWORD, tenantWorld } from '../../../test/fixtures';
import { binary, pdfText } from '../../../test/pdf-text';
import { AttachmentStore } from '../../tickets/attachments/storage';
import { markCollected, recordEntries } from '../ledger/billing-entries.repository';
import { generateStatements } from './generate';

/**
 * Three half-years of one payer with partial payments: each statement's balance is computed as at the end of its
 * half-year, chains into the next, and is printed on the PDF (read back as text) and in the CSV.
 */
describe('statement balance over three half-years, with partial payments', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let store: AttachmentStore;
  let seq = 0;
  const ids: Record<string, string> = {};

  async function entry(key: string, year: number, half: 1 | 2, kind: LedgerKind, amountCents: number, dueOn: string) {
    await recordEntries(env.ds, [
      { sourceKey: `balance-${seq++}`, enteId: world.enteB, payerEnteId: world.enteB, serviceRecordId: null, kind, serviceCode: null, year, half, description: key, amountCents, dueOn },
    ]);
    const [row] = (await env.ds.query(`SELECT id FROM billing_entries WHERE description = $1`, [key])) as Array<{ id: string }>;
    ids[key] = row!.id;
  }
  const pay = async (key: string, collectedOn: string) => {
    expect(await markCollected(env.ds, [{ id: ids[key]!, collectedOn, act: `Reversale ${key}` }], world.users.admin)).toHaveLength(1);
  };
  const row = async (year: number, half: 1 | 2) =>
    ((await env.ds.query(
      `SELECT id, number, version, total_cents, carried_cents::int AS carried, payments_cents::int AS payments, outstanding_cents::int AS outstanding
         FROM statements WHERE payer_ente_id = $1 AND year = $2 AND half = $3`,
      [world.enteB, year, half],
    )) as Array<{ id: string; number: number; version: number; total_cents: number; carried: number; payments: number; outstanding: number }>)[0]!;
  const generate = (year: number, half: 1 | 2) => generateStatements(env.ds, store, { year, half, runId: null });

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    store = new AttachmentStore(path.resolve(env.config.ATTACHMENTS_DIR));
    await entry('Quota di adesione 2026', 2026, 1, 'quota', 57_000, '2026-03-31');
    await entry('Canone PEC 2026', 2026, 1, 'annual', 12_000, '2026-03-31');
    await entry('Kit di firma', 2026, 1, 'one_off', 3_000, '2026-05-30');
    await entry('Telemaco lug–dic 2026', 2026, 2, 'usage', 20_000, '2027-01-31');
    await entry('Kit di firma bis', 2026, 2, 'one_off', 5_000, '2026-10-15');
    await entry('Quota di adesione 2027', 2027, 1, 'quota', 60_000, '2027-03-31');
    await pay('Quota di adesione 2026', '2026-05-10');
    await pay('Canone PEC 2026', '2026-09-15');
    await pay('Kit di firma bis', '2026-11-30');
    await pay('Quota di adesione 2027', '2027-03-31');
    await pay('Telemaco lug–dic 2026', '2027-02-01');
  });
  afterAll(() => env.close());

  it('carries, subtracts the payments of each half-year and chains one outstanding into the next carried', async () => {
    await generate(2026, 1);
    await generate(2026, 2);
    await generate(2027, 1);
    const h1 = await row(2026, 1);
    const h2 = await row(2026, 2);
    const h3 = await row(2027, 1);
    expect([h1.carried, h1.total_cents, h1.payments, h1.outstanding]).toEqual([0, 72_000, 57_000, 15_000]);
    expect([h2.carried, h2.total_cents, h2.payments, h2.outstanding]).toEqual([15_000, 25_000, 17_000, 23_000]);
    expect([h3.carried, h3.total_cents, h3.payments, h3.outstanding]).toEqual([23_000, 60_000, 80_000, 3_000]);
    // Numbers are unique within a year, versions start at 1.
    expect(h1.number).not.toBe(h2.number);
    expect([h1.version, h2.version, h3.version]).toEqual([1, 1, 1]);
  });

  it('prints the balance, the due date of each line, the number, the payment instructions and the page numbers', async () => {
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const put = (url: string, body: object) => admin.agent.put(url).set('x-csrf-token', admin.csrfToken).send(body);
    const settings = (await admin.agent.get('/api/billing/statements/payment-settings').expect(200)).body as { version: number };
    const wrongIban = await put('/api/billing/statements/payment-settings', {
      beneficiary: 'Provincia di Brescia',
      treasuryAccount: '0060123',
      iban: 'IT61 X054 2811 1010 0000 0123 456',
      version: settings.version,
    }).expect(400);
    expect(wrongIban.body.error.details.fields).toEqual([{ path: 'iban', message: expect.stringMatching(/cifre di controllo/) }]);
    await put('/api/billing/statements/payment-settings', {
      beneficiary: 'Provincia di Brescia',
      treasuryAccount: '0060123',
      iban: 'it60 x054 2811 1010 0000 0123 456',
      version: settings.version,
    }).expect(200);
    // Someone else's version is refused, naming who saved first.
    await put('/api/billing/statements/payment-settings', { beneficiary: 'Altro', treasuryAccount: null, iban: null, version: settings.version }).expect(409);
    const [audit] = (await env.ds.query(`SELECT after->>'iban' AS iban FROM audit_log WHERE entity = 'payment_settings'`)) as Array<{ iban: string }>;
    expect(audit?.iban).toBe('IT60X0542811101000000123456');

    const h2 = await row(2026, 2);
    const badCode = await put(`/api/billing/statements/${h2.id}/pagopa`, { noticeCode: '9123' }).expect(400);
    expect(badCode.body.error.details.fields[0].path).toBe('noticeCode');
    const withCode = await put(`/api/billing/statements/${h2.id}/pagopa`, { noticeCode: '3010 0000 0000 0123 45' }).expect(200);
    expect(withCode.body).toMatchObject({ number: h2.number, version: 2, pagopaNoticeCode: '301000000000012345' });
    // A payment inside the half-year, recorded late: the statement is rendered again with the same number.
    await env.ds.query(`UPDATE billing_entries SET status = 'assessed', collected_on = NULL, act_reference = NULL, collected_by = NULL WHERE id = $1`, [
      ids['Telemaco lug–dic 2026'],
    ]);
    await pay('Telemaco lug–dic 2026', '2026-12-20');
    const before = await row(2026, 2);
    expect(await generate(2026, 2)).toMatchObject({ regenerated: 1 });
    const after = await row(2026, 2);
    expect({ number: after.number, version: after.version, payments: after.payments, outstanding: after.outstanding }).toEqual({
      number: before.number,
      version: 3,
      payments: 37_000,
      outstanding: 3_000,
    });

    const beta = await env.signIn('b@beta.example', PASSWORD);
    const res = await beta.agent.get(`/api/billing/statements/${after.id}/pdf`).buffer(true).parse(binary).expect(200);
    const text = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain(`Estratto conto semestrale n. ${after.number}/2026 – 2° semestre 2026`);
    expect(text).toContain('Versione 3');
    expect(text).toMatch(/Saldo dai semestri precedenti € 150,00/);
    expect(text).toMatch(/Addebiti del semestre € 250,00/);
    expect(text).toMatch(/Pagamenti ricevuti nel semestre – € 370,00/);
    expect(text).toMatch(/Totale da pagare € 30,00/);
    expect(text).toContain('31/01/2027'); // the usage line's own due date
    expect(text).toContain('15/10/2026');
    expect(text).toContain('conto di Tesoreria Unica n. 0060123');
    expect(text).toContain('IBAN IT60 X054 2811 1010 0000 0123 456');
    expect(text).toContain('codice avviso 301000000000012345');
    expect(text).toContain('citservizi@provincia.brescia.it');
    expect(text).toMatch(/Pagina 1 di 1/);

    const csv = (await beta.agent.get(`/api/billing/statements/${after.id}/csv`).buffer(true).parse(binary).expect(200)).body.toString('utf8');
    expect(csv).toContain(`Estratto conto n. ${after.number}/2026;versione 3`);
    expect(csv).toContain('Saldo dai semestri precedenti;;;;;;;;150,00');
    expect(csv).toContain('Pagamenti ricevuti nel semestre;;;;;;;;-370,00');
    expect(csv).toContain('Totale da pagare;;;;;;;;30,00');
  });
});
