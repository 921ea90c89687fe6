import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceCharterSchema, SiteInfoSchema } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { DEFAULT_SITE_INFO } from './site-info.defaults';
import { loadSiteInfo } from './site-info';

describe('public pages: PA texts and the service charter', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv({}, { now: () => new Date('2027-03-10T10:00:00+01:00') });
    await tenantWorld(env.ds);
  });
  afterAll(() => env.close());

  it('answers anyone, signed in or not, with the configured texts', async () => {
    const res = await env.agent().get('/api/public/site-info').expect(200);
    const info = SiteInfoSchema.parse(res.body);
    expect(info).toEqual(DEFAULT_SITE_INFO);
    expect(info.privacyNotice.join(' ')).toMatch(/Titolare del trattamento/);
  });

  it('takes the CIT’s own texts field by field from SITE_INFO_FILE, and names the field of a wrong file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'site-info-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ accessibilityStatementUrl: 'https://form.agid.gov.it/view/abc', contacts: { phone: '030 0000000' } }));
    const info = loadSiteInfo(good);
    expect(info.accessibilityStatementUrl).toBe('https://form.agid.gov.it/view/abc');
    expect(info.contacts).toEqual({ ...DEFAULT_SITE_INFO.contacts, phone: '030 0000000' });
    expect(info.privacyNotice).toEqual(DEFAULT_SITE_INFO.privacyNotice);

    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ accessibilityStatementUrl: 'non un indirizzo' }));
    expect(() => loadSiteInfo(bad)).toThrow(/campo «accessibilityStatementUrl»/);
    writeFileSync(bad, JSON.stringify({ privacy: ['typo in the field name'] }));
    expect(() => loadSiteInfo(bad)).toThrow(/SITE_INFO_FILE/);
    expect(() => loadSiteInfo(path.join(dir, 'missing.json'))).toThrow(/impossibile leggere/);
  });

  it('computes the charter from the price list in force and the SLA targets, and follows an edit at once', async () => {
    const read = async () => ServiceCharterSchema.parse((await env.agent().get('/api/public/service-charter').expect(200)).body);
    let charter = await read();
    expect(charter.today).toBe('2027-03-10');
    expect(charter.priceList.period).toBe('2026-2030');
    expect(charter.services.length).toBeGreaterThan(3);
    // Only what the list in force offers, each with its tariff.
    const tariffs = new Set(charter.priceList.services.map((t) => t.serviceCode));
    for (const s of charter.services) expect(tariffs.has(s.code)).toBe(true);
    expect(charter.targets.map((t) => t.urgency)).toEqual(['blocking', 'high', 'medium', 'low', 'very_low']);
    expect(charter.targets[0]).toEqual({ urgency: 'blocking', takeChargeMinutes: 60, resolveMinutes: 240 });
    expect(charter.calendar.workingDays).toEqual([1, 2, 3, 4, 5]);

    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const sla = (await admin.agent.get('/api/sla').expect(200)).body as { targets: Array<{ urgency: string; version: number }> };
    const version = sla.targets.find((t) => t.urgency === 'blocking')!.version;
    await admin.agent
      .put('/api/sla/targets/blocking')
      .set('x-csrf-token', admin.csrfToken)
      .send({ takeChargeMinutes: 30, resolveMinutes: 180, version })
      .expect(200);
    charter = await read();
    expect(charter.targets[0]).toEqual({ urgency: 'blocking', takeChargeMinutes: 30, resolveMinutes: 180 });
  });
});
