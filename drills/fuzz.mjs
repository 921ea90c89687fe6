// Drill 6: input fuzz. Thousands of generated malformed requests across every write endpoint of the API (wrong
// types, missing and extra fields, huge strings, unicode edge cases, impossible numbers and dates, invalid,
// unknown and foreign ids, broken JSON, foreign content types, broken multipart and CSV files) against the real
// API process on a private database. Expected: no answer ≥ 500, no reset connection, every error a JSON body
// with a code and a message, and not one row written by a refused request.
//
// The generator is deterministic: one seeded PRNG (FUZZ_SEED, printed) drives every choice, so a failing request
// can be generated again; FUZZ_REPORT=file.json writes every offender and the counts per endpoint. Requests run
// one at a time because the "nothing written" check compares a fingerprint of every table before and after each
// refused request; concurrency would blur who wrote what.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  PASSWORD,
  ROOT,
  activation,
  assistance,
  createDatabase,
  createUser,
  now,
  pgClient,
  pool,
  request,
  requestRaw,
  row,
  seedWorld,
  signIn,
  sleep,
  startApi,
  startRedis,
  startWorker,
  until,
  withPg,
  workDir,
} from './lib.mjs';
import { readFuzz } from './read-fuzz.mjs';

const require = createRequire(import.meta.url);
const D = '6 input fuzz';
const DEFAULT_SEED = 20260606;
const BULL_MOUNT = '/api/admin/queues';
const QUEUE = 'cit-jobs';
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ------------------------------------------------------------------------------------------------- PRNG

