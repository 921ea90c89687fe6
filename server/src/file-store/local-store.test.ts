import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalFileStore as AttachmentStore } from './local-store';

let root: string;
beforeEach(async () => {
  root = path.join(await mkdtemp(path.join(tmpdir(), 'cit-attachments-')), 'allegati');
});
afterEach(async () => {
  await rm(path.dirname(root), { recursive: true, force: true });
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

it('stores content under <root>/<aa>/<bb>/<sha256>, creating the root on first use', async () => {
  const store = new AttachmentStore(root);
  const { sha256, size } = await store.put(Buffer.from('verbale di consegna'));
  expect(sha256).toBe(sha('verbale di consegna'));
  expect(size).toBe(19);
  expect(store.path(sha256)).toBe(path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256));
  expect(await readFile(store.path(sha256), 'utf8')).toBe('verbale di consegna');
  expect(await store.exists(sha256)).toBe(true);
  expect(await store.exists(sha('altro'))).toBe(false);
});

it('keeps one file for identical content, also when the puts race', async () => {
  const store = new AttachmentStore(root);
  const results = await Promise.all(Array.from({ length: 5 }, () => store.put(Buffer.from('stesso PDF'))));
  expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
  await store.put(Buffer.from('stesso PDF'));
  const dir = path.dirname(store.path(results[0]!.sha256));
  // Only the final file remains: no temporary files are left behind.
  expect(await readdir(dir)).toEqual([results[0]!.sha256]);
});

it('writes through a temporary file and a rename, so a reader never sees a partial file', async () => {
  const store = new AttachmentStore(root);
  const big = Buffer.alloc(3 * 1024 * 1024, 0x41);
  const { sha256 } = await store.put(big);
  const written = await stat(store.path(sha256));
  expect(written.size).toBe(big.length);
  expect(written.mode & 0o777).toBe(0o640);
  expect((await readdir(path.dirname(store.path(sha256)))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});

it('streams a stored file back', async () => {
  const store = new AttachmentStore(root);
  const { sha256 } = await store.put(Buffer.from('contenuto'));
  const chunks: Buffer[] = [];
  for await (const chunk of store.createReadStream(sha256)) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe('contenuto');
});

it.each(['../../../etc/passwd', '..', `${'a'.repeat(63)}/`, 'A'.repeat(64), `${'a'.repeat(64)}\u0000`, '', `../${'a'.repeat(61)}`])(
  'refuses to build a path from %j',
  async (bad) => {
    const store = new AttachmentStore(root);
    expect(() => store.path(bad)).toThrow();
    expect(() => store.createReadStream(bad)).toThrow();
    expect(await store.exists(bad)).toBe(false);
  },
);
