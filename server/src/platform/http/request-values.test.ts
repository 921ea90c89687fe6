import { randomUUID } from 'node:crypto';
import { dayParam, intParam } from '@cit/shared';
import { PASSWORD, tenantWorld } from '../../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../../test/harness';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Cursors no list can accept: a bad uuid, nulls, the wrong shape, not JSON at all. */
const INVALID_CURSORS = [b64(['2026-01-01T00:00:00Z', 'not-a-uuid']), b64([null, null]), b64(['x']), b64({ a: 1 }), 'bm90IGpzb24'];
/** Cursors some lists accept (a name may be any text) and others must refuse: dates PostgreSQL refuses, numbers. */
const ODD_CURSORS = [b64(['not-a-date', randomUUID()]), b64(['0000-01-01T00:00:00Z', randomUUID()]), b64([42, randomUUID()]), b64(['1e400'])];
const CRAFTED_DAYS = ['0000-01-01', '-271821-04-20', '275760-09-14', '2026-02-30', '2026-1-1'];
const CRAFTED_INTS = ['true', '[2]', '', '1e3', '0x10', '2.5', 'NaN', '99999999999999999999'];

interface Param {
  name: string;
  in: string;
  schema?: { type?: string; format?: string; anyOf?: Array<{ type?: string }> };
}

/**
 * The class of defect "a crafted value reaches PostgreSQL and answers 500", checked on every GET route of the
 * OpenAPI document, so a new route with a cursor, a date or a number is covered the day it is added.
 */
describe('every value decoded from a request is validated before any query', () => {
  let env: TestEnv;
  let admin: SignedIn;
  let routes: Array<{ path: string; params: Param[] }> = [];

  beforeAll(async () => {
    env = await startTestEnv();
    await tenantWorld(env.ds);
    admin = await env.signIn('admin@cit.example', PASSWORD);
    const doc = (await env.agent().get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: Param[] } }>;
    };
    routes = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get)
      // A path parameter gets a value its route accepts (the exports' `{format}`: csv), so the query is what is probed.
      .map(([path, ops]) => ({ path: path.replace(/\{format\}/g, 'csv').replace(/\{[^}]+\}/g, randomUUID()), params: (ops.get?.parameters ?? []).filter((p) => p.in === 'query') }));
  });
  afterAll(() => env.close());

  const kinds = (p: Param) => [p.schema?.type, ...(p.schema?.anyOf ?? []).map((s) => s.type)];
  const get = (path: string, query: Record<string, string>) => admin.agent.get(path).query(query);

  it('finds the lists, days and numbers to probe (the document is what clients see)', () => {
    expect(routes.filter((r) => r.params.some((p) => p.name === 'cursor')).length).toBeGreaterThanOrEqual(4);
    expect(routes.filter((r) => r.params.some((p) => p.schema?.format === 'date')).length).toBeGreaterThanOrEqual(2);
    expect(routes.filter((r) => r.params.some((p) => kinds(p).includes('integer') || kinds(p).includes('number'))).length).toBeGreaterThanOrEqual(5);
  });

  it('answers crafted cursors with 400 (or 404 for a parent that does not exist), never 500', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.params.some((p) => p.name === 'cursor'))) {
      for (const cursor of INVALID_CURSORS) {
        const res = await get(route.path, { cursor });
        if (![400, 404].includes(res.status)) failures.push(`${route.path} cursor=${cursor}: ${res.status}`);
      }
      for (const cursor of ODD_CURSORS) {
        const res = await get(route.path, { cursor });
        if (res.status >= 500) failures.push(`${route.path} cursor=${cursor}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers crafted days and numbers with 400 naming the parameter', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const param of route.params) {
        const values = param.schema?.format === 'date' ? CRAFTED_DAYS : kinds(param).some((k) => k === 'integer' || k === 'number') ? CRAFTED_INTS : [];
        for (const value of values) {
          const res = await get(route.path, { [param.name]: value });
          const named = JSON.stringify(res.body.error?.details ?? '').includes(param.name);
          if (res.status === 404) continue;
          if (res.status !== 400 || !named) failures.push(`${route.path} ${param.name}=${value}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the shared decoders', () => {
  it('take a number or its digits, nothing else', () => {
    const quantity = intParam('Quantità', 1, 100);
    expect(quantity.parse(3)).toBe(3);
    expect(quantity.parse(' 12 ')).toBe(12);
    for (const bad of [true, [2], '', '1e3', '0x10', 2.5, '2.5', null, 0, 101]) {
      const r = quantity.safeParse(bad);
      expect([bad, r.success]).toEqual([bad, false]);
    }
    expect(quantity.safeParse('x').error?.issues[0]?.message).toBe('Quantità: numero intero atteso.');
  });

  it('take days PostgreSQL and JavaScript can both hold', () => {
    const day = dayParam('Dal');
    expect(day.parse('2026-12-03')).toBe('2026-12-03');
    for (const bad of CRAFTED_DAYS) expect([bad, day.safeParse(bad).success]).toEqual([bad, false]);
  });
});
