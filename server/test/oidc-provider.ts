import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import request from 'supertest';

/** A port free right now, for a server whose address must be known before it starts (the redirect URI). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface TestOidcProvider {
  issuer: string;
  /** Who the provider signs in at the next authorization: sub, claims, acr; expired issues stale tokens. */
  next(account: { sub: string; claims: Record<string, unknown>; acr?: string; expired?: boolean }): Promise<void>;
  /** Follows the provider's redirects from its authorization URL to the redirect back to the relying party. */
  authorize(url: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a real `oidc-provider` in a child process (the package is ESM-only) with one confidential client. */
export async function startOidcProvider(client: { id: string; secret: string; redirectUri: string }): Promise<TestOidcProvider> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-process.mjs')], {
    env: { ...process.env, NODE_ENV: 'test', CLIENT_ID: client.id, CLIENT_SECRET: client.secret, REDIRECT_URI: client.redirectUri },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`oidc-provider did not start: ${stderr}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { issuer: string }).issuer);
      }
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${stderr}`)));
  });
  return {
    issuer,
    next: async (account) => {
      await request(issuer).post('/test/next').send(account).expect(204);
    },
    authorize: async (url) => {
      // The browser's part: the provider's cookies across its own redirects.
      const browser = request.agent(issuer);
      let location = url;
      for (let hop = 0; hop < 10; hop++) {
        if (!location.startsWith(issuer)) return location;
        const res = await browser.get(location.slice(issuer.length));
        if (res.status < 300 || res.status >= 400) throw new Error(`provider answered ${res.status}: ${res.text.slice(0, 300)}`);
        location = new URL(res.headers.location as string, issuer).toString();
      }
      throw new Error('too many redirects at the provider');
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
