import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { CSRF_HEADER } from '@cit/shared';
import { loadConfig, type Config } from '../src/config';
import { startServer, type Runtime } from '../src/runtime';
import { createLogger } from '../src/platform/logger';
import { signedForm } from './signing';
import { completeSecondFactor } from './totp';
import { databaseUrl, dropDatabase, TEST_REDIS_URL, withAdmin } from './test-db';

export interface TestEnv extends Runtime {
  dbName: string;
  /** A fresh cookie-keeping client for the running server. */
  agent: () => TestAgent;
  /** A client signed in as `email`, with the CSRF token to send on writes. */
  signIn: (email: string, password: string) => Promise<SignedIn>;
  close: () => Promise<void>;
}

export interface SignedIn {
  agent: TestAgent;
  csrfToken: string;
  /** The session cookie (`cit.sid=…`), e.g. for a socket.io client. */
  cookie: string;
  post: (path: string, body?: object) => request.Test;
  /**
   * A service request as the wizard sends it: multipart, the body's fields plus the request form, by default a
   * digitally signed PDF/A (.p7m) that passes the signed-form rule.
   */
  postRequest: (path: string, body: Record<string, unknown>, files?: FormUpload[]) => request.Test;
}

export interface FormUpload {
  name: string;
  bytes: Buffer;
}

function multipart(req: request.Test, body: Record<string, unknown>, files: FormUpload[]): request.Test {
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) req = req.field(key, String(item));
  }
  for (const f of files) req = req.attach('attachments', f.bytes, f.name);
  return req;
}

/** A running server on its own database, cloned from the run's migrated template. */
export async function startTestEnv(overrides: Record<string, string> = {}, options: { now?: () => Date } = {}): Promise<TestEnv> {
  const runId = process.env.CIT_TEST_RUN_ID;
  const template = process.env.CIT_TEST_TEMPLATE_DB;
  if (!runId || !template) throw new Error('jest globalSetup did not run');
  // Jest re-evaluates this module for every test file, so the suffix must not rely on module state.
  const dbName = `cit_test_${runId}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${template}"`));
  const attachmentsDir = path.join(os.tmpdir(), 'cit-test-attachments', dbName);
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl(dbName),
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `test_${dbName}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SERVE_CLIENT: 'false',
    ATTACHMENTS_DIR: attachmentsDir,
    // Repeatable jobs are started only by the tests about them.
    RUN_JOBS: 'false',
    ...overrides,
  });
  // `now` moves the clock of the ticket rules, approvals and price lists (a "2026" test stays one next year).
  const runtime = await startServer(config, { logger: createLogger(config.LOG_LEVEL), ...(options.now ? { now: options.now } : {}) });
  const agent = () => request.agent(runtime.server);
  return {
    ...runtime,
    dbName,
    agent,
    signIn: async (email, password) => {
      const a = agent();
      const csrf = await a.get('/api/auth/csrf').expect(200);
      let res = await a
        .post('/api/auth/login')
        .set(CSRF_HEADER, csrf.body.csrfToken as string)
        .send({ email, password });
      if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      res = await completeSecondFactor(a, res, email);
      const csrfToken = res.body.csrfToken as string;
      const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const cookie = setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('cit.sid=')) ?? '';
      return {
        agent: a,
        csrfToken,
        cookie,
        post: (path, body = {}) => a.post(path).set(CSRF_HEADER, csrfToken).send(body),
        postRequest: (path, body, files = [{ name: 'modulo.pdf.p7m', bytes: signedForm() }]) => multipart(a.post(path).set(CSRF_HEADER, csrfToken), body, files),
      };
    },
    close: async () => {
      await runtime.stop();
      await withAdmin((admin) => dropDatabase(admin, dbName));
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}
