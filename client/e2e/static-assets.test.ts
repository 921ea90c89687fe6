import { readFile } from 'node:fs/promises';
import { get, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestEnv, type TestEnv } from '../../server/test/harness';
import { CLIENT_DIST } from './browser';

/** The built client's JS and CSS leave the server pre-compressed (made at build time), with long-lived caching. */
describe('static assets: brotli or gzip, immutable', () => {
  let env: TestEnv;
  let assets: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv({ SERVE_CLIENT: 'true', CLIENT_DIST });
    const html = await readFile(path.join(CLIENT_DIST, 'index.html'), 'utf8');
    assets = [...html.matchAll(/\/assets\/[\w.-]+\.(?:js|css)/g)].map((m) => m[0]);
  });
  afterAll(() => env.close());

  it('tells search engines that the portal is private: /robots.txt is text, not the page', async () => {
    const robots = await rawGet(`${env.url}/robots.txt`, 'identity');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toMatch(/^text\/plain/);
    expect(robots.body.toString('utf8')).toBe('User-agent: *\nDisallow: /\n');
  });

  it('sends the main JS and CSS as brotli to a browser that accepts it, gzip to one that only takes gzip', async () => {
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    let checked = 0;
    for (const asset of assets) {
      const plain = await readFile(path.join(CLIENT_DIST, asset));
      // The build leaves files under 1 KB (the bundler's runtime) as they are: compressing them gains nothing.
      if (plain.length < 1024) continue;
      checked++;
      const br = await rawGet(`${env.url}${asset}`, 'gzip, deflate, br');
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(br.headers['cache-control']).toMatch(/immutable/);
      expect(Buffer.compare(brotliDecompressSync(br.body), plain)).toBe(0);
      // Brotli is what makes the page light: it must actually be smaller.
      expect(br.body.length).toBeLessThan(plain.length / 2);

      const gz = await rawGet(`${env.url}${asset}`, 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(Buffer.compare(gunzipSync(gz.body), plain)).toBe(0);
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('still answers a client that accepts no compression, and 404 for a missing asset', async () => {
    const [asset] = assets;
    const res = await env.agent().get(asset!).set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    await env.agent().get('/assets/manca-0000.js').set('Accept-Encoding', 'br').expect(404);
  });
});

/** The bytes as they travel (HTTP clients such as supertest or fetch would decompress them). */
function rawGet(url: string, acceptEncoding: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
