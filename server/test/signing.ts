import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/*
 * Signed-form fixtures for the tests (server/src/service-requests/signed-form/check.test.ts, client/e2e/flow.test.ts),
 * generated in memory: a tiny DER encoder builds the certificate and the CMS SignedData (pkijs is ESM-only and
 * cannot be loaded by the Jest setup), node:crypto signs.
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
  if (((b[0] ?? 0) & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
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

export const DAY = 86_400_000;

/** The signing time put in the signed attributes unless told otherwise. */
export const SIGNING_TIME = new Date('2025-03-14T09:30:00.000Z');

export interface Signer {
  key: KeyObject;
  cert: Buffer;
  name: Buffer;
  serial: Buffer;
}

/** A fresh RSA key and a self-signed certificate (serial 5A17C0DE01) valid from yesterday for a year. */
export function makeSigner(commonName = 'Mario Rossi', fiscalCode = 'RSSMRA80A01B157X'): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = seq(
    set(seq(oid(OIDS.country), printable('IT'))),
    set(seq(oid(OIDS.cn), utf8(commonName))),
    set(seq(oid(OIDS.serialNumber), printable(`TINIT-${fiscalCode}`))),
  );
  const serial = Buffer.from('5a17c0de01', 'hex');
  const now = Date.now();
  const tbs = seq(
    ctx(0, int(2)),
    int(serial),
    seq(oid(OIDS.sha256Rsa), nul),
    name, // self-signed: issuer = subject
    // From five years back: tests that move the clock (a request dated March 2026) still sign with a valid certificate.
    seq(utcTime(new Date(now - 5 * 365 * DAY)), utcTime(new Date(now + 365 * DAY))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const cert = seq(tbs, seq(oid(OIDS.sha256Rsa), nul), tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, privateKey)])));
  return { key: privateKey, cert, name, serial };
}

export interface CmsOptions {
  /** false: detached (no content inside, as in PAdES). */
  attached: boolean;
  /** BER indefinite lengths and the content in OCTET STRING chunks. */
  chunked?: boolean;
  /** The signing-time attribute: SIGNING_TIME when not given, none when false. */
  signingTime?: Date | false;
}

/** CMS SignedData over `signedContent`, signed by `signer`. */
export function makeCms(signer: Signer, signedContent: Uint8Array, opts: CmsOptions): Buffer {
  const signingTime = opts.signingTime ?? SIGNING_TIME;
  const attrs = [
    seq(oid(OIDS.contentType), set(oid(OIDS.data))),
    seq(oid(OIDS.messageDigest), set(octets(createHash('sha256').update(signedContent).digest()))),
    ...(signingTime === false ? [] : [seq(oid(OIDS.signingTime), set(utcTime(signingTime)))]),
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

export interface PdfOptions {
  /** XMP metadata declaring PDF/A-2B, plain or deflated; 'none': XMP without the PDF/A declaration. */
  metadata: 'plain' | 'flate' | 'none';
  /** The PDF/A identification as attributes or as elements. */
  form?: 'attr' | 'elem';
  /** Raw objects added before the trailer. */
  extraObjects?: string;
  /** Named in a comment line (`% Richiedente: …`), which tests flip to alter the signed bytes. */
  requester?: string;
}

/** A one-page PDF with XMP metadata. */
export function makePdf(opts: PdfOptions): Buffer {
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
    Buffer.from(`% Richiedente: ${opts.requester ?? 'Comune di Esempio'} - servizio: posta elettronica certificata\n`),
    Buffer.from(opts.extraObjects ?? ''),
    Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

/** modulo.pdf.p7m: a PDF/A enveloped in a CAdES SignedData (attached content), signed now by `commonName`. */
export function signedP7m(commonName = 'Mario Rossi', fiscalCode = 'RSSMRA80A01B157X'): Buffer {
  const pdf = makePdf({ metadata: 'plain', requester: 'Comune di Alfa' });
  return makeCms(makeSigner(commonName, fiscalCode), pdf, { attached: true, signingTime: new Date() });
}

let cachedForm: Buffer | undefined;

/** One signed .p7m per test process: generating an RSA key for every ticket would slow the suites down. */
export function signedForm(): Buffer {
  cachedForm ??= signedP7m();
  return cachedForm;
}

/** A scanned hand-signed form (a plain PDF/A without signature) and a JPEG "identity document". */
export function handSignedForm(): { form: Buffer; identity: Buffer } {
  const identity = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64, 0x20), Buffer.from([0xff, 0xd9])]);
  return { form: makePdf({ metadata: 'plain', requester: 'Comune di Alfa' }), identity };
}
