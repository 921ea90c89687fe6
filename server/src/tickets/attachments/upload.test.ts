import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { createLogger } from '../../platform/logger';
import { errorHandler } from '../../platform/http/errors';
import { AttachmentStore } from './storage';
import { attachmentUpload, checkUploadedFiles, formatLimit, sendAttachment } from './upload';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)]);

let root: string;
let store: InstanceType<typeof AttachmentStore>;
let app: express.Express;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'cit-upload-'));
  store = new AttachmentStore(path.join(root, 'allegati'));
  app = express();
  app.use(pinoHttp({ logger: createLogger('silent') }));
  app.post('/tickets', attachmentUpload({ maxFileBytes: 1024, maxFiles: 2, spoolDir: store.spoolDir }), async (req, res) => {
    const files = await checkUploadedFiles(req);
    const stored = await Promise.all(files.map(async (f) => ({ ...(await store.putContent(f.content)), fileName: f.fileName, mime: f.sniff.mime })));
    res.json({ subject: (req.body as { subject?: string }).subject, stored });
  });
  app.get('/attachments/:sha256', async (req, res) => {
    const name = typeof req.query.name === 'string' ? req.query.name : 'Verbale città.pdf';
    await sendAttachment(res, store, { sha256: req.params.sha256, fileName: name, mime: 'application/pdf' });
  });
  app.use(errorHandler);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('attachmentUpload + checkUploadedFiles', () => {
  it('accepts a valid upload with text fields, keeping a non-ASCII file name', async () => {
    const res = await request(app)
      .post('/tickets')
      .field('subject', 'Stampante guasta')
      .attach('attachments', PDF, 'Modulo città.pdf')
      .attach('attachments', Buffer.from('Comune;Utenti\nBrescia;12\n'), 'elenco.csv');
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Stampante guasta');
    expect(res.body.stored).toEqual([
      expect.objectContaining({ fileName: 'Modulo città.pdf', mime: 'application/pdf', size: PDF.length }),
      expect.objectContaining({ fileName: 'elenco.csv', mime: 'text/csv' }),
    ]);
  });

  it('answers an oversized file with 413 naming the file and the limit', async () => {
    const res = await request(app).post('/tickets').attach('attachments', Buffer.alloc(2048, 0x41), 'grande.pdf');
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.error).toMatchObject({
      code: 'attachment_too_large',
      message: 'Il file «grande.pdf» supera il limite di 1 KB.',
    });
  });

  it('answers too many files with 413', async () => {
    const res = await request(app)
      .post('/tickets')
      .attach('attachments', PDF, 'a.pdf')
      .attach('attachments', PDF, 'b.pdf')
      .attach('attachments', PDF, 'c.pdf');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_many_attachments');
  });

  it('answers an executable renamed .pdf with 415, listing the rejected files and the allowed types', async () => {
    const res = await request(app)
      .post('/tickets')
      .attach('attachments', PDF, 'buono.pdf')
      .attach('attachments', EXE, { filename: 'fattura.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('attachment_type_not_allowed');
    expect(res.body.error.message).toBe(
      'Il file «fattura.pdf» non è di un tipo consentito. Tipi ammessi: PDF, PDF firmato .p7m, immagini (PNG, JPEG, GIF, WebP, TIFF), documenti Office/LibreOffice, testo.',
    );
    expect(res.body.error.details.rejected).toEqual(['fattura.pdf']);
    expect(res.body.error.details.allowed).toContain('PDF firmato .p7m');
  });

  it('answers malformed multipart with 400', async () => {
    const truncated = await request(app)
      .post('/tickets')
      .set('Content-Type', 'multipart/form-data; boundary=confine')
      .send('--confine\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\n\r\n%PDF-1.4');
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.code).toBe('invalid_multipart');

    const noBoundary = await request(app).post('/tickets').set('Content-Type', 'multipart/form-data').send('x');
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.error.code).toBe('invalid_multipart');
  });

  it('answers files sent in another field with 400', async () => {
    const res = await request(app).post('/tickets').attach('file', PDF, 'a.pdf');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_multipart');
  });

  it('streams files to the spool, stores them under the hash computed on the way and leaves no spooled file behind', async () => {
    const spooled = async () => readdir(store.spoolDir).catch(() => [] as string[]);
    const ok = await request(app).post('/tickets').attach('attachments', PDF, 'a.pdf');
    expect(ok.status).toBe(200);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(ok.body.stored).toEqual([expect.objectContaining({ sha256, size: PDF.length })]);
    expect(Buffer.compare(await readFile(store.path(sha256)), PDF)).toBe(0);
    // Refused by type (after the whole upload was spooled), too large (cut mid-stream), too many files.
    expect((await request(app).post('/tickets').attach('attachments', EXE, 'x.pdf')).status).toBe(415);
    expect((await request(app).post('/tickets').attach('attachments', PDF, 'a.pdf').attach('attachments', Buffer.alloc(4096, 0x41), 'b.txt')).status).toBe(413);
    expect((await request(app).post('/tickets').attach('attachments', PDF, 'a.pdf').attach('attachments', PDF, 'b.pdf').attach('attachments', PDF, 'c.pdf')).status).toBe(413);
    // The spool is cleaned when the response closes, which supertest may see a moment before the server does.
    for (let i = 0; i < 50 && (await spooled()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await spooled()).toEqual([]);
  });

  it('formats limits for people', () => {
    expect(formatLimit(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatLimit(1.5 * 1024 * 1024)).toBe('1,5 MB');
    expect(formatLimit(512 * 1024)).toBe('512 KB');
  });
});

describe('sendAttachment', () => {
  it('streams the file as a download with safe headers and an RFC 5987 name', async () => {
    const { sha256 } = await store.put(PDF);
    const res = await request(app)
      .get(`/attachments/${sha256}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Verbale citt?.pdf"; filename*=UTF-8''Verbale%20citt%C3%A0.pdf`);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(PDF.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
  });

  it('answers 404 in JSON when the file is gone or the address is not a sha256', async () => {
    const missing = await request(app).get(`/attachments/${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const traversal = await request(app).get('/attachments/..%2F..%2Fetc%2Fpasswd');
    expect(traversal.status).toBe(404);
    expect(traversal.body.error.code).toBe('not_found');
  });
});
