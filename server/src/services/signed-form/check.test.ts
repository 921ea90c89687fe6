import { generateKeyPairSync, sign, createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { SignedFormCheckSchema, type SignedFormCheck } from '@cit/shared';
import { checkSignedForm, PROBLEMS } from './check';

/*
 * Every fixture is generated here: a tiny DER encoder builds the certificate and the CMS SignedData
 * (pkijs is ESM-only and cannot be loaded by this Jest setup), node:crypto signs.
 */

// --- DER encoder -------------------------------------------------------------------------------------------

function tlv(tag: number, body: Uint8Array): Buffer {
  const len = body.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else {
    const bytes: number[] = [];
    for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), body]);
}
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
const ctx = (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 + n, Buffer.concat(items));
const octets = (b: Uint8Array): Buffer => tlv(0x04, b);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'latin1'));
const nul = Buffer.from([0x05, 0x00]);
function int(n: number | Buffer): Buffer {
  let b = typeof n === 'number' ? Buffer.from([n]) : n;
  if ((b[0]! & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}
function utcTime(d: Date): Buffer {
  const iso = d.toISOString();
  return tlv(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`));
}

const OIDS = {
  cn: '2.5.4.3',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsa: '1.2.840.113549.1.1.1',
  sha256Rsa: '1.2.840.113549.1.1.11',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

// --- certificate and CMS -----------------------------------------------------------------------------------

interface Signer {
  key: KeyObject;
  cert: Buffer;
  name: Buffer;
  serial: Buffer;
}

const DAY = 86_400_000;

function makeSigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = seq(
    set(seq(oid(OIDS.country), printable('IT'))),
    set(seq(oid(OIDS.cn), utf8('Mario Rossi'))),
    set(seq(oid(OIDS.serialNumber), printable('TINIT-RSSMRA80A01B157X'))),
  );
  const serial = Buffer.from('5a17c0de01', 'hex');
  const now = Date.now();
  const tbs = seq(
    ctx(0, int(2)),
    int(serial),
    seq(oid(OIDS.sha256Rsa), nul),
    name, // self-signed: issuer = subject
    seq(utcTime(new Date(now - DAY)), utcTime(new Date(now + 365 * DAY))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const cert = seq(tbs, seq(oid(OIDS.sha256Rsa), nul), tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, privateKey)])));
  return { key: privateKey, cert, name, serial };
}

const SIGNING_TIME = new Date('2025-03-14T09:30:00.000Z');

/** CMS SignedData; `content` null makes it detached (PAdES). `chunked` uses BER indefinite lengths and OCTET STRING chunks. */
function makeCms(signer: Signer, signedContent: Uint8Array, opts: { attached: boolean; chunked?: boolean; signingTime?: boolean }): Buffer {
  const attrs = [
    seq(oid(OIDS.contentType), set(oid(OIDS.data))),
    seq(oid(OIDS.messageDigest), set(octets(createHash('sha256').update(signedContent).digest()))),
    ...(opts.signingTime === false ? [] : [seq(oid(OIDS.signingTime), set(utcTime(SIGNING_TIME)))]),
  ];
  const attrsSet = set(...attrs);
  const signature = sign('sha256', attrsSet, signer.key);
  const signedAttrs = Buffer.concat([Buffer.from([0xa0]), attrsSet.subarray(1)]);
  const signerInfo = seq(int(1), seq(signer.name, int(signer.serial)), seq(oid(OIDS.sha256), nul), signedAttrs, seq(oid(OIDS.rsa), nul), octets(signature));
  let encap: Buffer;
  if (!opts.attached) encap = seq(oid(OIDS.data));
  else if (!opts.chunked) encap = seq(oid(OIDS.data), ctx(0, octets(signedContent)));
  else {
    const chunks: Buffer[] = [];
    for (let i = 0; i < signedContent.length; i += 1000) chunks.push(octets(signedContent.subarray(i, i + 1000)));
    const indefinite = (tag: number, ...items: Buffer[]): Buffer => Buffer.concat([Buffer.from([tag, 0x80]), ...items, Buffer.from([0, 0])]);
    encap = indefinite(0x30, oid(OIDS.data), indefinite(0xa0, indefinite(0x24, ...chunks)));
  }
  const signedData = seq(int(1), set(seq(oid(OIDS.sha256), nul)), encap, ctx(0, signer.cert), set(signerInfo));
  return seq(oid(OIDS.signedData), ctx(0, signedData));
}

// --- PDFs --------------------------------------------------------------------------------------------------

function xmp(pdfa: boolean, form: 'attr' | 'elem' = 'attr'): string {
  const id =
    form === 'attr'
      ? `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="B"/>`
      : `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>`;
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Modulo di richiesta attivazione</dc:title></rdf:Description>`,
    pdfa ? id : '',
    '</rdf:RDF></x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

function makePdf(opts: { metadata: 'plain' | 'flate' | 'none'; form?: 'attr' | 'elem'; extraObjects?: string }): Buffer {
  const packet = Buffer.from(xmp(opts.metadata !== 'none', opts.form), 'utf8');
  const stream = opts.metadata === 'flate' ? deflateSync(packet) : packet;
  const filter = opts.metadata === 'flate' ? ' /Filter /FlateDecode' : '';
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
    Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>\nendobj\n'),
    Buffer.from('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'),
    Buffer.from('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n'),
    Buffer.from(`4 0 obj\n<< /Type /Metadata /Subtype /XML /Length ${stream.length}${filter} >>\nstream\n`),
    stream,
    Buffer.from('\nendstream\nendobj\n'),
    Buffer.from('% Richiedente: Comune di Esempio - servizio: posta elettronica certificata\n'),
    Buffer.from(opts.extraObjects ?? ''),
    Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

/** PAdES by hand: placeholder /Contents of zeros, fixed-width /ByteRange, detached CMS over the two ranges. */
function makePades(signer: Signer, pdfa = true): Buffer {
  const placeholderHexChars = 16_384;
  const sigObj =
    '5 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ' +
    `/ByteRange [0 0000000000 0000000000 0000000000] /M (D:20250314103000+01'00') /Contents <${'0'.repeat(placeholderHexChars)}> >>\nendobj\n`;
  const pdf = makePdf({ metadata: pdfa ? 'plain' : 'none', extraObjects: sigObj });
  const text = pdf.toString('latin1');
  const gapStart = text.indexOf('/Contents <') + '/Contents '.length;
  const gapEnd = text.indexOf('>', gapStart) + 1;
  const range = `[0 ${gapStart} ${gapEnd} ${pdf.length - gapEnd}]`;
  const placeholder = '[0 0000000000 0000000000 0000000000]';
  const brAt = text.indexOf(placeholder);
  pdf.write(range.padEnd(placeholder.length, ' '), brAt, 'latin1');
  const signed = Buffer.concat([pdf.subarray(0, gapStart), pdf.subarray(gapEnd)]);
  const hex = makeCms(signer, signed, { attached: false, signingTime: false }).toString('hex');
  expect(hex.length).toBeLessThan(placeholderHexChars);
  pdf.write(hex, gapStart + 1, 'latin1');
  return pdf;
}

// --- helpers -----------------------------------------------------------------------------------------------

async function check(bytes: Uint8Array, now?: Date): Promise<SignedFormCheck> {
  const result = await checkSignedForm(bytes, now ? { now } : {});
  // The result is what the API returns: it must satisfy the shared schema.
  return SignedFormCheckSchema.parse(result);
}

function flipByteAfter(buf: Buffer, marker: string): Buffer {
  const copy = Buffer.from(buf);
  const at = copy.indexOf(marker, 0, 'latin1');
  expect(at).toBeGreaterThan(0);
  copy[at + marker.length] = copy[at + marker.length]! ^ 0x01;
  return copy;
}

let signer: Signer;
let pdfA: Buffer;
beforeAll(() => {
  signer = makeSigner();
  pdfA = makePdf({ metadata: 'plain' });
});

// --- tests -------------------------------------------------------------------------------------------------

describe('checkSignedForm – CAdES (.p7m)', () => {
  it('the generated certificate is a well-formed X.509 certificate', () => {
    const x509 = new X509Certificate(signer.cert);
    expect(x509.subject).toContain('CN=Mario Rossi');
    expect(x509.verify(x509.publicKey)).toBe(true);
  });

  it('accepts a valid p7m of a PDF/A and extracts signer, fiscal code and signing time', async () => {
    const r = await check(makeCms(signer, pdfA, { attached: true }));
    expect(r.verdict).toBe('valid');
    expect(r.problems).toEqual([]);
    expect(r.isPdf).toBe(true);
    expect(r.pdfA).toEqual({ declared: true, part: 2, conformance: 'B' });
    expect(r.signature).toEqual({
      type: 'cades',
      valid: true,
      chainVerified: false,
      signer: { commonName: 'Mario Rossi', fiscalCode: 'RSSMRA80A01B157X', serialNumber: '5A17C0DE01', issuer: 'Mario Rossi' },
      signingTime: SIGNING_TIME.toISOString(),
      contentIsPdf: true,
    });
  });

  it('reads BER indefinite lengths and an encapsulated content split in OCTET STRING chunks', async () => {
    const r = await check(makeCms(signer, pdfA, { attached: true, chunked: true }));
    expect(r.verdict).toBe('valid');
    expect(r.signature.signer?.commonName).toBe('Mario Rossi');
  });

  it('rejects a p7m whose content was altered after signing', async () => {
    const r = await check(flipByteAfter(makeCms(signer, pdfA, { attached: true }), '% Richiedente: '));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.valid).toBe(false);
    expect(r.problems).toContain(PROBLEMS.altered);
    expect(r.problems.join(' ')).toMatch(/alterato/);
    // Who signed is still shown, to help the operator talk to the requester.
    expect(r.signature.signer?.fiscalCode).toBe('RSSMRA80A01B157X');
  });

  it('rejects a p7m whose signature value was altered', async () => {
    const p7m = makeCms(signer, pdfA, { attached: true });
    const tampered = Buffer.from(p7m);
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 0xff;
    const r = await check(tampered);
    expect(r.verdict).toBe('invalid');
    expect(r.problems).toContain(PROBLEMS.altered);
  });

  it('rejects a valid signature over a text file: the signed document is not a PDF', async () => {
    const r = await check(makeCms(signer, Buffer.from('Modulo di richiesta\n'), { attached: true }));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.valid).toBe(true);
    expect(r.signature.contentIsPdf).toBe(false);
    expect(r.isPdf).toBe(false);
    expect(r.problems).toEqual([PROBLEMS.notPdfContent]);
    expect(r.problems[0]).toMatch(/non è un PDF/);
  });

  it('accepts a base64 and a PEM-armoured p7m', async () => {
    const der = makeCms(signer, pdfA, { attached: true });
    const b64 = der.toString('base64').replace(/(.{64})/g, '$1\r\n');
    expect((await check(Buffer.from(b64))).verdict).toBe('valid');
    const pem = `-----BEGIN PKCS7-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PKCS7-----\n`;
    expect((await check(Buffer.from(pem))).verdict).toBe('valid');
  });

  it('flags a signed PDF that does not declare PDF/A', async () => {
    const r = await check(makeCms(signer, makePdf({ metadata: 'none' }), { attached: true }));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.valid).toBe(true);
    expect(r.pdfA.declared).toBe(false);
    expect(r.problems).toEqual([PROBLEMS.noPdfA]);
  });

  it('reports an unreadable truncated p7m without throwing', async () => {
    const p7m = makeCms(signer, pdfA, { attached: true });
    const r = await check(p7m.subarray(0, Math.floor(p7m.length / 2)));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.type).toBe('cades');
    expect(r.problems).toEqual([PROBLEMS.p7mUnreadable]);
  });

  it('reports a detached p7m (no document inside)', async () => {
    const r = await check(makeCms(signer, pdfA, { attached: false }));
    expect(r.verdict).toBe('invalid');
    expect(r.problems).toContain(PROBLEMS.detached);
  });

  it('flags a certificate expired at check time', async () => {
    const r = await check(makeCms(signer, pdfA, { attached: true }), new Date(Date.now() + 2 * 365 * DAY));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.valid).toBe(false);
    expect(r.problems).toEqual([expect.stringMatching(/^Il certificato del firmatario è scaduto il \d{2}\/\d{2}\/\d{4}\.$/)]);
  });
});