/** mulberry32: tiny, fast and good enough to pick test cases; the same seed gives the same request sequence. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  return {
    next,
    int,
    hex,
    chance: (p) => next() < p,
    pick: (list) => list[int(list.length)],
    /** `[[value, weight], …]` → one value. */
    weighted: (pairs) => {
      let x = next() * pairs.reduce((s, [, w]) => s + w, 0);
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`,
  };
}

// ----------------------------------------------------------------------------------------------- corpus

const KB = 1024;
const MB = 1024 * KB;

/** Strings that break naive code: NUL, lone surrogates, bidi overrides, combining marks, emoji, injections. */
const NASTY = [
  'abc\u0000def',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\u202egnp.exe\u202c',
  'مرحبا بالعالم',
  '👩‍👩‍👧‍👦🇮🇹😀',
  'Z\u0335\u0321\u0322\u0347\u0344a\u0338l\u0337g\u0334o\u0336',
  'e\u0301\u0301\u0301',
  '\u200b\u200d\ufeff',
  '\uffff\ufffe',
  '𝔥𝔢𝔩𝔭 𝔡𝔢𝔰𝔨',
  'İstanbul ß ǅ',
  '\r\n\r\nX-Injected: 1',
  '\t\u000b\f\u0085\u00a0',
  '\u2028\u2029',
  "'; DROP TABLE tickets; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0x1F',
  '١٢٣',
  '   ',
  '',
  ' ',
];
/** Wrong types for any field. */
const TYPES = [null, true, false, 0, 1, -1, 'x', [], {}, [null], [[[]]], { $gt: '' }, { id: 1 }, [1, 'a', null]];
const NUMBERS = [-1, 0, 0.5, 1.5, -0.0001, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, 100_001, 1_000_001];
const NUMBER_STRINGS = ['1', '0', '-1', '1.5', 'NaN', 'Infinity', '1e999', '٣', '0x10', '1_000', ' 7 ', '7abc', ''];
const DATES = [
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '0000-12-31',
  '0001-01-01',
  '9999-12-31',
  '2026-1-1',
  '01/02/2026',
  'yesterday',
  '2026-06-01T25:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0000-02-29T12:00:00+01:00',
  '1970-01-01T00:00:00Z',
  '2026-06-01T10:00:00',
  '2026-06-01T10:00:00+14:00',
  '2026-06-01T10:00:00.123456789Z',
  '9999-12-31T23:59:59.999Z',
];
const UUID_JUNK = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123e4567-e89b-12d3-a456-42661417400g',
  '123e4567e89b12d3a456426614174000',
  '{123e4567-e89b-12d3-a456-426614174000}',
  '123e4567-e89b-12d3-a456-426614174000 ',
  '123E4567-E89B-42D3-A456-426614174000',
  '-1',
  '0',
];

const HUGE = new Map();
/** Big strings are built once and reused (the corpus must not cost more than the requests). */
function huge(kind) {
  if (!HUGE.has(kind)) {
    const s = {
      // Over express.json's 1 MB limit once quoted: must be 413, never 500 or a reset.
      overLimit: 'x'.repeat(MB + 16),
      // Under the limit but far over every field's maximum; «è» is two bytes in UTF-8.
      nearLimit: 'è'.repeat(480 * KB),
      big: 'Lorem ipsum dolor sit amet. '.repeat(4000),
      long: 'a'.repeat(20_001),
    }[kind];
    HUGE.set(kind, s);
  }
  return HUGE.get(kind);
}

/** Bytes that the attachment sniffer must classify or refuse, including corrupted containers. */
function fileCorpus(r) {
  const junk = (n) => Buffer.from(Array.from({ length: n }, () => r.int(256)));
  const signedDataOid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
  const zipEocd = Buffer.alloc(22);
  zipEocd.writeUInt32LE(0x06054b50, 0);
  zipEocd.writeUInt16LE(0xfff0, 10);
  zipEocd.writeUInt32LE(0x7ffffff0, 16);
  return [
    ['pdf', 'verbale.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')],
    ['pdf-garbage', 'modulo.pdf', 'application/pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), junk(3000), Buffer.from('\n%%EOF')])],
    ['text', 'note.txt', 'text/plain', Buffer.from('Verbale di intervento: riga 1\nriga 2 con accenti àèìòù\n')],
    ['png', 'schermata.png', 'image/png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), junk(200)])],
    ['p7m-garbage', 'modulo.pdf.p7m', 'application/pkcs7-mime', Buffer.concat([Buffer.from([0x30, 0x80, ...signedDataOid, 0xa0, 0x80]), junk(2000)])],
    ['p7m-b64-garbage', 'modulo.p7m', 'application/pkcs7-mime', Buffer.from(`MIAGCSqGSIb3DQEHAqCAMIACAQEx${junk(600).toString('base64')}`)],
    ['zip-garbage', 'documento.docx', 'application/zip', Buffer.concat([Buffer.from('PK\u0003\u0004'), junk(400), zipEocd])],
    ['ole2-garbage', 'vecchio.doc', 'application/msword', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), junk(4000)])],
    ['exe', 'setup.exe', 'application/octet-stream', Buffer.concat([Buffer.from('MZ'), junk(500)])],
    ['html', 'pagina.html', 'text/html', Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>')],
    ['svg', 'logo.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['empty', 'vuoto.pdf', 'application/pdf', Buffer.alloc(0)],
    ['binary', 'dati.bin', 'application/octet-stream', junk(1500)],
  ];
}

const FILE_NAMES = [
  '../../../../etc/passwd',
  'a\u0000b.pdf',
  '',
  `${'n'.repeat(400)}.pdf`,
  '😀 relazione è.pdf',
  'CON',
  '.htaccess',
  '\u202efdp.exe',
  'nome con "virgolette".pdf',
  'C:\\Windows\\system32\\x.pdf',
];

// --------------------------------------------------------------------------------------------- OpenAPI

const resolveRef = (doc, s) => {
  let out = s;
  for (let i = 0; out?.$ref && i < 20; i++) out = doc.components?.schemas?.[out.$ref.split('/').pop()];
  return out ?? {};
};

/** Every property a body schema may carry (all variants of unions merged), with its schema and whether required. */
function fieldsOf(doc, schema, acc = new Map(), depth = 0) {
  const s = resolveRef(doc, schema);
  if (depth > 6) return acc;
  for (const sub of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) fieldsOf(doc, sub, acc, depth + 1);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    if (!acc.has(name)) acc.set(name, { schema: resolveRef(doc, prop), required: (s.required ?? []).includes(name) });
  }
  return acc;
}

/** A plausible value for a schema, for endpoints that have no hand-written example (new routes). */
function exampleOf(doc, schema, r, ids, depth = 0) {
  const s = resolveRef(doc, schema);
  if (depth > 4) return null;
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const variants = s.oneOf ?? s.anyOf;
  if (variants) return exampleOf(doc, variants[0], r, ids, depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => exampleOf(doc, x, r, ids, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const out = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = exampleOf(doc, v, r, ids, depth + 1);
    return out;
  }
  if (type === 'array') return [exampleOf(doc, s.items ?? {}, r, ids, depth + 1)];
  if (type === 'integer' || type === 'number') return s.minimum ?? 1;
  if (type === 'boolean') return true;
  if (s.format === 'uuid') return r.pick(ids);
  if (s.format === 'date') return '2026-03-01';
  if (s.format === 'date-time') return '2026-03-01T10:00:00Z';
  if (s.format === 'email') return `fuzz.${r.hex(6)}@enti.example`;
  return 'Testo di prova'.slice(0, Math.max(s.minLength ?? 3, Math.min(s.maxLength ?? 14, 14)));
}

// -------------------------------------------------------------------------------------- write endpoints

/** Routers mounted under /api that are known to answer GET only (so they have no write endpoint to fuzz). */
const READ_ONLY_MOUNTS = { docsPage: 'swagger-ui-express: the API documentation page and its static files' };

/** `/api/x/:id` → `/api/x/{id}`, as the OpenAPI document spells paths. */
const templateOf = (p) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

async function sourceFiles(dir) {
  const names = await readdir(dir, { recursive: true });
  return names.filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && !n.endsWith('.d.ts')).map((n) => path.join(dir, n));
}

/**
 * The write endpoints: every POST/PUT/PATCH/DELETE of the running API's OpenAPI document (ApiRouter documents
 * each route it registers), plus what the document cannot know about, found in server/src: plain express write
 * routes (`router.post('/x', …)`) and third-party routers mounted under /api (bull-board, whose write routes come
 * from the package's own route table). A mount nobody knows how to enumerate is reported, not ignored.
 */
async function writeEndpoints(doc) {
  const endpoints = new Map();
  const add = (method, p, origin, extra = {}) => {
    const key = `${method.toUpperCase()} ${p}`;
    if (!endpoints.has(key)) endpoints.set(key, { key, method: method.toUpperCase(), path: p, origin, ...extra });
  };
  for (const [p, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      if (['post', 'put', 'patch', 'delete'].includes(method)) add(method, p, 'openapi', { op });
    }
  }
  const unknownMounts = [];
  for (const file of await sourceFiles(path.join(ROOT, 'server/src'))) {
    const text = await readFile(file, 'utf8');
    const rel = path.relative(ROOT, file);
    for (const m of text.matchAll(/\b(?:app|router|api|\w+Router)\.(post|put|patch|delete)\(\s*(['"`])(\/[^'"`]*)\2/g)) add(m[1], templateOf(m[3]), rel);
    // socket.io on the same HTTP server: its long-polling transport takes POSTs outside express.
    if (/from 'socket\.io'/.test(text) && /new Server\(/.test(text)) add('post', '/socket.io/', `${rel} (engine.io long-polling)`, { socket: true });
    for (const m of text.matchAll(/\.use\(\s*(['"`])(\/api[^'"`]*)\1\s*,\s*\.\.\.(\w+)\(/g)) {
      if (m[3] === 'bullBoard') {
        const { appRoutes } = require('@bull-board/api/dist/routes.js');
        for (const rt of appRoutes.api) {
          for (const method of [rt.method].flat()) {
            for (const route of [rt.route].flat()) if (method !== 'get') add(method, m[2] + templateOf(route), 'bull-board', { bull: true });
          }
        }
      } else if (!READ_ONLY_MOUNTS[m[3]]) unknownMounts.push(`${m[2]} (${m[3]} in ${rel})`);
    }
  }
  return { endpoints: [...endpoints.values()], unknownMounts };
}

// ------------------------------------------------------------------------------------------------ world

/**
 * Two Enti (A is the caller's, B the foreign one) and a third, staff of every role, victims for the account
 * endpoints, tickets of both Enti in several states, service records and billing entries made by the real
 * worker from approved activations, failed mails, password links and survey tokens: valid ids for every path.
 */
async function seedFuzzWorld(ctx, dbUrl, base, attachmentsDir) {
  const world = await seedWorld(dbUrl, 3, 'fz');
  const [A, B] = world.enti;
  const ids = await withPg(dbUrl, async (db) => {
    const {
      rows: [s],
    } = await db.query(`INSERT INTO suppliers (name, email) VALUES ('Fornitore Esercitazione', 'fornitore@pec.example') RETURNING id`);
    const admin = await createUser(db, 'admin.fz@cit.example', 'admin');
    const victims = [];
    for (const [email, role, enti] of [
      ['vittima1.fz@enti.example', 'ente_user', [A.id]],
      ['vittima2.fz@cit.example', 'operator', []],
      ['vittima3.fz@enti.example', 'ente_user', [B.id]],
    ]) {
      victims.push(await createUser(db, email, role, enti));
    }
    const supplierUser = await createUser(db, 'fornitore.fz@pec.example', 'operator');
    await db.query(`UPDATE users SET role = 'supplier_user', supplier_id = $2 WHERE id = $1`, [supplierUser, s.id]);
    return { supplier: s.id, admin, victims };
  });

  // Seeding runs with the outbox dispatcher and a worker: approvals become service records and billing
  // entries the way they do in production. The fuzzing API that follows runs without either.
  const api = await startApi(base, { OUTBOX_DISPATCH: 'true', ATTACHMENTS_DIR: attachmentsDir }, 'api-seed');
  const worker = startWorker(base, { ATTACHMENTS_DIR: attachmentsDir, WORKER_CONCURRENCY: '2' }, 'worker-seed');
  const [ua, ub, approver, operator] = await pool([A.email, B.email, world.approver, world.operator], 4, (e) => signIn(api.url, e, PASSWORD));
  const create = async (user, body) => {
    const res = await (body.category === 'assistance' ? user.post('/api/tickets', body) : user.postRequest('/api/tickets', body));
    if (res.status !== 201) throw new Error(`seeding POST /api/tickets: ${res.status} ${res.text.slice(0, 300)}`);
    return res.json.id;
  };
  const ticketsA = [];
  const ticketsB = [];
  for (let i = 0; i < 5; i++) ticketsA.push(await create(ua, assistance(i + 1)));
  for (let i = 0; i < 3; i++) ticketsB.push(await create(ub, assistance(i + 10)));
  const actA = [await create(ua, activation('pec', 2, 1)), await create(ua, activation('firma_digitale', 1, 2)), await create(ua, activation('pec', 1, 3))];
  const actB = [await create(ub, activation('pec', 2, 4)), await create(ub, activation('firma_digitale', 1, 5))];
  for (const id of [actA[0], actB[0]]) {
    const res = await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' });
    if (res.status !== 200) throw new Error(`seeding approval: ${res.status} ${res.text.slice(0, 300)}`);
  }
  const quota = await approver.post('/api/billing/quota', { year: 2026 });
  if (quota.status !== 200) throw new Error(`seeding quota: ${quota.status} ${quota.text.slice(0, 300)}`);
  for (const [id, action] of [
    [ticketsA[1], { action: 'take_charge' }],
    [ticketsA[2], { action: 'take_charge' }],
    [ticketsA[2], { action: 'solve', solution: 'Risolto durante la preparazione della esercitazione.' }],
    [ticketsB[1], { action: 'take_charge' }],
  ]) {
    const res = await operator.post(`/api/tickets/${id}/actions`, action);
    if (res.status !== 200) throw new Error(`seeding action ${action.action}: ${res.status} ${res.text.slice(0, 300)}`);
  }
  await withPg(dbUrl, (db) =>
    until(
      'the seeding approvals applied and the outbox drained',
      async () => {
        const {
          rows: [x],
        } = await db.query(
          `SELECT (SELECT count(*) FROM tickets WHERE id = ANY($1::uuid[]) AND applied_at IS NOT NULL)::int AS applied,
                  (SELECT count(*) FROM outbox WHERE done_at IS NULL)::int AS pending`,
          [[actA[0], actB[0]]],
        );
        return x.applied === 2 && x.pending === 0 ? true : undefined;
      },
      60_000,
      250,
    ),
  );
  await worker.kill('SIGTERM');
  await api.kill('SIGTERM');

  return withPg(dbUrl, async (db) => {
    // A closed ticket of A answers surveys; set directly, the lifecycle is not what this drill is about.
    await db.query(`UPDATE tickets SET status = 'closed', closed_at = now() WHERE id = $1`, [ticketsA[3]]);
    const mails = [];
    for (const [i, t] of [ticketsA[0], ticketsB[0]].entries()) {
      const { rows } = await db.query(
        `INSERT INTO outgoing_mails (dedup_key, ticket_id, template, to_address, subject, text, html, message_id, status, attempts, last_error)
         VALUES ($1, $2, 'ticket.update', 'referente@enti.example', 'Aggiornamento', 'testo', '<p>testo</p>', $3, 'failed', 10, 'ECONNREFUSED')
         RETURNING id`,
        [`fuzz-${i}`, t, `<fuzz-${i}@cit.example>`],
      );
      mails.push(rows[0].id);
    }
    const resetTokens = [];
    for (let i = 0; i < 30; i++) {
      const token = randomBytes(32).toString('base64url');
      await db.query(`INSERT INTO password_links (user_id, token_hash, purpose, expires_at) VALUES ($1, $2, 'reset', now() + interval '1 day')`, [
        ids.victims[i % 2],
        createHash('sha256').update(token, 'utf8').digest(),
      ]);
      resetTokens.push(token);
    }
    const q = async (sql, args) => (await db.query(sql, args)).rows.map((x) => x.id);
    const recordsA = await q(`SELECT id FROM service_records WHERE ente_id = $1`, [A.id]);
    const recordsB = await q(`SELECT id FROM service_records WHERE ente_id = $1`, [B.id]);
    const entriesA = await q(`SELECT id FROM billing_entries WHERE payer_ente_id = $1 AND status = 'assessed'`, [A.id]);
    const entriesB = await q(`SELECT id FROM billing_entries WHERE payer_ente_id = $1 AND status = 'assessed'`, [B.id]);
    const users = Object.fromEntries((await db.query(`SELECT email, id FROM users`)).rows.map((x) => [x.email, x.id]));
    const fiscal = Object.fromEntries((await db.query(`SELECT id, fiscal_code FROM enti`)).rows.map((x) => [x.id, x.fiscal_code]));
    const { MailTokens } = require(path.join(ROOT, 'server/dist/notifications/tokens.js'));
    const tokens = new MailTokens(ctx.sessionSecret);
    const inMonth = new Date(Date.now() + 30 * 86_400_000);
    const surveyTokens = [
      tokens.surveyToken(ticketsA[3], inMonth),
      tokens.surveyToken(ticketsA[0], inMonth), // not closed: refused
      tokens.surveyToken(ticketsA[3], new Date(Date.now() - 86_400_000)), // expired
    ];
    if (!recordsA.length || !recordsB.length || !entriesB.length) throw new Error('seeding left no service records or billing entries');
    return {
      enteA: A.id,
      enteB: B.id,
      enteC: world.enti[2].id,
      fiscalA: fiscal[A.id],
      fiscalB: fiscal[B.id],
      emails: { enteA: A.email, enteB: B.email, operator: world.operator, approver: world.approver, admin: 'admin.fz@cit.example', supplier: 'fornitore.fz@pec.example' },
      users,
      supplier: ids.supplier,
      admin: ids.admin,
      victims: ids.victims,
      victimEmail: 'vittima1.fz@enti.example',
      ticketsA: [...ticketsA, ...actA],
      ticketsB: [...ticketsB, ...actB],
      activationsA: actA,
      activationsB: actB,
      recordsA,
      recordsB,
      entriesA,
      entriesB,
      mails,
      resetTokens,
      surveyTokens,
      surveyTicket: ticketsA[3],
    };
  });
}

// ----------------------------------------------------------------------------------------- endpoint specs

/**
 * Who calls an endpoint so that requests reach validation and business logic, which ids its path takes, and
 * valid example bodies to mutate one field at a time. Endpoints missing here still get fuzzed from their
 * OpenAPI schema (`generic`), and the report names them.
 */
function endpointSpecs(w) {
  const staffIds = [w.users[w.emails.operator], w.users[w.emails.admin]];
  const text = (r, what) => `${what} ${r.hex(6)}: descrizione generata dalla esercitazione.`;
  const ticketBodies = [
    (r) => ({
      type: 'incident',
      category: 'assistance',
      urgency: r.pick(['blocking', 'high', 'medium', 'low', 'very_low']),
      title: text(r, 'Guasto'),
      description: text(r, 'Il servizio'),
    }),
    (r) => ({
      type: 'request',
      category: 'activation',
      serviceCode: r.pick(['pec', 'firma_digitale', 'spid']),
      quantity: 2,
      unitLabels: ['uno@pec.example', 'due@pec.example'],
      urgency: 'low',
      title: text(r, 'Attivazione'),
      description: text(r, 'Richiesta'),
    }),
    (r) => ({
      type: 'request',
      category: 'cancellation',
      serviceCode: 'pec',
      targetRecordIds: [r.pick(w.recordsA)],
      urgency: 'low',
      title: text(r, 'Disdetta'),
      description: text(r, 'Disdetta'),
    }),
    (r) => ({
      type: 'request',
      category: 'activation',
      serviceCode: 'pagopa',
      variant: 'regione',
      urgency: 'medium',
      title: text(r, 'pagoPA'),
      description: text(r, 'Attivazione'),
    }),
  ];
  const ticketIds = { id: 'ticketsA' };
  return {
    'POST /api/auth/login': {
      callers: ['anon'],
      bodies: [() => ({ email: w.victimEmail, password: 'password-sbagliata' }), () => ({ email: 'nessuno@enti.example', password: PASSWORD })],
    },
    'POST /api/auth/logout': { callers: ['anon'], bodies: [] },
    'POST /api/auth/password/forgot': {
      callers: ['anon'],
      bodies: [() => ({ email: w.victimEmail }), (r) => ({ email: `sconosciuto.${r.hex(4)}@enti.example` })],
    },
    'POST /api/auth/password/reset': {
      callers: ['anon'],
      bodies: [(r) => ({ token: r.pick(w.resetTokens), password: `Nuova-password-${r.hex(6)}` })],
    },
    'POST /api/admin/users': {
      callers: ['admin'],
      bodies: [
        (r) => ({ email: `nuovo.${r.hex(8)}@enti.example`, name: 'Nuovo Referente', role: 'ente_user', enteIds: [w.enteA] }),
        (r) => ({ email: `staff.${r.hex(8)}@cit.example`, name: 'Nuovo Operatore', role: 'operator', language: 'en' }),
        (r) => ({ email: `fornitore.${r.hex(8)}@pec.example`, name: 'Fornitore', role: 'supplier_user', supplierId: w.supplier }),
      ],
    },
    'PATCH /api/admin/users/{id}': {
      callers: ['admin'],
      params: { id: 'victims' },
      bodies: [
        () => ({ name: 'Nome Cambiato' }),
        () => ({ language: 'en' }),
        (r) => ({ disabled: r.chance(0.5) }),
        () => ({ role: 'ente_user', enteIds: [w.enteB] }),
        () => ({ role: 'operator', enteIds: [] }),
      ],
    },
    'POST /api/admin/users/{id}/invite': { callers: ['admin'], params: { id: 'victims' }, bodies: [] },
    // Issue 20: the second factor. Codes are random: a wrong code is a 400, never a login.
    'POST /api/auth/second-factor': { callers: ['anon', 'enteA'], bodies: [(r) => ({ code: String(r.int(1_000_000)).padStart(6, '0') }), (r) => ({ code: `${r.hex(3).slice(0, 5)}-${r.hex(3).slice(0, 5)}` })] },
    'POST /api/auth/second-factor/enrolment': { callers: ['anon', 'enteA'], bodies: [] },
    'POST /api/auth/second-factor/enrolment/confirm': { callers: ['anon', 'enteA'], bodies: [(r) => ({ code: String(r.int(1_000_000)).padStart(6, '0') })] },
    'POST /api/auth/second-factor/recovery-codes': { callers: ['enteA'], bodies: [(r) => ({ code: String(r.int(1_000_000)).padStart(6, '0') })] },
    'POST /api/auth/second-factor/disable': { callers: ['enteA'], bodies: [(r) => ({ code: String(r.int(1_000_000)).padStart(6, '0') })] },
    'POST /api/auth/second-factor/reset/{id}': { callers: ['admin'], params: { id: 'victims' }, bodies: [] },
    // Issue 19: sessions, throttling, GDPR. A caller ends its own other sessions; a random id is nobody's session.
    'DELETE /api/auth/sessions': { callers: ['enteA'], bodies: [] },
    'DELETE /api/auth/sessions/{id}': { callers: ['enteA'], params: { id: 'words' }, bodies: [] },
    'DELETE /api/admin/users/{id}/sessions': { callers: ['admin'], params: { id: 'victims' }, bodies: [] },
    'POST /api/admin/throttle/unblock': {
      callers: ['admin'],
      bodies: [(r) => ({ kind: r.pick(['login_ip', 'password_ip', 'login_account']), key: r.pick(['127.0.0.1', '::1', w.victimEmail, `x.${r.hex(4)}@enti.example`]) })],
    },
    'POST /api/admin/users/{id}/pseudonymise': { callers: ['admin'], params: { id: 'victims' }, bodies: [] },
    'POST /api/tickets': { callers: ['enteA', 'enteA', 'operator'], bodies: ticketBodies, multipart: 'attachments', operatorNeedsEnte: true },
    'POST /api/tickets/{id}/actions': {
      callers: ['operator', 'operator', 'enteA', 'admin'],
      params: ticketIds,
      bodies: [
        () => ({ action: 'take_charge' }),
        (r) => ({ action: 'assign', assigneeId: r.pick(staffIds) }),
        (r) => ({ action: 'assign', group: r.pick(['primo_livello', 'sistemisti', 'applicativi', 'amministrazione']) }),
        () => ({ action: 'assign', supplierId: w.supplier }),
        () => ({ action: 'plan', plannedFor: new Date(Date.now() + 3 * 86_400_000).toISOString() }),
        (r) => ({ action: 'suspend', reason: text(r, 'In attesa') }),
        () => ({ action: 'resume' }),
        (r) => ({ action: 'solve', solution: text(r, 'Soluzione') }),
        () => ({ action: 'close' }),
        (r) => ({ action: 'reopen', message: text(r, 'Non risolto') }),
        (r) => ({ action: 'delete', reason: text(r, 'Doppione') }),
        () => ({ action: 'restore' }),
      ],
    },
    'POST /api/tickets/{id}/followups': {
      callers: ['enteA', 'operator'],
      params: ticketIds,
      bodies: [(r) => ({ body: text(r, 'Seguito'), private: false }), (r) => ({ body: text(r, 'Nota'), private: true })],
      multipart: 'attachments',
    },
    'POST /api/tickets/{id}/attachments': { callers: ['enteA', 'operator'], params: ticketIds, bodies: [], multipart: 'attachments', filesOnly: true },
    'PUT /api/sla/targets/{urgency}': {
      callers: ['admin'],
      params: { urgency: 'urgencies' },
      bodies: [() => ({ takeChargeMinutes: 240, resolveMinutes: 840, version: 0 }), () => ({ takeChargeMinutes: 60, resolveMinutes: 240, version: 0 })],
    },
    // The seeded calendar itself: accepted, it changes nothing (no version, no clock moved); a stale version is a 409.
    // Master data: admin only. Ids come from the word pool (404) or are the fuzz world's Enti; the world's own Enti
    // must stay usable, so no body here merges or deactivates one of them for good (version 0 is stale after a change).
    'POST /api/enti': {
      callers: ['admin'],
      bodies: [(r) => ({ name: text(r, 'Comune di Prova'), kind: 'comune', fiscalCode: r.pick(['80000000001', '00000000000', '12345678901']) })],
    },
    'PATCH /api/enti/{id}': { callers: ['admin'], params: { id: 'words' }, bodies: [(r) => ({ version: 0, pec: `${r.hex(6)}@pec.example.it` })] },
    'POST /api/enti/{id}/deactivate': { callers: ['admin'], params: { id: 'words' }, bodies: [() => ({ version: 0 })] },
    'POST /api/enti/{id}/reactivate': { callers: ['admin'], params: { id: 'words' }, bodies: [() => ({ version: 0 })] },
    'POST /api/enti/{id}/merge': { callers: ['admin'], params: { id: 'words' }, bodies: [() => ({ intoId: w.enteA, mergedOn: '2026-01-01', version: 0 })] },
    'PUT /api/enti/{id}/population/{year}': { callers: ['admin'], params: { id: 'words', year: 'years' }, bodies: [(r) => ({ residents: r.int(100_000), businesses: r.int(5_000) })] },
    'DELETE /api/enti/{id}/population/{year}': { callers: ['admin'], params: { id: 'words', year: 'years' }, bodies: [() => ({ version: 0 })] },
    'POST /api/enti/population-imports/preview': {
      callers: ['admin'],
      bodies: [(r) => ({ year: 2026, csv: `codice_istat;denominazione;popolazione\n017${String(r.int(999)).padStart(3, '0')};Comune;${r.int(90_000)}\n` })],
    },
    'POST /api/enti/population-imports/{importId}/apply': { callers: ['admin'], params: { importId: 'words' }, bodies: [] },
    'POST /api/enti/{id}/memberships': {
      callers: ['admin'],
      params: { id: 'words' },
      bodies: [() => ({ period: '2026-2030', signedOn: '2026-01-10', resolutionNumber: 'Delibera 1', resolutionDate: '2026-01-05', signer: 'Sindaco', signerFiscalCode: 'RSSMRA80A01H501U' })],
    },
    'PATCH /api/enti/{id}/memberships/{membershipId}': { callers: ['admin'], params: { id: 'words', membershipId: 'words' }, bodies: [() => ({ version: 0, signer: 'Vicesindaco' }), () => ({ version: 0, signerFiscalCode: 'rssmra80a01h501u' })] },
    'DELETE /api/enti/{id}/memberships/{membershipId}': { callers: ['admin'], params: { id: 'words', membershipId: 'words' }, bodies: [() => ({ version: 0 })] },
    'POST /api/enti/{id}/signatories': {
      callers: ['admin'],
      params: { id: 'words' },
      bodies: [() => ({ fullName: 'Maria Bianchi', fiscalCode: 'BNCMRA80A41B157Y', role: 'Segretario comunale' })],
    },
    'DELETE /api/enti/{id}/signatories/{signatoryId}': { callers: ['admin'], params: { id: 'words', signatoryId: 'words' }, bodies: [] },
    'POST /api/enti/{id}/memberships/{membershipId}/document': { callers: ['admin'], params: { id: 'words', membershipId: 'words' }, bodies: [], multipart: 'file', filesOnly: true },
    // Price lists: admin only; ids from the word pool, so no version of the fuzz world is ever published.
    'POST /api/admin/price-lists': { callers: ['admin'], bodies: [() => ({ fromId: 'x', effectiveFrom: '2099-01-01' })] },
    'PUT /api/admin/price-lists/{id}': { callers: ['admin'], params: { id: 'words' }, bodies: [() => ({ version: 0, effectiveFrom: '2099-01-01', body: {} })] },
    'POST /api/admin/price-lists/{id}/publish': { callers: ['admin'], params: { id: 'words' }, bodies: [() => ({ version: 0 })] },
    'POST /api/views': { callers: ['operator', 'admin'], bodies: [(r) => ({ name: text(r, 'Vista'), shared: r.chance(0.5), definition: { filters: { status: 'open' }, sort: 'sla', columns: [] } })] },
    'PATCH /api/views/{id}': { callers: ['operator'], params: { id: 'words' }, bodies: [(r) => ({ version: 0, name: text(r, 'Vista') })] },
    'DELETE /api/views/{id}': { callers: ['operator'], params: { id: 'words' }, bodies: [] },
    // Bulk actions, links and merges: CIT operators (an Ente user must get a 403); ids are the fuzz world's own tickets.
    'POST /api/tickets/bulk': {
      callers: ['operator', 'enteA', 'admin'],
      bodies: [
        (r) => ({ ticketIds: [r.pick(w.ticketsA)], operation: { kind: 'action', request: { action: 'take_charge' } } }),
        (r) => ({ ticketIds: [r.pick(w.ticketsA)], operation: { kind: 'action', request: { action: 'assign', group: 'sistemisti' } } }),
        (r) => ({ ticketIds: [r.pick(w.ticketsA)], operation: { kind: 'followup', followUp: { body: text(r, 'Seguito'), private: r.chance(0.5) } } }),
      ],
    },
    'POST /api/tickets/{id}/links': { callers: ['operator', 'enteA'], params: ticketIds, bodies: [(r) => ({ ticket: r.pick(w.ticketsA) }), () => ({ ticket: '2026/000001' })] },
    'DELETE /api/tickets/{id}/links/{otherId}': { callers: ['operator'], params: { id: 'ticketsA', otherId: 'ticketsA' }, bodies: [] },
    'POST /api/tickets/{id}/merge': { callers: ['operator', 'enteA'], params: ticketIds, bodies: [(r) => ({ into: r.pick(w.ticketsA) })] },
    'POST /api/canned-replies': {
      callers: ['operator', 'admin'],
      bodies: [(r) => ({ name: text(r, 'Risposta'), body: 'Gentile {{richiedente}}, il ticket {{protocollo}}.', shared: r.chance(0.5), setStatus: r.pick([null, 'pending', 'solved']) })],
    },
    'PUT /api/canned-replies/{id}': { callers: ['operator'], params: { id: 'words' }, bodies: [(r) => ({ name: text(r, 'Risposta'), body: 'Testo' })] },
    'DELETE /api/canned-replies/{id}': { callers: ['operator'], params: { id: 'words' }, bodies: [] },
    'POST /api/kb/articles': {
      callers: ['operator', 'enteA'],
      bodies: [(r) => ({ title: text(r, 'Articolo'), body: `# ${text(r, 'Titolo')}\n\n<script>alert(1)</script> [x](javascript:alert(1))`, audience: r.pick(['enti', 'cit']), status: r.pick(['draft', 'published', 'bozza']), reviewedOn: r.pick([null, '2026-01-31']) })],
    },
    'PUT /api/kb/articles/{id}': { callers: ['operator'], params: { id: 'words' }, bodies: [(r) => ({ title: text(r, 'Articolo'), body: 'Testo', audience: 'enti', version: 0 })] },
    'DELETE /api/kb/articles/{id}': { callers: ['operator'], params: { id: 'words' }, bodies: [] },
    'POST /api/kb/from-ticket/{ticketId}': { callers: ['operator'], params: { ticketId: 'words' }, bodies: [] },
    // Only Ente users record suggestions: every request of the drill goes to the caller it can reach.
    'POST /api/kb/suggestion-events': {
      callers: ['enteA'],
      bodies: [(r) => ({ formSession: r.pick(['00000000-0000-4000-8000-000000000001', 'x']), kind: r.pick(['shown', 'opened', 'submitted']), articleIds: [] })],
    },
    'POST /api/support-groups': { callers: ['admin'], bodies: [(r) => ({ key: `g_${r.hex(6)}`, name: text(r, 'Gruppo'), memberIds: staffIds })] },
    'PATCH /api/support-groups/{key}': { callers: ['admin'], params: { key: 'words' }, bodies: [(r) => ({ version: 0, name: text(r, 'Gruppo'), active: r.chance(0.5) })] },
    'POST /api/routing-rules': {
      callers: ['admin'],
      bodies: [(r) => ({ name: text(r, 'Regola'), enabled: false, conditions: { channels: ['email'], urgencies: ['low'] }, actions: { label: `fuzz ${r.hex(4)}` } })],
    },
    'PUT /api/routing-rules/order': { callers: ['admin'], bodies: [() => ({ ids: [] })] },
    'PATCH /api/routing-rules/{id}': { callers: ['admin'], params: { id: 'words' }, bodies: [(r) => ({ version: 0, enabled: r.chance(0.5) })] },
    'DELETE /api/routing-rules/{id}': { callers: ['admin'], params: { id: 'words' }, bodies: [] },
    'POST /api/mailboxes': {
      callers: ['admin', 'operator'],
      bodies: [(r) => ({ name: text(r, 'Casella'), kind: r.pick(['ordinary', 'pec']), host: '127.0.0.1', port: 9, tls: r.chance(0.5), username: text(r, 'utente'), secret: text(r, 'pw'), active: false })],
    },
    'PUT /api/mailboxes/{id}': {
      callers: ['admin'],
      params: { id: 'words' },
      bodies: [(r) => ({ name: text(r, 'Casella'), kind: 'pec', host: '127.0.0.1', port: r.pick([0, 9, 70000]), tls: false, username: 'u', active: false })],
    },
    'DELETE /api/mailboxes/{id}': { callers: ['admin'], params: { id: 'words' }, bodies: [] },
    'POST /api/unassigned-mail/{id}/ticket': { callers: ['operator', 'enteA'], params: { id: 'words' }, bodies: [(r) => ({ enteId: r.pick([w.enteA, 'x', null]) })] },
    'POST /api/unassigned-mail/{id}/discard': { callers: ['operator'], params: { id: 'words' }, bodies: [] },
    'POST /api/tickets/{id}/retriage': {
      callers: ['operator', 'admin'],
      params: ticketIds,
      bodies: [(r) => ({ urgency: r.pick(['blocking', 'high', 'medium', 'low', 'very_low']) }), () => ({ type: 'incident', reason: 'Riclassificato' })],
    },
    'PUT /api/sla/calendar': {
      callers: ['admin'],
      bodies: [() => ({ workingDays: [1, 2, 3, 4, 5], hours: [['09:00', '13:00'], ['14:00', '17:00']], patronDay: '02-15', version: 0 })],
    },
    'POST /api/sla/calendar/closures': {
      callers: ['admin'],
      bodies: [(r) => ({ date: r.pick(['2099-12-24', '2099-12-31']), reason: text(r, 'Ponte') }), (r) => ({ everyYear: '12-31', reason: text(r, 'San Silvestro') })],
    },
    'DELETE /api/sla/calendar/closures/{id}': { callers: ['admin'], params: { id: 'allIds' }, bodies: [] },
    'POST /api/tickets/{id}/approval': {
      callers: ['approver', 'admin'],
      params: { id: 'activationsA' },
      bodies: [() => ({ decision: 'approve' }), (r) => ({ decision: 'reject', reason: text(r, 'Modulo mancante') })],
    },
    'POST /api/billing/quota': { callers: ['approver', 'admin'], bodies: [() => ({ year: 2026 }), () => ({ year: 2027 })] },
    'POST /api/billing/usage/telemaco': { callers: ['approver', 'operator', 'admin'], bodies: [], csv: 'telemaco' },
    'POST /api/billing/collections': { callers: ['approver', 'admin'], bodies: [], csv: 'collections' },
    'POST /api/billing/entries/{id}/collect': {
      callers: ['approver', 'admin'],
      params: { id: 'entriesB' },
      bodies: [() => ({ actReference: 'Determina dirigenziale n. 857 del 05/08/2026', collectedOn: '2026-08-05' })],
    },
    'POST /api/billing/statements/runs': { callers: ['approver', 'admin'], bodies: [() => ({ year: 2026, half: 1 }), () => ({ year: 2025, half: 2 })] },
    'PUT /api/billing/statements/payment-settings': {
      callers: ['approver', 'admin'],
      bodies: [() => ({ beneficiary: 'Provincia di Brescia', treasuryAccount: '0060123', iban: 'IT60X0542811101000000123456', version: 0 })],
    },
    'PUT /api/billing/statements/{id}/pagopa': { callers: ['approver', 'admin'], params: { id: 'allIds' }, bodies: [() => ({ noticeCode: '301000000000012345' }), () => ({ noticeCode: null })] },
    'POST /api/admin/mails/{id}/retry': { callers: ['admin'], params: { id: 'mails' }, bodies: [] },
    'POST /api/admin/official-notices/{id}/retry': { callers: ['admin'], params: { id: 'allIds' }, bodies: [] },
    'POST /api/tickets/{id}/follow': { callers: ['enteA'], params: ticketIds, bodies: [] },
    'DELETE /api/tickets/{id}/follow': { callers: ['enteA'], params: ticketIds, bodies: [] },
    'POST /api/me/notifications/read': {
      callers: ['enteA', 'operator', 'admin'],
      bodies: [() => ({ all: true }), (r) => ({ ticketId: r.pick(w.ticketsA) }), (r) => ({ ids: [String(r.int(1000)), String(r.int(1000))] })],
    },
    'PATCH /api/me/preferences': {
      callers: ['enteA', 'operator', 'admin'],
      bodies: [
        (r) => ({ mailOptOut: r.chance(0.5), language: r.pick(['it', 'en']) }),
        () => ({ mailOptOut: false }),
        (r) => ({ desktopNotifications: r.chance(0.5), phone: r.pick(['030 123456', null, '']) }),
      ],
    },
    'POST /api/surveys/{token}': {
      callers: ['anon'],
      params: { token: 'surveyTokens' },
      bodies: [(r) => ({ score: 1 + r.int(5), comment: text(r, 'Commento') }), () => ({ score: 4 })],
    },
    'POST /api/admin/jobs/{id}/retry': { callers: ['admin'], params: { id: 'jobIds' }, bodies: [] },
    // Announcements: admins publish, change and end them; every signed-in user may dismiss the ones shown to them.
    'POST /api/admin/announcements': {
      callers: ['admin', 'operator'],
      bodies: [
        (r) => ({ title: text(r, 'Avviso'), body: text(r, 'Testo'), severity: r.pick(['info', 'warning', 'critical']), startsAt: '2099-01-01T08:00:00Z', endsAt: '2099-01-02T08:00:00Z', allEnti: true }),
        (r) => ({ title: text(r, 'Avviso'), severity: 'info', startsAt: '2099-01-01T08:00:00+01:00', endsAt: '2099-01-01T09:00:00+01:00', allEnti: false, enteIds: [w.enteA], includeStaff: r.chance(0.5) }),
      ],
    },
    'PUT /api/admin/announcements/{id}': {
      callers: ['admin'],
      params: { id: 'allIds' },
      bodies: [(r) => ({ title: text(r, 'Avviso'), severity: 'warning', startsAt: '2099-01-01T08:00:00Z', endsAt: '2099-01-02T08:00:00Z', allEnti: true, version: 0 })],
    },
    'POST /api/admin/announcements/{id}/end': { callers: ['admin'], params: { id: 'allIds' }, bodies: [() => ({ version: 0 })] },
    'POST /api/announcements/{id}/dismiss': { callers: ['enteA', 'operator'], params: { id: 'allIds' }, bodies: [] },
    // Three file fields (conventions, records, payments): the fuzzer fills one, so the missing ones and every broken framing are exercised.
    'POST /api/admin/import-runs/softwarecit': { callers: ['admin'], bodies: [() => ({ dryRun: 'true' }), () => ({ dryRun: 'false' })], multipart: 'payments' },
  };
}

/** bull-board's write routes: parameter pools and bodies by route shape (admin only). */
function bullSpec(ep) {
  const tail = ep.path.slice(BULL_MOUNT.length);
  const bodies = {
    '/api/queues/{queueName}/add': [
      () => ({ name: 'fuzz', data: { ticketId: 'x' }, options: { delay: 60_000 } }),
      (r) => ({
        name: 'fuzz',
        data: { ticketId: r.uuid() },
        options: { delay: 60_000, priority: 5, attempts: 3, jobId: `fuzz-${r.hex(8)}`, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } },
      }),
    ],
    '/api/queues/{queueName}/concurrency': [() => ({ concurrency: 2 })],
    '/api/queues/{queueName}/rate-limit': [() => ({ max: 10, duration: 1000 })],
    '/api/queues/{queueName}/obliterate': [() => ({ force: false })],
    '/api/queues/{queueName}/job-schedulers/{schedulerId}': [() => ({ every: 60_000 })],
    '/api/queues/{queueName}/{jobId}/update-data': [() => ({ jobData: { a: 1 } })],
    '/api/queues/{queueName}/{jobId}/delay': [() => ({ runAt: Date.now() + 60_000 })],
    '/api/queues/{queueName}/{jobId}/priority': [() => ({ priority: 5 })],
  }[tail];
  return {
    callers: ['admin'],
    params: { queueName: 'queueNames', jobId: 'bullJobIds', queueStatus: 'queueStatuses', schedulerId: 'schedulerIds' },
    bodies: bodies ?? [],
    bull: true,
  };
}

/** A spec from the OpenAPI operation alone: callers by access, ids from every pool, a synthesized body. */
function genericSpec(doc, ep, allIds) {
  const schema = ep.op?.requestBody?.content?.['application/json']?.schema;
  const isPublic = Array.isArray(ep.op?.security) && ep.op.security.length === 0;
  const params = {};
  for (const [, name] of ep.path.matchAll(/\{([^}]+)\}/g)) params[name] = /id$/i.test(name) ? 'allIds' : 'words';
  return {
    callers: isPublic ? ['anon'] : ['enteA', 'operator', 'approver', 'admin'],
    params,
    bodies: schema ? [(r) => exampleOf(doc, schema, r, allIds)] : [],
    multipart: ep.op?.requestBody?.content?.['multipart/form-data'] ? 'attachments' : undefined,
    generic: true,
  };
}

// ----------------------------------------------------------------------------------------------- bodies

const clone = (v) => (v === undefined ? undefined : structuredClone(v));

/** A value that violates a field's schema, or `DELETE` to drop the field; with a label for the report. */
function badValue(r, field, fs, w) {
  const s = fs?.schema ?? {};
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const isUuid = s.format === 'uuid' || s.items?.format === 'uuid' || /id$|ids$/i.test(field);
  const isDate = s.format === 'date' || s.format === 'date-time' || /on$|at$|for$|date/i.test(field);
  const kind = r.weighted([
    ['delete', 10],
    ['type', 16],
    ['nasty', 22],
    ['huge', 5],
    ['number', type === 'integer' || type === 'number' ? 14 : 5],
    ['boundary', 12],
    ['id', isUuid ? 18 : 4],
    ['date', isDate ? 30 : 2],
    ['array', type === 'array' ? 12 : 3],
  ]);
  switch (kind) {
    case 'delete':
      return ['DELETE', 'missing'];
    case 'type':
      return [clone(r.pick(TYPES)), 'wrong type'];
    case 'nasty':
      return [r.pick(NASTY), 'nasty string'];
    case 'huge': {
      const k = r.weighted([['long', 5], ['big', 3], ['nearLimit', 1], ['overLimit', 1]]);
      return [huge(k), `huge string (${k})`];
    }
    case 'number':
      return r.chance(0.6) ? [r.pick(NUMBERS), 'odd number'] : [r.pick(NUMBER_STRINGS), 'number as string'];
    case 'boundary': {
      if (s.maxLength !== undefined) return ['é'.repeat(s.maxLength + 1), 'maxLength + 1'];
      if (s.minLength !== undefined && s.minLength > 0) return [' '.repeat(s.minLength + 2), 'only spaces'];
      if (s.maximum !== undefined) return [s.maximum + (type === 'integer' ? 1 : 0.5), 'maximum + 1'];
      if (s.minimum !== undefined) return [s.minimum - 1, 'minimum - 1'];
      if (s.enum) return [r.chance(0.5) ? String(s.enum[0]).toUpperCase() : `${s.enum[0]} `, 'almost an enum value'];
      if (s.pattern) return ['A-B!', 'off-pattern'];
      return [r.pick(NASTY), 'nasty string'];
    }
    case 'id': {
      const foreign = [w.enteB, r.pick(w.ticketsB), r.pick(w.recordsB), r.pick(w.entriesB), w.users[w.emails.enteB], w.supplier];
      const v = r.weighted([
        [r.pick(UUID_JUNK), 3],
        [r.uuid(), 3],
        [r.pick(foreign), 4],
      ]);
      const label = UUID_JUNK.includes(v) ? 'invalid uuid' : foreign.includes(v) ? 'foreign id' : 'unknown uuid';
      return [type === 'array' ? [v] : v, label];
    }
    case 'date':
      return [r.pick(DATES), 'impossible date'];
    case 'array': {
      const v = r.weighted([
        [[], 2],
        [Array.from({ length: 101 }, () => r.uuid()), 2],
        [Array.from({ length: 5000 }, (_, i) => `etichetta ${i}`), 1],
        [[[r.uuid()]], 1],
        ['a,b,,c,\u0000', 1],
        [[null, 1, {}], 1],
      ]);
      return [v, 'bad list'];
    }
    default:
      return [null, 'null'];
  }
}

function mutateField(r, body, fields, w) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { body, label: 'no field to mutate' };
  // Mostly a field the example carries (the one the chosen variant reads), sometimes any field of the schema.
  const own = Object.keys(body);
  const names = [...new Set([...fields.keys(), ...own])];
  if (!names.length) return { body, label: 'no field to mutate' };
  const field = own.length && r.chance(0.75) ? r.pick(own) : r.pick(names);
  const inner = body[field];
  // A nested object (bull-board's job options and data): sometimes one of its fields instead of all of it.
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(inner).length && r.chance(0.6)) {
    const m = mutateField(r, inner, new Map(), w);
    return { body: { ...body, [field]: m.body }, label: `${field}.${m.label}` };
  }
  const [value, what] = badValue(r, field, fields.get(field), w);
  const out = { ...body };
  if (value === 'DELETE') delete out[field];
  else out[field] = value;
  return { body: out, label: `${field}: ${what}` };
}

const EXTRA_KEYS = ['isAdmin', 'role', 'id', 'enteId', 'status', 'createdAt', 'protocol', 'approvalState', 'constructor', 'x'.repeat(500), '', '\u0000', '$where'];

/** A whole body that is not the object the endpoint expects. */
function wrongBody(r, valid) {
  const deep = (n) => {
    let v = { a: 1 };
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };
  return r.weighted([
    [[[], 'array instead of object'], 2],
    [[[valid ?? {}], 'body wrapped in an array'], 2],
    [[{}, 'empty object'], 3],
    [[deep(200), 'nested 200 levels'], 2],
    [[Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])), '2,000 unknown keys'], 1],
    [[{ data: valid ?? {} }, 'body under another key'], 1],
    [[Array.from({ length: 10_000 }, () => 0), 'array of 10,000 numbers'], 1],
  ]);
}

