import { isValidNumericFiscalCode } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { DEMO_PASSWORD } from './demo-users';
import { DEMO_ENTI } from './enti-data';
import path from 'node:path';
import { AttachmentStore } from '../../tickets/attachments/storage';
import { demoUsers, seedDemo } from './seed';

describe('demo data', () => {
  it('is consistent: valid unique fiscal codes, capofila names that exist, Coccaglio as in the seeds', () => {
    const names = new Set(DEMO_ENTI.map((e) => e.name));
    expect(names.size).toBe(DEMO_ENTI.length);
    expect(new Set(DEMO_ENTI.map((e) => e.fiscalCode)).size).toBe(DEMO_ENTI.length);
    for (const e of DEMO_ENTI) {
      expect(isValidNumericFiscalCode(e.fiscalCode)).toBe(true);
      if (e.capofila) expect(names.has(e.capofila)).toBe(true);
    }
    expect(DEMO_ENTI.find((e) => e.name === 'Comune di Coccaglio')).toMatchObject({
      residents: 8757,
      businesses: 879,
      recordedQuota2021: 1973.63,
    });
    const kinds = new Set(DEMO_ENTI.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(
      ['azienda_speciale', 'comune', 'comune_capoluogo', 'comunita_montana', 'consorzio', 'ente_non_territoriale', 'unione_comuni'],
    );
  });
});

describe('seed command', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(() => env.close());
  const deps = () => ({ store: new AttachmentStore(path.resolve(env.config.ATTACHMENTS_DIR)), calendar: env.tickets.calendar });

  it('loads about 200 Enti with memberships, suppliers and one user per role, and a second run changes nothing', async () => {
    const first = await seedDemo(env.ds, deps());
    expect(first.enti).toBe(DEMO_ENTI.length);
    expect(first.enti).toBeGreaterThanOrEqual(190);
    expect(first.memberships).toBeGreaterThan(350);
    expect(first.suppliers).toBeGreaterThanOrEqual(3);
    expect(first.users).toBe(demoUsers().length);
    console.log(JSON.stringify(first.services), JSON.stringify(await env.ds.query(`SELECT e.name, r.service_code, r.unit_index, r.unit_label, r.convention_period, r.free, r.annual_cents, r.request_date::text, r.ends_on::text, r.end_reason, r.renewed_for_year FROM service_records r JOIN enti e ON e.id = r.ente_id ORDER BY 1,2,3`), null, 0), JSON.stringify(await env.ds.query(`SELECT e.name, b.year, b.kind, b.service_code, b.amount_cents, b.description FROM billing_entries b JOIN enti e ON e.id = b.ente_id ORDER BY 1, 2`)));

    const second = await seedDemo(env.ds, deps());
    expect(second).toEqual({ enti: 0, population: 0, memberships: 0, suppliers: 0, users: 0, services: { requests: 0, applied: 0, open: 0, renewals: [] } });

    const [unione] = (await env.ds.query(
      `SELECT count(m.id)::int AS members FROM enti u JOIN enti m ON m.capofila_id = u.id
       WHERE u.name = 'Unione Comuni degli Antichi Borghi Valle Camonica'`,
    )) as Array<{ members: number }>;
    expect(unione?.members).toBeGreaterThanOrEqual(3);
  });

  it.each(demoUsers().map((u) => [u.role, u.email]))('lets the demo %s (%s) sign in', async (_role, email) => {
    const me = await (await env.signIn(email, DEMO_PASSWORD)).agent.get('/api/auth/me').expect(200);
    expect(me.body.user.email).toBe(email);
  });

  it('gives the capofila demo user its Unione and the member Comuni', async () => {
    const capofila = demoUsers().find((u) => u.role === 'capofila_user');
    const signedIn = await env.signIn(capofila!.email, DEMO_PASSWORD);
    const list = await signedIn.agent.get('/api/enti').expect(200);
    const names = (list.body.items as Array<{ name: string }>).map((e) => e.name);
    expect(names).toContain(capofila!.ente);
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(list.body.total).toBe(names.length);
  });
});