describe('checkSignedForm – PAdES', () => {
  it('accepts a valid PAdES PDF/A and takes the signing time from /M', async () => {
    const r = await check(makePades(signer));
    expect(r.problems).toEqual([]);
    expect(r.verdict).toBe('valid');
    expect(r.isPdf).toBe(true);
    expect(r.pdfA).toEqual({ declared: true, part: 2, conformance: 'B' });
    expect(r.signature).toMatchObject({
      type: 'pades',
      valid: true,
      chainVerified: false,
      contentIsPdf: null,
      signingTime: '2025-03-14T09:30:00.000Z',
      signer: { commonName: 'Mario Rossi', fiscalCode: 'RSSMRA80A01B157X', serialNumber: '5A17C0DE01' },
    });
  });

  it('rejects a PAdES PDF altered after signing', async () => {
    const r = await check(flipByteAfter(makePades(signer), '% Richiedente: '));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.valid).toBe(false);
    expect(r.problems).toContain(PROBLEMS.altered);
  });

  it('rejects a PAdES PDF with content appended after the signed ranges', async () => {
    const appended = Buffer.concat([makePades(signer), Buffer.from('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] >>\nendobj\n%%EOF\n')]);
    const r = await check(appended);
    expect(r.verdict).toBe('invalid');
    expect(r.signature.valid).toBe(false);
    expect(r.problems).toEqual([PROBLEMS.notCovering]);
  });

  it('flags a PAdES signature over a PDF that is not PDF/A', async () => {
    const r = await check(makePades(signer, false));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.valid).toBe(true);
    expect(r.problems).toEqual([PROBLEMS.noPdfA]);
  });
});

