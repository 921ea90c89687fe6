import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { CSRF_HEADER, type Role } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { tenantWorld } from '../../../test/fixtures';

/**
 * The class of defect: a route that reads (buffers, spools, parses) its request body before it knows the caller may
 * make the call. Every write route of the OpenAPI document gets a 21 MB upload, as JSON and as multipart, from an
 * anonymous caller (with a CSRF session) and from a signed-in role the route refuses: the answer (401/403) must
 * arrive while the upload is still being sent, and the server must have pulled less than 1 MB off the connection.
 * A new route that parses its body first fails here without anybody having to remember to add it.
 */

const BODY_BYTES = 21 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x41);
/** Headers plus what the kernel and Node buffer before the server decides: far below any upload. */
const MAX_SERVER_READ = 1024 * 1024;
const BOUNDARY = 'confine-di-prova';
const CONTENT_TYPES = ['application/json', `multipart/form-data; boundary=${BOUNDARY}`];

interface Operation {
  method: string;
  path: string;
  isPublic: boolean;
  roles: readonly Role[] | undefined;
}

interface Outcome {
  status: number;
  /** Whether the client had sent the whole body when the answer came. */
  uploadFinished: boolean;
  /** Bytes the server read from this connection, headers included, until it closed it. */
  serverRead: number;
}

let env: TestEnv;
let operations: Operation[];
/** Server side of each connection, by the client's port: how much the server read is measured there. */
const serverSockets = new Map<number, Socket>();

beforeAll(async () => {
  env = await startTestEnv();
  await tenantWorld(env.ds);
  env.server.on('connection', (socket: Socket) => {
    if (socket.remotePort !== undefined) serverSockets.set(socket.remotePort, socket);
  });
  const doc = (await (await fetch(`${env.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: Role[] }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        // Any id will do: the caller is refused before the parameters are even looked at.
        path: path.replace(/\{[^}]+\}/g, randomUUID()),
        isPublic: Array.isArray(op.security) && op.security.length === 0,
        roles: op['x-roles'],
      })),
  );
}, 60_000);
afterAll(() => env.close());

function serverBytesRead(port: number): Promise<number> {
  const socket = serverSockets.get(port);
  if (!socket) return Promise.resolve(Number.NaN);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      serverSockets.delete(port);
      resolve(socket.bytesRead);
    };
    // A refused upload closes the connection; if the server kept it open, what it read so far is the measure.
    const timer = setTimeout(done, 2_000);
    if (socket.destroyed) done();
    else socket.once('close', done);
  });
}

/** Streams a 21 MB body, respecting back-pressure, and stops as soon as the answer arrives. */
function sendLargeBody(method: string, path: string, headers: Record<string, string>): Promise<Outcome> {
  const { port } = new URL(env.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { ...headers, 'content-length': String(BODY_BYTES) } });
    let sent = 0;
    let answered = false;
    let localPort = 0;
    req.on('socket', (socket) => socket.once('connect', () => (localPort = socket.localPort ?? 0)));
    const pump = (): void => {
      while (!answered && sent < BODY_BYTES) {
        const more = req.write(CHUNK);
        sent += CHUNK.length;
        if (!more) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    req.on('response', (res) => {
      answered = true;
      const uploadFinished = sent >= BODY_BYTES;
      res.resume();
      res.once('end', () => {
        req.destroy();
        serverBytesRead(localPort).then((serverRead) => resolve({ status: res.statusCode ?? 0, uploadFinished, serverRead }), reject);
      });
    });
    // Writing after the server closed the connection fails on the client: expected once answered.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    pump();
  });
}

async function csrfSession(): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${env.url}/api/auth/csrf`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('cit.sid='));
  if (!cookie) throw new Error('no session cookie');
  return { cookie, token: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function walk(selected: Operation[], headers: Record<string, string>, expected: number): Promise<string[]> {
  const failures: string[] = [];
  for (const op of selected) {
    for (const contentType of CONTENT_TYPES) {
      const out = await sendLargeBody(op.method, op.path, { ...headers, 'content-type': contentType });
      if (out.status !== expected || out.uploadFinished || !(out.serverRead < MAX_SERVER_READ)) {
        failures.push(`${op.method} ${op.path} (${contentType.split(';')[0]}): ${out.status}, read ${out.serverRead} bytes, upload finished: ${out.uploadFinished}`);
      }
    }
  }
  return failures;
}

describe('no request body is read before the caller is known and allowed', () => {
  it('walks a real set of write routes (the document lists the upload routes)', () => {
    const paths = operations.map((o) => `${o.method} ${o.path.replace(/[0-9a-f-]{36}/g, ':id')}`);
    expect(operations.length).toBeGreaterThan(50);
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /api/tickets',
        'POST /api/tickets/:id/followups',
        'POST /api/tickets/:id/attachments',
        'POST /api/billing/usage/telemaco',
        'POST /api/enti/population-imports/preview',
        'POST /api/enti/:id/memberships/:id/document',
      ]),
    );
  });

  it('answers 401 to an anonymous 21 MB upload on every write route, before the upload is over and without reading it', async () => {
    const { cookie, token } = await csrfSession();
    const failures = await walk(
      operations.filter((o) => !o.isPublic),
      { cookie, [CSRF_HEADER]: token },
      401,
    );
    expect(failures).toEqual([]);
  }, 240_000);

  it('answers 403 to a signed-in role the route refuses, before reading the upload', async () => {
    const signedIn = await env.signIn('pec@fornitore.example', 'Password-di-prova-1');
    const refused = operations.filter((o) => o.roles && !o.roles.includes('supplier_user'));
    expect(refused.map((o) => o.path)).toContain('/api/billing/usage/telemaco');
    const failures = await walk(refused, { cookie: signedIn.cookie, [CSRF_HEADER]: signedIn.csrfToken }, 403);
    expect(failures).toEqual([]);
  }, 240_000);

  it('lets public write routes read no more than the 1 MB JSON limit', async () => {
    const { cookie, token } = await csrfSession();
    const publicOps = operations.filter((o) => o.isPublic);
    expect(publicOps.map((o) => o.path)).toContain('/api/auth/login');
    const failures: string[] = [];
    for (const op of publicOps) {
      for (const contentType of CONTENT_TYPES) {
        const out = await sendLargeBody(op.method, op.path, { cookie, [CSRF_HEADER]: token, 'content-type': contentType });
        if (out.uploadFinished || !(out.serverRead < 2 * MAX_SERVER_READ)) failures.push(`${op.method} ${op.path}: ${JSON.stringify(out)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
