import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startS3, type TestS3 } from '../../test/s3-server';
import { loadFileStoreConfig } from '../config';
import { copyStore } from './copy';
import { hashStream } from './file-store';
import { fileStoreFromConfig, s3StoreFromConfig } from './file-store.module';
import { LocalFileStore } from './local-store';
import { s3Client, type S3FileStore } from './s3-store';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let s3: TestS3;
let tmp: string;
beforeAll(async () => {
  s3 = await startS3();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cit-s3-test-'));
});
afterAll(async () => {
  await s3.stop();
  await rm(tmp, { recursive: true, force: true });
});

function store(prefix = ''): S3FileStore {
  return s3StoreFromConfig({ ...loadFileStoreConfig({ ...s3.env, ATTACHMENTS_DIR: path.join(tmp, 'spool'), S3_PREFIX: prefix }), S3_BUCKET: s3.bucket });
}

describe('S3 file store', () => {
  it('is chosen by S3_BUCKET; without it the local folder stays', () => {
    expect(fileStoreFromConfig(loadFileStoreConfig({ ...s3.env, ATTACHMENTS_DIR: tmp })).kind).toBe('s3');
    expect(fileStoreFromConfig(loadFileStoreConfig({ ATTACHMENTS_DIR: tmp })).kind).toBe('local');
    expect(() => loadFileStoreConfig({ S3_BUCKET: 'Non Valido' })).toThrow(/S3_BUCKET/);
  });

  it('puts, streams, sizes, lists and deletes content under <prefix><aa>/<bb>/<sha256>, once per content', async () => {
    const files = store('allegati/');
    const a = await files.put(Buffer.from('verbale di consegna'));
    expect(a).toEqual({ sha256: sha('verbale di consegna'), size: 19 });
    await files.put(Buffer.from('verbale di consegna'));
    // A spooled upload: streamed to the bucket, then the spooled file is gone.
    const big = Buffer.alloc(6 * 1024 * 1024 + 17, 0x41); // above lib-storage's part size: a real multipart upload
    const spooled = path.join(tmp, 'upload.part');
    await writeFile(spooled, big);
    const b = await files.adopt({ path: spooled, sha256: sha(big), size: big.length });
    expect(await readdir(tmp)).not.toContain('upload.part');
    expect(await hashStream(files.createReadStream(b.sha256))).toEqual({ sha256: sha(big), size: big.length });
    expect(await files.size(a.sha256)).toBe(19);
    expect(await files.exists(sha('altro'))).toBe(false);
    expect(await files.size(sha('altro'))).toBeNull();
    const listed = [];
    for await (const f of files.list()) listed.push(f);
    expect(listed.sort((x, y) => x.sha256.localeCompare(y.sha256))).toEqual([a, b].sort((x, y) => x.sha256.localeCompare(y.sha256)));
    // Another prefix is another store in the same bucket.
    const others = [];
    for await (const f of store('altro/').list()) others.push(f);
    expect(others).toEqual([]);
    expect(await files.remove(a.sha256)).toBe(true);
    expect(await files.remove(a.sha256)).toBe(false);
    expect(await files.exists(a.sha256)).toBe(false);
    await expect(hashStream(files.createReadStream(a.sha256))).rejects.toThrow();
  });

  it.each(['../../../etc/passwd', '', 'A'.repeat(64), `${'a'.repeat(64)}/..`])('refuses to build a key from %j', async (bad) => {
    const files = store();
    expect(() => files.createReadStream(bad)).toThrow();
    expect(await files.exists(bad)).toBe(false);
  });
});

describe('attachments on S3 through the API, with the same authorisation as local files', () => {
  let env: TestEnv;
  let alfa: SignedIn;
  let beta: SignedIn;
  let op: SignedIn;
  beforeAll(async () => {
    env = await startTestEnv({ ...s3.env, S3_PREFIX: 'api/' });
    await tenantWorld(env.ds);
    [alfa, beta, op] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const upload = (who: SignedIn, url: string, fields: Record<string, string>, name: string) =>
    who.agent.post(url).set('x-csrf-token', who.csrfToken).field(fields).attach('attachments', PDF, name);

  it('uploads to the bucket, downloads only for those who may see the ticket, and deletes', async () => {
    const res = await upload(alfa, '/api/tickets', { type: 'incident', category: 'assistance', urgency: 'high', title: 'Protocollo fermo', description: 'Non si apre.' }, 'errore.pdf');
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const detail = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
    const att = detail.body.attachments[0] as { id: string };
    const bucket = store('api/');
    expect(await bucket.size(sha(PDF))).toBe(PDF.length);
    // Only the spool is local, and it is left empty.
    expect(await readdir(path.join(env.config.ATTACHMENTS_DIR, '.incoming')).catch(() => [])).toEqual([]);

    const file = await alfa.agent.get(`/api/tickets/${id}/attachments/${att.id}`).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-length']).toBe(String(PDF.length));
    expect(Buffer.from(file.body as Buffer).equals(PDF)).toBe(true);
    await op.agent.get(`/api/tickets/${id}/attachments/${att.id}`).expect(200);
    await beta.agent.get(`/api/tickets/${id}/attachments/${att.id}`).expect(404);
    await env.agent().get(`/api/tickets/${id}/attachments/${att.id}`).expect(401);

    // A private note's attachment: the operator reads it, the Ente never sees it.
    const note = await upload(op, `/api/tickets/${id}/followups`, { body: 'Nota interna', private: 'true' }, 'interno.pdf');
    expect(note.status).toBe(201);
    const opView = await op.agent.get(`/api/tickets/${id}`).expect(200);
    const internal = (opView.body.attachments as Array<{ id: string; fileName: string }>).find((a) => a.fileName === 'interno.pdf')!;
    await op.agent.get(`/api/tickets/${id}/attachments/${internal.id}`).expect(200);
    await alfa.agent.get(`/api/tickets/${id}/attachments/${internal.id}`).expect(404);

    // The object removed from the bucket (retention purge): the download says 404 in JSON, not a cut stream.
    expect(await bucket.remove(sha(PDF))).toBe(true);
    const gone = await alfa.agent.get(`/api/tickets/${id}/attachments/${att.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
  });
});

describe('copyStore (npm run files:to-s3)', () => {
  it('copies a local store to S3, verifies every hash, is safe to repeat and reports a tampered object', async () => {
    const local = new LocalFileStore(path.join(tmp, 'locale'));
    const contents = ['modulo firmato', 'documento di identità', 'rendiconto 2026'].map((s) => Buffer.from(s));
    for (const c of contents) await local.put(c);
    const target = store('copia/');
    const first = await copyStore(local, target);
    expect(first).toEqual({ files: 3, bytes: contents.reduce((n, c) => n + c.length, 0), copied: 3, alreadyThere: 0, mismatches: [] });
    for (const c of contents) expect(await hashStream(target.createReadStream(sha(c)))).toEqual({ sha256: sha(c), size: c.length });

    // Someone overwrites one object in the bucket: the next run sends nothing new but finds it.
    const h = sha(contents[1]!);
    await s3Client({ ...s3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }).send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: `copia/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}`, Body: Buffer.from('altro') }),
    );
    const second = await copyStore(local, target);
    expect(second).toMatchObject({ files: 3, copied: 0, alreadyThere: 3 });
    expect(second.mismatches).toEqual([{ sha256: h, found: { sha256: sha('altro'), size: 5 } }]);
  });
});