describe('checkSignedForm – plain files', () => {
  it('reports an unsigned PDF/A as unsigned', async () => {
    const r = await check(pdfA);
    expect(r.verdict).toBe('unsigned');
    expect(r.isPdf).toBe(true);
    expect(r.signature).toMatchObject({ type: 'none', valid: false, signer: null });
    expect(r.pdfA.declared).toBe(true);
    expect(r.problems).toEqual([PROBLEMS.unsigned]);
  });

  it('reads the PDF/A declaration from a FlateDecode metadata stream and in element form', async () => {
    expect((await check(makePdf({ metadata: 'flate' }))).pdfA).toEqual({ declared: true, part: 2, conformance: 'B' });
    expect((await check(makePdf({ metadata: 'plain', form: 'elem' }))).pdfA).toEqual({ declared: true, part: 2, conformance: 'B' });
    const none = await check(makePdf({ metadata: 'none' }));
    expect(none.pdfA.declared).toBe(false);
    expect(none.problems).toEqual([PROBLEMS.unsigned, PROBLEMS.noPdfA]);
  });

  it('reports garbage as not_pdf', async () => {
    const r = await check(Buffer.from('MZ\x90\x00 questo non è un modulo', 'latin1'));
    expect(r.verdict).toBe('not_pdf');
    expect(r.isPdf).toBe(false);
    expect(r.signature.type).toBe('none');
    expect(r.problems).toEqual([PROBLEMS.notPdf]);
    expect((await check(new Uint8Array())).verdict).toBe('not_pdf');
  });

  it('never throws on truncated or bit-flipped signed files', async () => {
    const samples = [makeCms(signer, pdfA, { attached: true }), makeCms(signer, pdfA, { attached: true, chunked: true }), makePades(signer)];
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (const sample of samples) {
      for (let i = 0; i < 60; i++) {
        const copy = Buffer.from(sample.subarray(0, i % 2 === 0 ? sample.length : random(sample.length)));
        if (copy.length > 0) copy[random(copy.length)] = random(256);
        const r = await check(copy);
        expect(['invalid', 'unsigned', 'not_pdf', 'valid']).toContain(r.verdict);
        // Every failure is explained by a specific reason, not by the last-resort catch.
        expect(r.problems).not.toContain(PROBLEMS.unreadable);
        if (r.verdict !== 'valid') expect(r.problems.length).toBeGreaterThan(0);
      }
    }
  });
});