/** Bytes on the wire that are not the JSON the endpoint expects. */
function rawBody(r, valid) {
  const json = JSON.stringify(valid ?? {});
  const depth = 20_000;
  return r.weighted([
    [{ body: '{', label: 'truncated JSON' }, 2],
    [{ body: '{"title": }', label: 'invalid JSON' }, 2],
    [{ body: "{'title': 'x'}", label: 'single-quoted JSON' }, 1],
    [{ body: `${json.slice(0, -1)},}`, label: 'trailing comma' }, 1],
    [{ body: `${json}garbage`, label: 'trailing garbage' }, 1],
    [{ body: 'null', label: 'JSON null' }, 1],
    [{ body: '"stringa"', label: 'JSON string' }, 1],
    [{ body: '12345', label: 'JSON number' }, 1],
    [{ body: `\ufeff${json}`, label: 'BOM before JSON' }, 1],
    [{ body: json.replace(/^\{/, '{"__proto__":{"isAdmin":true,"role":"admin"},"constructor":{"prototype":{"x":1}},'), label: 'prototype pollution keys' }, 2],
    [{ body: json.replace(/^\{/, '{"title":"uno","title":"due",'), label: 'duplicate keys' }, 1],
    [{ body: json.replace(/:\s*(\d+)/, ':1e999'), label: 'number 1e999' }, 1],
    [{ body: json.replace(/"([^"]*)"\s*:\s*"[^"]*"/, '"$1":"\\ud800\\u0000"'), label: 'escaped lone surrogate and NUL' }, 2],
    [{ body: `${'['.repeat(depth)}${']'.repeat(depth)}`, label: `arrays nested ${depth} deep` }, 1],
    [{ body: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, label: `objects nested ${depth} deep` }, 1],
    [{ body: JSON.stringify({ ...(valid ?? {}), title: huge('overLimit') }), label: 'body over 1 MB' }, 1],
    [{ body: json, type: 'text/plain', label: 'JSON as text/plain' }, 2],
    [{ body: '<ticket><title>x</title></ticket>', type: 'application/xml', label: 'XML' }, 1],
    [{ body: 'title=x&description[$gt]=&urgency=high', type: 'application/x-www-form-urlencoded', label: 'urlencoded form' }, 2],
    [{ body: Buffer.from(json, 'utf16le'), type: 'application/json; charset=utf-16', label: 'UTF-16 JSON' }, 1],
    [{ body: Buffer.from(json, 'latin1'), type: 'application/json; charset=iso-8859-1', label: 'latin1 JSON' }, 1],
    [{ body: json, type: 'application/json; charset=klingon', label: 'unknown charset' }, 1],
    [{ body: json, type: 'multipart/form-data', label: 'multipart without boundary' }, 1],
    [{ body: json, type: null, label: 'no content type' }, 1],
    [{ body: '', label: 'empty JSON body' }, 1],
    [{ body: gzipSync(json), encoding: 'gzip', label: 'gzipped JSON' }, 1],
    [{ body: Buffer.from('\x1f\x8b\x08\x00garbage'), encoding: 'gzip', label: 'broken gzip' }, 1],
    [{ body: json, encoding: 'br', label: 'brotli header on plain JSON' }, 1],
    [{ body: json, encoding: 'x-klingon', label: 'unknown content-encoding' }, 1],
  ]);
}

// ------------------------------------------------------------------------------------- multipart and CSV

function multipart(parts, boundary) {
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    if (p.filenameStar !== undefined) head += `; filename*=UTF-8''${p.filenameStar}`;
    head += '\r\n';
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.isBuffer(p.data) ? p.data : Buffer.from(String(p.data), 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** The text fields of a JSON body as multipart fields (arrays repeat the field, as browsers do). */
function formFields(body) {
  const parts = [];
  for (const [k, v] of Object.entries(body ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) parts.push({ name: k, data: item === null ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item) });
  }
  return parts;
}

/** A multipart request for routes taking files: valid or broken fields, files, names and framing. */
function multipartCase(r, spec, valid, fields, w, maxFiles) {
  const boundary = `----cit-fuzz-${r.hex(16)}`;
  const files = fileCorpus(r);
  let label = 'multipart';
  let body = valid;
  if (valid && r.chance(0.4)) {
    const m = mutateField(r, valid, fields, w);
    body = m.body;
    label += `, ${m.label}`;
  }
  const parts = spec.filesOnly || !body ? [] : formFields(body);
  const field = spec.multipart ?? 'attachments';
  const nFiles = spec.filesOnly ? 1 + r.int(2) : r.int(3);
  for (let i = 0; i < nFiles; i++) {
    const [kind, name, type, data] = r.pick(files);
    const odd = r.chance(0.25);
    parts.push({ name: field, filename: odd ? r.pick(FILE_NAMES) : name, type, data });
    label += `, file ${kind}${odd ? ' (odd name)' : ''}`;
  }
  let contentType = `multipart/form-data; boundary=${boundary}`;
  let bytes;
  const broken = r.weighted([
    ['none', 10],
    ['wrongField', 1],
    ['tooMany', 1],
    ['tooBig', 1],
    ['filenameStar', 1],
    ['noBoundary', 1],
    ['wrongBoundary', 1],
    ['truncated', 2],
    ['manyFields', 1],
    ['bigField', 1],
    ['noDisposition', 1],
  ]);
  switch (broken) {
    case 'wrongField':
      parts.push({ name: 'file', filename: 'altro.txt', type: 'text/plain', data: 'x' });
      break;
    case 'tooMany':
      for (let i = 0; i <= maxFiles; i++) parts.push({ name: field, filename: `n${i}.txt`, type: 'text/plain', data: `file ${i}\n` });
      break;
    case 'tooBig':
      parts.push({ name: field, filename: 'grande.txt', type: 'text/plain', data: Buffer.alloc(MB + 10 * KB, 0x61) });
      break;
    case 'filenameStar':
      parts.push({ name: field, filenameStar: r.pick(['%00.pdf', '%E0%A4%A.pdf', '%F0%9F%98%80.txt', '..%2F..%2Fetc%2Fpasswd']), type: 'text/plain', data: 'testo\n' });
      break;
    case 'manyFields':
      for (let i = 0; i < 60; i++) parts.push({ name: `campo${i}`, data: 'x' });
      break;
    case 'bigField':
      parts.push({ name: 'description', data: huge('overLimit') });
      break;
    default:
  }
  bytes = multipart(parts, boundary);
  if (broken === 'noBoundary') contentType = 'multipart/form-data';
  if (broken === 'wrongBoundary') contentType = `multipart/form-data; boundary=${boundary}x`;
  if (broken === 'truncated') bytes = bytes.subarray(0, Math.max(10, Math.floor(bytes.length * r.next())));
  if (broken === 'noDisposition') bytes = Buffer.from(bytes.toString('latin1').replace(/Content-Disposition: [^\r]*\r\n/, ''), 'latin1');
  return { body: bytes, type: contentType, label: broken === 'none' ? label : `${label}, ${broken}` };
}

/** A CSV import: valid lines with one cell, the framing or the encoding broken. */
function csvCase(r, kind, w) {
  const boundary = `----cit-fuzz-${r.hex(16)}`;
  const header = kind === 'telemaco' ? ['codice_fiscale', 'anno', 'mese', 'consultazioni'] : ['id_addebito', 'data_riscossione', 'atto'];
  const line = () =>
    kind === 'telemaco'
      ? [r.pick([w.fiscalA, w.fiscalB]), '2026', String(1 + r.int(12)), String(r.int(5000))]
      : [r.pick(w.entriesB), '05/08/2026', 'Determina dirigenziale n. 857'];
  const rows = Array.from({ length: 1 + r.int(3) }, line);
  let label = `csv ${kind}`;
  const what = r.weighted([
    ['valid', 4],
    ['cell', 10],
    ['columns', 2],
    ['headerOnly', 1],
    ['empty', 1],
    ['quote', 1],
    ['encoding', 2],
    ['binary', 1],
    ['many', 1],
    ['duplicate', 1],
    ['tab', 1],
  ]);
  if (what === 'cell') {
    const row = r.pick(rows);
    const col = r.int(row.length);
    const cells = ['99999999999999999999', '1.000.000.000.000', '01/01/0000', '31/02/2026', '00/00/0000', r.uuid(), huge('long')];
    row[col] = r.pick([...NASTY, ...NUMBER_STRINGS, ...DATES, ...UUID_JUNK, ...cells]);
    label += `, ${header[col]}: ${JSON.stringify(row[col]).slice(0, 30)}`;
  } else label += `, ${what}`;
  if (what === 'columns') rows[0] = r.chance(0.5) ? rows[0].slice(1) : [...rows[0], 'extra', 'colonne'];
  if (what === 'duplicate') rows.push([...rows[0]]);
  const sep = what === 'tab' ? '\t' : r.pick([';', ',']);
  let text = [header, ...rows].map((x) => x.join(sep)).join(r.pick(['\n', '\r\n']));
  if (what === 'headerOnly') text = header.join(';');
  if (what === 'empty') text = '';
  if (what === 'quote') text += '\n"non chiuso;2026;1;2';
  if (what === 'many') text = [header.join(';'), ...Array.from({ length: 3000 }, () => line().join(';'))].join('\n');
  let data = Buffer.from(text, 'utf8');
  if (what === 'encoding') data = r.chance(0.5) ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(`${text}\nè;à`, 'latin1');
  if (what === 'binary') data = Buffer.from(Array.from({ length: 2000 }, () => r.int(256)));
  const part = { name: r.chance(0.05) ? 'attachments' : 'file', type: 'text/csv', data };
  const oddName = r.weighted([
    ['none', 16],
    ['filename', 2],
    ['filenameStar', 2],
  ]);
  if (oddName === 'filename') part.filename = r.pick(FILE_NAMES);
  else if (oddName === 'filenameStar') part.filenameStar = r.pick(['riscossioni%00.csv', 'a%0A%0Db.csv', '%E0%A4%A.csv', '%F0%9F%98%80.csv', `${'n'.repeat(400)}.csv`, '..%2F..%2Fetc%2Fpasswd']);
  else part.filename = `${kind}.csv`;
  if (oddName !== 'none') label += `, odd ${oddName}`;
  const parts = [part];
  return { body: multipart(parts, boundary), type: `multipart/form-data; boundary=${boundary}`, label };
}

// ------------------------------------------------------------------------------------------- socket.io

/** An engine.io long-polling POST: socket.io packets for the live events' handlers, or broken framing. */
function socketCase(r, w) {
  const ticket = r.pick(w.ticketsA);
  const odd = () => JSON.stringify(r.pick([...TYPES, ...NASTY, r.uuid(), r.pick(w.ticketsB), 'x'.repeat(5000)]));
  const x = r.weighted([
    [{ body: `42["ticket.watch","${ticket}"]`, label: 'watch' }, 3],
    [{ body: `421["ticket.watch","${ticket}"]`, label: 'watch with ack' }, 2],
    [{ body: `42${r.int(1000)}["ticket.watch",${odd()}]`, label: 'watch an odd id' }, 6],
    [{ body: `42["ticket.watch",${odd()},${odd()},${odd()}]`, label: 'watch with extra arguments' }, 2],
    [{ body: `42["ticket.unwatch",${odd()}]`, label: 'unwatch an odd id' }, 2],
    [{ body: `42[${JSON.stringify(r.pick(['__proto__', 'constructor', 'disconnect', 'connect', 'error', 'ticket.changed', 'x'.repeat(5000)]))},1]`, label: 'odd event name' }, 3],
    [{ body: '42[', label: 'broken JSON packet' }, 2],
    [{ body: `42${'['.repeat(20_000)}`, label: 'JSON nested 20,000 deep' }, 1],
    [{ body: `451-["ticket.watch",{"_placeholder":true,"num":0}]`, label: 'binary placeholder without its attachment' }, 2],
    [{ body: r.pick(['9', '4', '', '0', '1', '2probe', '6', '40/admin,', '41', '43', '4x', '4\u0000']), label: 'odd packet type' }, 3],
    [{ body: Array.from({ length: 300 }, () => `42["ticket.watch","${r.uuid()}"]`).join('\u001e'), label: '300 packets in one payload' }, 1],
    [{ body: `42["ticket.watch","${huge('overLimit')}"]`, label: 'payload over 1 MB' }, 1],
    [{ body: Buffer.from(Array.from({ length: 800 }, () => r.int(256))), type: 'application/octet-stream', label: 'binary garbage' }, 1],
    [{ body: '42["ticket.watch","x"]', sid: 'unknown', label: 'unknown sid' }, 2],
    [{ body: '42["ticket.watch","x"]', sid: 'none', label: 'no sid' }, 1],
    [{ body: '42["ticket.watch","x"]', query: 'EIO=3&transport=polling', label: 'old protocol version' }, 1],
    [{ body: '42["ticket.watch","x"]', query: 'EIO=4&transport=websocket', label: 'websocket transport on a POST' }, 1],
  ]);
  return { type: 'text/plain;charset=UTF-8', ...x };
}

/**
 * The URL of the fuzzing POST: a fresh engine.io session for the caller (handshake, then joining the default
 * namespace so that the live-events middleware and handlers run), unless the case is about a bad session.
 */
async function enginePath(baseUrl, who, c) {
  if (c.query) return `/socket.io/?${c.query}`;
  if (c.sid === 'none') return '/socket.io/?EIO=4&transport=polling';
  if (c.sid === 'unknown') return '/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA';
  const hs = await requestRaw(baseUrl, 'GET', '/socket.io/?EIO=4&transport=polling', { headers: { cookie: who.cookie } }).catch(() => undefined);
  const sid = /"sid":"([^"]+)"/.exec(hs?.text ?? '')?.[1] ?? 'handshake-failed';
  const path = `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
  await requestRaw(baseUrl, 'POST', path, { headers: { cookie: who.cookie, 'content-type': 'text/plain;charset=UTF-8', 'content-length': '2' }, body: '40' }).catch(() => undefined);
  return path;
}

// --------------------------------------------------------------------------------------------- sessions

function cookieJar() {
  const jar = new Map();
  return {
    keep(res) {
      for (const line of res.headers['set-cookie'] ?? []) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

/** A caller: anonymous (a session with a CSRF token only) or signed in; `open()` (re)starts the session. */
function caller(baseUrl, name, email) {
  const c = { name, email, cookie: '', token: '', opened: 0 };
  c.open = async () => {
    c.opened++;
    if (!email) {
      const jar = cookieJar();
      const res = await request(baseUrl, 'GET', '/api/auth/csrf');
      jar.keep(res);
      c.cookie = jar.header();
      c.token = res.json.csrfToken;
      return c;
    }
    const u = await signIn(baseUrl, email, PASSWORD);
    const me = await u.get('/api/auth/me');
    if (me.status !== 200) throw new Error(`GET /api/auth/me as ${email}: ${me.status}`);
    c.cookie = u.cookie();
    c.token = me.json.csrfToken;
    return c;
  };
  return c;
}

// ------------------------------------------------------------------------------------------ fingerprint

/**
 * A fingerprint of every table: row count plus the newest committed row version (max xmin). Any committed
 * INSERT, UPDATE or DELETE changes one of the two (a new row version always gets a newer transaction id; a
 * delete lowers the count), while reads and SELECT … FOR UPDATE change neither. Requests run one at a time and
 * the fuzzing API has no background writer (no outbox dispatcher, no in-process jobs), so a change between
 * the fingerprints around a refused request was written by that request. Exceptions, by design:
 *  - http_sessions: every request may create or refresh its session row (rolling expiry, CSRF secret); that
 *    is session state, not data the request asked to write. (Login throttling counts failures in Redis, not
 *    in a table.)
 *  - audit_log entries of logins and second-factor events: a refused login is recorded by design.
 */
async function fingerprinter(db) {
  const { rows } = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const excluded = ['http_sessions'];
  const tables = rows.map((x) => x.table_name).filter((t) => !excluded.includes(t));
  // A refused login is recorded on purpose (issue 20: failed logins and wrong second-factor codes are audited).
  const only = { audit_log: ` WHERE entity NOT IN ('logins', 'second_factors')` };
  const sql = tables.map((t) => `SELECT '${t}' AS t, count(*)::text AS n, coalesce(max(xmin::text::bigint), 0)::text AS x FROM "${t}"${only[t] ?? ''}`).join(' UNION ALL ');
  const take = async () => {
    const { rows: found } = await db.query(sql);
    if (found.length !== tables.length || found.some((x) => !x.t || x.n === undefined)) throw new Error('table fingerprint query is malformed');
    return new Map(found.map((x) => [x.t, `${x.n}/${x.x}`]));
  };
  return { tables, excluded, take };
}

/**
 * Accepted requests use up the objects deep paths need (an entry is collected once, an activation decided once, a
 * survey answered once): every 200 requests the drill puts them back, between requests and before a new baseline,
 * so that late requests still reach the same logic as early ones.
 */
async function replenish(db, w) {
  await db.query(
    `UPDATE billing_entries SET status = 'assessed', collected_on = NULL, collected_by = NULL, act_reference = NULL
     WHERE id = ANY($1::uuid[]) AND status = 'collected'`,
    [[...w.entriesA, ...w.entriesB]],
  );
  await db.query(
    `UPDATE tickets SET approval_state = 'requested', approval_reason = NULL, approved_by = NULL, approved_at = NULL
     WHERE id = ANY($1::uuid[]) AND approval_state IN ('approved', 'rejected') AND applied_at IS NULL`,
    [[...w.activationsA, ...w.activationsB]],
  );
  await db.query(`DELETE FROM ticket_surveys WHERE ticket_id = $1`, [w.surveyTicket]);
  await db.query(`UPDATE tickets SET status = 'closed' WHERE id = $1 AND status <> 'closed'`, [w.surveyTicket]);
  await db.query(`UPDATE statement_runs SET status = 'failed' WHERE status IN ('queued', 'running')`);
}

/**
 * The fingerprint must see what it is meant to see: an UPDATE that rewrites a row with the same values, a DELETE
 * and a change of a user's data are writes; a session's refresh is not.
 */
async function fingerprintControl(db, fp, w) {
  const seen = async (sql, args) => {
    const a = await fp.take();
    await db.query(sql, args);
    return changedTables(a, await fp.take()).join(',') || '—';
  };
  const found = [
    await seen(`UPDATE tickets SET title = title WHERE id = $1`, [w.ticketsB[0]]),
    await seen(`DELETE FROM password_links WHERE id = (SELECT id FROM password_links ORDER BY id LIMIT 1)`),
    await seen(`UPDATE users SET language = CASE language WHEN 'it' THEN 'en' ELSE 'it' END WHERE id = $1`, [w.victims[0]]),
    await seen(`UPDATE http_sessions SET expire = expire + interval '1 second' WHERE sid = (SELECT sid FROM http_sessions ORDER BY sid LIMIT 1)`),
  ];
  return { found: found.join(' / '), ok: /tickets/.test(found[0]) && found[1] === 'password_links' && found[2] === 'users' && found[3] === '—' };
}

function changedTables(before, after) {
  return [...after].filter(([t, v]) => before.get(t) !== v).map(([t]) => t);
}

// ----------------------------------------------------------------------------------------------- report

const excerpt = (body, n = 140) => {
  if (body === undefined) return '(no body)';
  const s = Buffer.isBuffer(body) ? body.subarray(0, n * 2).toString('latin1') : String(body);
  const size = Buffer.isBuffer(body) ? body.length : Buffer.byteLength(s);
  return `${JSON.stringify(s.slice(0, n)).slice(1, -1)}${size > n ? `… (${size} bytes)` : ''}`;
};

const describe = (c, res) =>
  `${c.method} ${c.path.length > 120 ? `${c.path.slice(0, 120)}…` : c.path} as ${c.caller} [${c.label}] body: ${excerpt(c.body)} → ${res.status || res.error} ${excerpt(res.text ?? '', 200)}`;

/** The error shape every product error has; bull-board (a mounted third-party UI) answers with its own keys. */
function clearError(res, bull) {
  const ct = String(res.headers?.['content-type'] ?? '');
  if (!ct.includes('application/json') || !res.json || typeof res.json !== 'object') return false;
  const e = res.json.error;
  if (bull && e && typeof e === 'object' && typeof e.key === 'string' && e.key.length > 3) return true;
  return Boolean(e && typeof e.code === 'string' && e.code && typeof e.message === 'string' && e.message.trim().length >= 10);
}

// ------------------------------------------------------------------------------------------------ drill

/**
 * 6. `requests` generated malformed requests across every write endpoint, one at a time, as the callers that
 * reach validation and logic (Ente A's referent, operator, approver, admin, anonymous for public routes).
 */
export async function fuzzDrill(ctx, { requests, seed = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED), timeBudgetMs }) {
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);
  const rows = [];
  const t0 = now();
  const r = prng(seed);
  const budget = timeBudgetMs ?? Math.max(60_000, requests * 60);
  console.log(`    fuzz seed ${seed} (FUZZ_SEED=${seed} repeats this run), ${requests} requests, time budget ${secs(budget)}`);

  const dbUrl = await createDatabase(ctx.pg, ctx.template, 'drill_fuzz');
  const redis = await startRedis(ctx.dir);
  const attachmentsDir = await workDir(ctx.dir, 'fuzz-attachments');
  const maxFiles = 10;
  const base = {
    sessionSecret: ctx.sessionSecret,
    env: {
      DATABASE_URL: dbUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'drill6',
      RUN_JOBS: 'false',
      ATTACHMENT_MAX_FILES: String(maxFiles),
      // The fuzz measures input handling from one address; throttling has its own tests (login-throttle.test.ts).
      LOGIN_IP_MAX_FAILURES: '10000',
      LOGIN_DELAY_MAX_MS: '0',
      PASSWORD_REQUESTS_PER_IP_HOUR: '10000',
    },
  };
  const w = await seedFuzzWorld(ctx, dbUrl, base, attachmentsDir);
  // No dispatcher, no jobs: after the response nothing but the next request writes (see fingerprinter).
  // 1 MB per attachment keeps "file too large" cases cheap on the wire.
  const api = await startApi(base, { OUTBOX_DISPATCH: 'false', ATTACHMENTS_DIR: attachmentsDir, ATTACHMENT_MAX_MB: '1' }, 'api-fuzz');
  const seededIn = now() - t0;

  const doc = (await request(api.url, 'GET', '/api/openapi.json')).json;
  const { endpoints, unknownMounts } = await writeEndpoints(doc);
  const specs = endpointSpecs(w);
  const allIds = [w.enteA, w.enteB, ...w.ticketsA, ...w.ticketsB, ...w.recordsB, ...w.entriesB, ...w.victims, ...w.mails];
  const pools = {
    ticketsA: w.ticketsA,
    activationsA: [...w.activationsA, ...w.activationsB],
    entriesB: [...w.entriesB, ...w.entriesA],
    victims: [...w.victims, w.admin],
    mails: w.mails,
    urgencies: ['blocking', 'high', 'medium', 'low', 'very_low'],
    surveyTokens: w.surveyTokens,
    jobIds: ['1', 'billing.statements-00000000-0000-0000-0000-000000000000', 'services.apply-x'],
    queueNames: [QUEUE, QUEUE, QUEUE, 'coda-inesistente'],
    bullJobIds: ['1', '2', 'inesistente'],
    queueStatuses: ['failed', 'completed', 'delayed', 'wait', 'active', 'paused'],
    schedulerIds: ['sched-1', 'inesistente'],
    allIds,
    words: ['x', 'prova'],
    years: ['2025', '2026', '0', 'x'],
  };
  /** Ids of the other Ente (or of the wrong kind) for the same path parameter; never a caller the drill needs. */
  const foreignPools = { ticketsA: w.ticketsB, activationsA: w.ticketsA, entriesB: w.recordsB, victims: [w.users[w.emails.enteB], w.ticketsA[0]], mails: w.ticketsB };
  const plan = endpoints.map((ep) => {
    let spec = specs[ep.key] ?? genericSpec(doc, ep, allIds);
    if (ep.bull) spec = bullSpec(ep);
    if (ep.socket) spec = { callers: ['enteA', 'enteA', 'operator', 'anon'], bodies: [], socket: true };
    const schema = ep.op?.requestBody?.content?.['application/json']?.schema;
    return { ep, spec, fields: schema ? fieldsOf(doc, schema) : new Map() };
  });

  const callers = { anon: caller(api.url, 'anon') };
  for (const [name, email] of Object.entries(w.emails)) callers[name] = caller(api.url, name, email);
  await pool(Object.values(callers), 3, (c) => c.open());

  // Product endpoints weigh 3, bull-board's (a third-party inspector with many small routes) 1.
  const weights = plan.map((p) => (p.ep.bull ? 1 : 3));
  const total = weights.reduce((a, b) => a + b, 0);
  const schedule = [];
  plan.forEach((p, i) => {
    const n = Math.max(1, Math.round((requests * weights[i]) / total));
    for (let k = 0; k < n; k++) schedule.push(i);
  });
  for (let i = schedule.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [schedule[i], schedule[j]] = [schedule[j], schedule[i]];
  }
  schedule.length = Math.min(schedule.length, requests);
  while (schedule.length < requests) schedule.push(r.int(plan.length));

  /** One request of the plan: strategy, caller, path and bytes. */
  const generate = (p) => {
    const { ep, spec, fields } = p;
    if (spec.socket) return { ...socketCase(r, w), key: ep.key, method: 'POST', path: ep.path, caller: r.pick(spec.callers), strategy: 'socket', headers: {}, socket: true };
    let callerName = r.pick(spec.callers);
    const valid = spec.bodies.length ? clone(r.pick(spec.bodies)(r)) : undefined;
    // The operator opens tickets for an Ente (a phone call): its valid example names one.
    if (spec.operatorNeedsEnte && callerName === 'operator' && valid) valid.enteId = r.pick([w.enteA, w.enteB, w.enteC]);
    const params = {};
    for (const [, name] of ep.path.matchAll(/\{([^}]+)\}/g)) params[name] = encodePath(String(r.pick(pools[spec.params?.[name]] ?? pools.words)));
    const hasParams = Object.keys(params).length > 0;
    const wantsFiles = spec.multipart || spec.csv;
    const strategy = r.weighted([
      ['valid', 6],
      ['field', valid ? 36 : 0],
      ['fields2', valid ? 6 : 0],
      ['extra', valid ? 5 : 1],
      ['body', 8],
      ['raw', 12],
      ['path', hasParams ? 12 : 0],
      ['auth', 4],
      ['files', wantsFiles ? (spec.filesOnly || spec.csv ? 60 : 18) : 0],
    ]);
    let body = valid;
    let label = strategy;
    let type = 'application/json';
    let encoding;
    let raw;
    const headers = {};
    switch (strategy) {
      case 'field': {
        const m = mutateField(r, valid, fields, w);
        body = m.body;
        label = m.label;
        break;
      }
      case 'fields2': {
        const a = mutateField(r, valid, fields, w);
        const b = mutateField(r, a.body, fields, w);
        body = b.body;
        label = `${a.label}; ${b.label}`;
        break;
      }
      case 'extra': {
        const key = r.pick(EXTRA_KEYS);
        body = { ...(valid ?? {}), [key]: r.pick([...TYPES, ...NASTY, r.uuid(), w.enteB]) };
        label = `extra field ${JSON.stringify(key.slice(0, 20))}`;
        break;
      }
      case 'body': {
        const [b, l] = wrongBody(r, valid);
        body = b;
        label = l;
        break;
      }
      case 'raw': {
        const x = rawBody(r, valid);
        raw = x.body;
        label = x.label;
        if (x.type !== undefined) type = x.type;
        encoding = x.encoding;
        break;
      }
      case 'path': {
        const name = r.pick(Object.keys(params));
        const own = pools[spec.params?.[name]];
        const v = r.weighted([
          [encodePath(r.pick(UUID_JUNK)), 3],
          [r.uuid(), 3],
          [foreignPools[spec.params?.[name]] ? r.pick(foreignPools[spec.params[name]]) : r.uuid(), 4],
          [encodePath(r.pick(NASTY)), 3],
          [r.pick(['%00', '%E0%A4%A', '%ZZ', '%', '%F0%9F', '%C0%AF', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%20']), 3],
          ['a'.repeat(3000), 1],
          [encodePath(`${r.pick(own ?? pools.words)} `), 1],
        ]);
        params[name] = v;
        label = `path ${name}=${decodeURIComponentSafe(v).slice(0, 40)}`;
        break;
      }
      case 'auth': {
        const how = r.weighted([
          ['caller', 3],
          ['noCsrf', 1],
          ['badCsrf', 1],
          ['badCookie', 1],
        ]);
        if (how === 'caller') callerName = r.pick(Object.keys(callers).filter((c) => !spec.callers.includes(c)));
        if (how === 'noCsrf') headers['x-csrf-token'] = null;
        if (how === 'badCsrf') headers['x-csrf-token'] = r.pick(['x', '', 'a'.repeat(5000), '\u00e8']);
        if (how === 'badCookie') headers.cookie = r.pick(['cit.sid=s%3Aforged.sig', 'cit.sid=', `cit.sid=${'a'.repeat(3000)}`, 'x=%ZZ']);
        label = `auth: ${how === 'caller' ? `as ${callerName}` : how}`;
        break;
      }
      case 'files': {
        const x = spec.csv ? csvCase(r, spec.csv, w) : multipartCase(r, spec, valid, fields, w, maxFiles);
        raw = x.body;
        type = x.type;
        label = x.label;
        break;
      }
      default:
    }
    const bytes = raw !== undefined ? raw : body === undefined ? (ep.method === 'DELETE' || r.chance(0.5) ? undefined : '{}') : JSON.stringify(body);
    const pathFilled = ep.path.replace(/\{([^}]+)\}/g, (_, n) => params[n]);
    return { key: ep.key, method: ep.method, path: pathFilled, caller: callerName, label, strategy, body: bytes, type, encoding, headers, bull: Boolean(ep.bull) };
  };

  const send = async (c) => {
    const who = callers[c.caller];
    if (c.socket) c.path = await enginePath(api.url, who, c);
    const headers = { cookie: who.cookie, 'x-csrf-token': who.token };
    if (c.body !== undefined) {
      if (c.type) headers['content-type'] = c.type;
      headers['content-length'] = String(Buffer.byteLength(c.body));
      if (c.encoding) headers['content-encoding'] = c.encoding;
    }
    for (const [k, v] of Object.entries(c.headers)) {
      if (v === null) delete headers[k];
      else headers[k] = v;
    }
    return requestRaw(api.url, c.method, c.path, { headers, body: c.body, timeoutMs: 20_000 }).catch((err) => ({ status: 0, error: err.code ?? err.message, text: err.message }));
  };

  const db = pgClient(dbUrl);
  await db.connect();
  const fp = await fingerprinter(db);
  let before = await fp.take();

  const stats = new Map(plan.map((p) => [p.ep.key, { sent: 0, reached: 0, statuses: new Map(), generic: Boolean(p.spec.generic), bull: Boolean(p.ep.bull) }]));
  const byStatus = new Map();
  const byCode = new Map();
  /** What each kind of input got, for the report file: shows how deep the generated requests reach. */
  const byKind = new Map();
  const errors5xx = [];
  /** Offenders grouped by endpoint and kind of input, so one defect does not hide another in the report. */
  const kinds5xx = new Map();
  const context5xx = [];
  const recent = [];
  const dropped = [];
  const unclear = [];
  const wrote = [];
  const accepted = [];
  const acceptedMutations = [];
  let apiErrors = 0;
  let maxMs = 0;
  let reopened = 0;
  let sent = 0;
  const loopStart = now();
  for (const idx of schedule) {
    if (now() - loopStart > budget) break;
    if (sent > 0 && sent % 200 === 0) {
      await replenish(db, w);
      before = await fp.take();
    }
    const p = plan[idx];
    const c = generate(p);
    const res = await send(c);
    sent++;
    maxMs = Math.max(maxMs, res.ms ?? 0);
    const st = stats.get(c.key);
    st.sent++;
    st.statuses.set(res.status, (st.statuses.get(res.status) ?? 0) + 1);
    byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
    const code = `${res.status} ${res.json?.error?.code ?? res.json?.error?.key ?? ''}`.trim();
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
    const kind = `${c.key} as ${c.caller} [${c.label.replace(/\d+/g, 'N')}]`;
    byKind.set(kind, { ...(byKind.get(kind) ?? {}), [code]: (byKind.get(kind)?.[code] ?? 0) + 1 });
    const routeMissing = res.status === 404 && /Nessuna API risponde/.test(res.json?.error?.message ?? '');
    if (res.status !== 0 && res.status !== 401 && res.status !== 403 && !routeMissing) st.reached++;
    if (res.status === 0) dropped.push(describe(c, res));
    else if (res.status >= 500) {
      errors5xx.push(describe(c, res));
      // What came just before: a 500 may be caused by state an earlier (accepted) request left behind.
      context5xx.push({ request: describe(c, res), before: recent.slice() });
      const kind = `${c.key} [${c.label.replace(/\d+/g, 'N')}]`;
      kinds5xx.set(kind, (kinds5xx.get(kind) ?? 0) + 1);
    }
    // engine.io's protocol answers its own refusals with bare 400/413 bodies: only /api owes the JSON shape.
    if (res.status >= 400 && !c.socket) {
      apiErrors++;
      if (!clearError(res, c.bull)) unclear.push(describe(c, res));
    }
    recent.push(describe(c, res).slice(0, 500));
    if (recent.length > 8) recent.shift();
    if (res.status >= 200 && res.status < 300) {
      accepted.push(c.key);
      // Mutated input the server took: not a failure by itself (extra fields are dropped, emoji are text), but
      // worth a look, so the report file lists them.
      if (c.strategy === 'field' || c.strategy === 'fields2') acceptedMutations.push(describe(c, res).slice(0, 600));
    }

    let after;
    if (res.status === 0) {
      // The server may still be working on a request we gave up on: let it finish before the next baseline.
      await sleep(1_000);
    } else if (res.status >= 400) {
      after = await fp.take();
      const changed = changedTables(before, after);
      if (changed.length) wrote.push(`${describe(c, res)} — changed: ${changed.join(', ')}`);
    }
    // A refused request that ended the caller's session (a login or logout on its cookie, a disabled account)
    // must not turn the rest of the run into 401s: unlock and sign in again, then take a fresh baseline.
    // A session that is gone shows as 401, or as 403 csrf_invalid when the CSRF check (which runs first) finds no
    // token in the new, empty session; an anonymous caller's session changes when its login or logout succeeds.
    const who = callers[c.caller];
    const sentOwnToken = c.headers['x-csrf-token'] === undefined && c.headers.cookie === undefined;
    const lost =
      (who.email && (res.status === 401 || (res.status === 403 && res.json?.error?.code === 'csrf_invalid' && sentOwnToken))) ||
      (!who.email && res.status >= 200 && res.status < 300 && /\/auth\//.test(c.path));
    if (lost) {
      if (who.email) await db.query(`UPDATE users SET disabled_at = NULL WHERE email = $1`, [who.email]);
      await who.open().catch((err) => console.log(`    could not reopen the session of ${who.name}: ${err.message}`));
      reopened++;
      after = undefined;
    }
    before = after ?? (await fp.take());
  }
  const loopMs = now() - loopStart;

  const control = await fingerprintControl(db, fp, w);
  // Half-written records anywhere: the same invariants drill 4 checks, plus files behind every attachment row.
  const {
    rows: [inv],
  } = await db.query(
    `SELECT count(*)::int AS tickets,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id))::int AS no_history,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.topic = 'live.ticket' AND o.payload->>'ticketId' = t.id::text))::int AS no_outbox
     FROM tickets t`,
  );
  const { rows: attachments } = await db.query(`SELECT DISTINCT sha256 FROM ticket_attachments`);
  const missingFiles = attachments.filter((a) => !existsSync(path.join(attachmentsDir, a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256))).length;
  await db.end().catch(() => undefined);
  // The admin's session may have been replaced by a refused request (a login on its cookie): a fresh one.
  await callers.admin.open();
  const readRows = await readFuzz({
    baseUrl: api.url,
    doc,
    cookie: callers.admin.cookie,
    uuidFor: (name) => (/ente/i.test(name) ? w.enteA : /ticket|id/i.test(name) ? w.ticketsA[0] : r.uuid()),
  });
  const health = await request(api.url, 'GET', '/api/health', { timeoutMs: 10_000 }).catch((err) => ({ status: 0, text: err.message }));

  // ---------------------------------------------------------------------------------------------- rows
  const covered = [...stats].filter(([, s]) => s.reached > 0);
  const missing = [...stats].filter(([, s]) => s.reached === 0).map(([k]) => k);
  const generic = [...stats].filter(([, s]) => s.generic).map(([k]) => k);
  const origins = {
    openapi: endpoints.filter((e) => e.origin === 'openapi').length,
    bull: endpoints.filter((e) => e.bull).length,
    socket: endpoints.filter((e) => e.socket).length,
    other: endpoints.filter((e) => e.origin !== 'openapi' && !e.bull && !e.socket).length,
  };
  const first = (list, n = 3) => list.slice(0, n).map((x) => `\n      ${x.slice(0, 900)}`).join('');
  /** "N" or "N: the first one", for the found column. */
  const countAndFirst = (list) => `${list.length}${list.length ? `: ${list[0].slice(0, 300)}` : ''}`;
  const statusText = [...byStatus].sort(([a], [b]) => a - b).map(([st, n]) => `${st || 'reset'}×${n}`).join(' ');
  const codeText = [...byCode].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}×${n}`).join(', ');
  console.log(
    `    write endpoints: ${endpoints.length} (${origins.openapi} in /api/openapi.json, ${origins.bull} bull-board, ${origins.socket} socket.io, ` +
      `${origins.other} plain express); reached by the fuzz: ${covered.length}`,
  );
  console.log(`    ${sent} requests in ${secs(loopMs)} (seeding ${secs(seededIn)}), ${reopened} sessions reopened; by status: ${statusText}`);
  console.log(`    by status and code: ${codeText}`);
  const width = Math.max(...endpoints.map((e) => e.key.length));
  for (const [key, st] of [...stats].sort(([a], [b]) => a.localeCompare(b))) {
    const sts = [...st.statuses].sort(([a], [b]) => a - b).map(([k, n]) => `${k || 'reset'}×${n}`).join(' ');
    console.log(`      ${key.padEnd(width)}  ${String(st.sent).padStart(4)} sent ${String(st.reached).padStart(4)} reached  ${sts}${st.generic ? '  (generic spec)' : ''}`);
  }
  if (errors5xx.length) {
    console.log(`    responses ≥ 500 by endpoint and input:${[...kinds5xx].map(([k, n]) => `\n      ${n} × ${k}`).join('')}`);
    console.log(`    responses ≥ 500 (first of ${errors5xx.length}):${first(errors5xx, 5)}`);
    console.log(`    API errors:\n      ${api.errors.slice(0, 3).map((l) => l.slice(0, 600)).join('\n      ') || '(none logged)'}`);
  }
  if (dropped.length) console.log(`    reset / timed out (first of ${dropped.length}):${first(dropped)}`);
  if (unclear.length) console.log(`    errors without a clear JSON body (first of ${unclear.length}):${first(unclear)}`);
  if (wrote.length) console.log(`    refused requests that wrote (first of ${wrote.length}):${first(wrote, 5)}`);

  if (process.env.FUZZ_REPORT) {
    const report = {
      seed,
      requests: sent,
      byCode: Object.fromEntries(byCode),
      perEndpoint: Object.fromEntries([...stats].map(([k, st]) => [k, { ...st, statuses: Object.fromEntries(st.statuses) }])),
      byKind: Object.fromEntries([...byKind].sort()),
      errors5xx: context5xx,
      dropped,
      unclear,
      wrote,
      acceptedMutations,
    };
    await writeFile(process.env.FUZZ_REPORT, JSON.stringify(report, null, 2));
    console.log(`    every offender written to ${process.env.FUZZ_REPORT}`);
  }

  const refused = [...byStatus].filter(([st]) => st >= 400 && st < 500).reduce((a, [, n]) => a + n, 0);
  rows.push(
    row(
      D,
      `write endpoints reached by the fuzz (${origins.openapi} OpenAPI + ${origins.bull} bull-board + ${origins.socket} socket.io + ${origins.other} other)`,
      `${endpoints.length}/${endpoints.length}, 0 unknown mounts`,
      `${covered.length}/${endpoints.length}` +
        (missing.length ? ` (not reached: ${missing.join(', ')})` : '') +
        (unknownMounts.length ? `; unknown mounts: ${unknownMounts.join(', ')}` : '') +
        (generic.length ? `; ${generic.length} by generic spec: ${generic.join(', ')}` : ''),
      missing.length === 0 && unknownMounts.length === 0,
    ),
  );
  rows.push(row(D, `requests sent (seed ${seed}; ${secs(loopMs)}, max latency ${secs(maxMs)})`, requests, sent, sent === requests));
  rows.push(row(D, 'responses ≥ 500', 0, countAndFirst(errors5xx), errors5xx.length === 0));
  rows.push(row(D, 'connection resets / timeouts (20 s)', 0, countAndFirst(dropped), dropped.length === 0));
  rows.push(
    row(
      D,
      'error answers of /api that are JSON with a code and a message',
      `${apiErrors}/${apiErrors}`,
      `${apiErrors - unclear.length}/${apiErrors}${unclear.length ? `: ${unclear[0].slice(0, 300)}` : ''}`,
      unclear.length === 0,
    ),
  );
  rows.push(
    row(
      D,
      `refused requests that wrote a row (${fp.tables.length} tables fingerprinted, ${fp.excluded.join(', ')} excluded)`,
      `0 of ${refused}`,
      countAndFirst(wrote),
      wrote.length === 0 && refused > 0,
    ),
  );
  rows.push(...readRows);
  rows.push(row(D, 'fingerprint control: same-value UPDATE / DELETE / user data / lockout counter', 'tickets / password_links / users / —', control.found, control.ok));
  rows.push(
    row(
      D,
      'partial records: tickets without history / outbox row; attachment rows without file',
      '0 / 0 / 0',
      `${inv.no_history} / ${inv.no_outbox} / ${missingFiles} (of ${inv.tickets} tickets, ${attachments.length} files)`,
      inv.no_history + inv.no_outbox + missingFiles === 0,
    ),
  );
  rows.push(row(D, `answers by status (${accepted.length} accepted, ${refused} refused)`, 'only 2xx and 4xx', statusText, [...byStatus.keys()].every((st) => st >= 200 && st < 500)));
  // The socket.io transport answers "ok" before its handlers run: a handler that throws only shows in the log.
  rows.push(row(D, 'API log lines at error level (or not JSON)', 0, countAndFirst(api.errors), api.errors.length === 0));
  rows.push(
    row(D, 'API alive afterwards: same process, /api/health', `200, pid ${api.pid}`, `${health.status}${api.exited ? ', exited' : `, pid ${api.pid}`}`, health.status === 200 && !api.exited),
  );
  await api.kill('SIGTERM');
  return rows;
}

/** Percent-encoding that also carries lone surrogates, as the (invalid UTF-8) bytes a careless client sends. */
function encodePath(s) {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        const u = ch.charCodeAt(0);
        if (ch.length === 1 && u >= 0xd800 && u <= 0xdfff) return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

function decodeURIComponentSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
