// Drill 6, second part: the values a client can craft in a GET — keyset cursors and days. For every GET of the
// OpenAPI document with a `cursor`, a real cursor is taken from the list (limit=1), decoded and mutated part by
// part (a date PostgreSQL refuses, a bad uuid, a number for a text, arity changes, re-encodings); every query
// parameter of format date gets days out of range or impossible. Expected: never an answer ≥ 500.
import { randomUUID } from 'node:crypto';
import { request, row } from './lib.mjs';

const D = '6 input fuzz';
const encode = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Replacements for one cursor part: the wrong kinds and the edges of what each store accepts. */
const PART_MUTATIONS = [
  'not-a-uuid',
  'not-a-date',
  '0000-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '+275760-09-14T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '',
  'x'.repeat(600),
  42,
  -1,
  1e308,
  true,
  null,
  [1],
  { a: 1 },
  '99999999999999999999',
  "'; SELECT 1 --",
];
const DAYS = ['0000-01-01', '-271821-04-20', '+275760-09-13', '2026-02-30', '2026-13-01', '9999-12-31', '1899-12-31', '2026-1-1', ''];

/** Every cursor one mutation away from `parts`, plus changes of arity and encoding. */
function cursorVariants(parts) {
  const out = [];
  parts.forEach((_, i) => {
    for (const m of PART_MUTATIONS) out.push(encode(parts.map((p, j) => (j === i ? m : p))));
  });
  out.push(encode(parts.slice(0, -1)), encode([...parts, randomUUID()]), encode([]), encode(null), encode(parts.join(',')));
  out.push(Buffer.from(JSON.stringify(parts)).toString('base64'), 'bm90IGpzb24', '%%%', '!'.repeat(501));
  return out;
}

/**
 * @param {{ baseUrl: string, doc: any, cookie: string, uuidFor: (name: string) => string }} options
 *   `cookie`: a staff session that sees every list; `uuidFor`: an id for a path parameter.
 */
export async function readFuzz({ baseUrl, doc, cookie, uuidFor }) {
  const gets = Object.entries(doc.paths)
    .filter(([, ops]) => ops.get)
    .map(([p, ops]) => ({
      path: p.replace(/\{([^}]+)\}/g, (_, name) => uuidFor(name)),
      query: (ops.get.parameters ?? []).filter((q) => q.in === 'query'),
    }));
  const offenders = [];
  let sent = 0;
  const probe = async (path, query) => {
    const qs = new URLSearchParams(query).toString();
    sent++;
    const res = await request(baseUrl, 'GET', `${path}?${qs}`, { headers: { cookie } }).catch((err) => ({ status: 0, text: err.message }));
    if (res.status === 0 || res.status >= 500) offenders.push(`GET ${path}?${qs.slice(0, 200)} → ${res.status || 'reset'} ${String(res.text).slice(0, 200)}`);
  };

  let cursorLists = 0;
  for (const g of gets.filter((x) => x.query.some((q) => q.name === 'cursor'))) {
    const first = await request(baseUrl, 'GET', `${g.path}?limit=1`, { headers: { cookie } });
    const real = first.json?.nextCursor;
    // A list with fewer than two rows has no cursor to decode: mutate a plausible one instead.
    let parts;
    try {
      parts = real ? JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) : ['2026-01-01T00:00:00.000Z', randomUUID()];
    } catch {
      parts = ['x', randomUUID()];
    }
    if (!Array.isArray(parts)) parts = [parts];
    cursorLists++;
    for (const cursor of cursorVariants(parts)) await probe(g.path, { cursor });
  }
  let dayParams = 0;
  for (const g of gets) {
    for (const q of g.query.filter((x) => x.schema?.format === 'date')) {
      dayParams++;
      for (const day of DAYS) await probe(g.path, { [q.name]: day });
    }
  }
  if (offenders.length) console.log(`    GET values ≥ 500 (first of ${offenders.length}):${offenders.slice(0, 5).map((o) => `\n      ${o}`).join('')}`);
  return [
    row(
      D,
      `crafted cursors (${cursorLists} lists, each decoded and mutated) and days (${dayParams} parameters): answers ≥ 500 or resets`,
      0,
      `${offenders.length} of ${sent}${offenders.length ? `: ${offenders[0].slice(0, 300)}` : ''}`,
      offenders.length === 0 && cursorLists >= 4 && dayParams >= 2,
    ),
  ];
}
