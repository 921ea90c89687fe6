import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf from '@signpdf/signpdf';
import { PDFDocument } from 'pdf-lib';

/*
 * Signed-form fixtures for the tests, made by real tools at test time: `openssl ca` runs a test CA (a
 * qualified-looking signer with a codice fiscale and QCStatements, a revoked one with its CRL, an expired one),
 * `openssl cms -sign` makes the CAdES .p7m files and @signpdf (with the pdf-lib placeholder) the PAdES ones.
 * Nothing here encodes DER by hand: a mistake in the verifier cannot be mirrored by the fixtures.
 */

export const DAY = 86_400_000;

/** The codice fiscale of the test signer (the standard example, with a valid check character). */
export const SIGNER_CF = 'RSSMRA80A01H501U';

export interface TestSigner {
  name: string;
  fiscalCode: string;
  certPem: string;
  keyPath: string;
  certPath: string;
}

export interface TestPki {
  dir: string;
  caCertPem: string;
  caCertPath: string;
  /** Qualified-looking: codice fiscale in serialNumber, QCStatements (QcCompliance, QcSSCD, QcType esign). */
  signer: TestSigner;
  /** Another person of the same CA, neither requester nor signatory in the tests. */
  other: TestSigner;
  revoked: TestSigner;
  expired: TestSigner;
  /** The CA's CRL (DER), listing `revoked`; the certificates point at `crlUrl` for it. */
  crlDer: Buffer;
  /** ETSI TS 119 612 trusted list naming the test CA as a granted CA/QC service. */
  trustListPath: string;
}

function openssl(args: string[], cwd: string, input?: Buffer): Buffer {
  return execFileSync('openssl', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function caConfig(dir: string, crlUrl: string): string {
  return `
[ca]
default_ca = test_ca
[test_ca]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
default_days = 365
default_crl_days = 30
policy = any
unique_subject = no
copy_extensions = none
email_in_dn = no
[any]
countryName = optional
organizationName = optional
commonName = supplied
serialNumber = optional
givenName = optional
surname = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[signer_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:${crlUrl}
1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:qc_statements
[qc_statements]
compliance = SEQUENCE:qc_compliance
sscd = SEQUENCE:qc_sscd
type = SEQUENCE:qc_type
[qc_compliance]
id = OID:0.4.0.1862.1.1
[qc_sscd]
id = OID:0.4.0.1862.1.4
[qc_type]
id = OID:0.4.0.1862.1.6
types = SEQUENCE:qc_type_esign
[qc_type_esign]
esign = OID:0.4.0.1862.1.6.1
`;
}

/** The ETSI TS 119 612 trusted list (the AgID list's shape) naming `caCertPem` as a granted qualified CA. */
export function trustListXml(caCertPem: string, status = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted'): string {
  const b64 = caCertPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
    <tsl:SchemeTerritory>IT</tsl:SchemeTerritory>
  </tsl:SchemeInformation>
  <tsl:TrustServiceProviderList>
    <tsl:TrustServiceProvider>
      <tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang="it">CA di prova CIT</tsl:Name></tsl:TSPName></tsl:TSPInformation>
      <tsl:TSPServices>
        <tsl:TSPService>
          <tsl:ServiceInformation>
            <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
            <tsl:ServiceName><tsl:Name xml:lang="it">CA qualificata di prova</tsl:Name></tsl:ServiceName>
            <tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>${b64}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
            <tsl:ServiceStatus>${status}</tsl:ServiceStatus>
            <tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>
          </tsl:ServiceInformation>
        </tsl:TSPService>
      </tsl:TSPServices>
    </tsl:TrustServiceProvider>
  </tsl:TrustServiceProviderList>
</tsl:TrustServiceStatusList>
`;
}

const pkis = new Map<string, TestPki>();

/**
 * A test CA and its people, made once per process and CRL address. `crlUrl` is where the verifier will fetch
 * the CRL when online (a test serves `crlDer` there); the default points at a closed port (unreachable).
 */
export function makePki(crlUrl = 'http://127.0.0.1:9/ca.crl'): TestPki {
  const cached = pkis.get(crlUrl);
  if (cached) return cached;
  const dir = mkdtempSync(path.join(tmpdir(), 'cit-pki-'));
  mkdirSync(path.join(dir, 'newcerts'));
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  writeFileSync(path.join(dir, 'crlnumber'), '01\n');
  const cnf = path.join(dir, 'ca.cnf');
  writeFileSync(cnf, caConfig(dir, crlUrl));
  // Five years back: tests that move the clock (a request dated in 2025–2026) still see valid certificates.
  openssl(['req', '-new', '-x509', '-config', cnf, '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/C=IT/O=CIT Test/CN=CA qualificata di prova', '-extensions', 'ca_ext'], dir);
  const person = (file: string, cn: string, cf: string, dates: string[]): TestSigner => {
    openssl(['req', '-new', '-config', cnf, '-newkey', 'rsa:2048', '-nodes', '-keyout', `${file}.key`, '-out', `${file}.csr`, '-subj', `/C=IT/O=Comune di Alfa/CN=${cn}/serialNumber=TINIT-${cf}`], dir);
    openssl(['ca', '-batch', '-config', cnf, '-in', `${file}.csr`, '-out', `${file}.pem`, '-extensions', 'signer_ext', '-notext', ...dates], dir);
    return { name: cn, fiscalCode: cf, certPem: readFileSync(path.join(dir, `${file}.pem`), 'utf8'), keyPath: path.join(dir, `${file}.key`), certPath: path.join(dir, `${file}.pem`) };
  };
  const gt = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  const now = Date.now();
  const valid = ['-startdate', gt(new Date(now - 5 * 365 * DAY)), '-enddate', gt(new Date(now + 365 * DAY))];
  const signer = person('signer', 'Mario Rossi', SIGNER_CF, valid);
  // Codici fiscali with their right control letter: the product checks it where a person's code is typed in.
  const other = person('other', 'Giulia Neri', 'NREGLI85C41B157Q', valid);
  const revoked = person('revoked', 'Paolo Verdi', 'VRDPLA70A01B157Q', valid);
  const expired = person('expired', 'Anna Gialli', 'GLLNNA75A41B157J', ['-startdate', gt(new Date(now - 800 * DAY)), '-enddate', gt(new Date(now - 400 * DAY))]);
  openssl(['ca', '-batch', '-config', cnf, '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise'], dir);
  openssl(['ca', '-batch', '-config', cnf, '-gencrl', '-out', 'ca.crl.pem'], dir);
  const crlDer = openssl(['crl', '-in', 'ca.crl.pem', '-outform', 'DER'], dir);
  const caCertPem = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
  const trustListPath = path.join(dir, 'trust-list.xml');
  writeFileSync(trustListPath, trustListXml(caCertPem));
  const pki: TestPki = { dir, caCertPem, caCertPath: path.join(dir, 'ca.pem'), signer, other, revoked, expired, crlDer, trustListPath };
  pkis.set(crlUrl, pki);
  return pki;
}

/** CAdES attached (.p7m) by `openssl cms -sign -binary -nodetach -outform DER`, with the CA certificate included. */
export function cadesSign(pki: TestPki, signer: TestSigner, content: Uint8Array, extra: string[] = []): Buffer {
  return openssl(
    ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-signer', signer.certPath, '-inkey', signer.keyPath, '-certfile', pki.caCertPath, ...extra],
    pki.dir,
    Buffer.from(content),
  );
}

/** PAdES: @signpdf puts a signature placeholder with pdf-lib and signs with a PKCS#12 made by openssl. */
export async function padesSign(pki: TestPki, signer: TestSigner, pdf: Uint8Array): Promise<Buffer> {
  const p12 = openssl(
    ['pkcs12', '-export', '-in', signer.certPath, '-inkey', signer.keyPath, '-certfile', pki.caCertPath, '-passout', 'pass:test', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    pki.dir,
  );
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({ pdfDoc: doc, reason: 'Richiesta di servizio', contactInfo: '', name: signer.name, location: 'Brescia' });
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  return signpdf.sign(withPlaceholder, new P12Signer(p12, { passphrase: 'test' }));
}

// --- PDFs --------------------------------------------------------------------------------------------------

function xmp(pdfa: boolean): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Modulo di richiesta attivazione</dc:title></rdf:Description>`,
    pdfa ? `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="B"/>` : '',
    '</rdf:RDF></x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

export interface PdfOptions {
  /** XMP metadata declaring PDF/A-2B, plain or deflated; 'none': XMP without the PDF/A declaration. */
  metadata: 'plain' | 'flate' | 'none';
  /** Named in a comment line (`% Richiedente: …`), which tests flip to alter the signed bytes. */
  requester?: string;
}

/** A one-page PDF with XMP metadata (and a cross-reference table, so that pdf-lib reads it as is). */
export function makePdf(opts: PdfOptions): Buffer {
  const packet = Buffer.from(xmp(opts.metadata !== 'none'), 'utf8');
  const stream = opts.metadata === 'flate' ? deflateSync(packet) : packet;
  const filter = opts.metadata === 'flate' ? ' /Filter /FlateDecode' : '';
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  const add = (b: Buffer) => parts.push(b);
  const obj = (body: Buffer[]) => {
    offsets.push(Buffer.concat(parts).length);
    body.forEach(add);
  };
  obj([Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>\nendobj\n')]);
  obj([Buffer.from('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n')]);
  obj([Buffer.from('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n')]);
  obj([Buffer.from(`4 0 obj\n<< /Type /Metadata /Subtype /XML /Length ${stream.length}${filter} >>\nstream\n`), stream, Buffer.from('\nendstream\nendobj\n')]);
  add(Buffer.from(`% Richiedente: ${opts.requester ?? 'Comune di Esempio'} - servizio: posta elettronica certificata\n`));
  const xref = Buffer.concat(parts).length;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  add(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${rows}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

let cachedForm: Buffer | undefined;

/** modulo.pdf.p7m signed by the test signer: one per test process (openssl runs a few hundred ms). */
export function signedForm(): Buffer {
  if (!cachedForm) {
    const pki = makePki();
    cachedForm = cadesSign(pki, pki.signer, makePdf({ metadata: 'plain', requester: 'Comune di Alfa' }));
  }
  return cachedForm;
}

/** A scanned hand-signed form (a plain PDF/A without signature) and a JPEG "identity document". */
export function handSignedForm(): { form: Buffer; identity: Buffer } {
  const identity = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64, 0x20), Buffer.from([0xff, 0xd9])]);
  return { form: makePdf({ metadata: 'plain', requester: 'Comune di Alfa' }), identity };
}

/**
 * Hostile certificate sets made by openssl: two CAs that certify each other (a loop) with a signer under one
 * of them, and a chain of `depth` intermediate CAs. The signer's CMS carries all of them.
 */
export function hostileChains(pki: TestPki, depth: number): { loop: Buffer; deep: Buffer; pdf: Buffer } {
  const dir = mkdtempSync(path.join(pki.dir, 'hostile-'));
  const cnf = path.join(pki.dir, 'ca.cnf');
  const run = (args: string[]) => openssl(args, dir);
  const key = (name: string) => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  const csr = (name: string, cn: string) => run(['req', '-new', '-config', cnf, '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  const issue = (name: string, caName: string, ext: string) =>
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.pem`, '-CAkey', `${caName}.key`, '-CAcreateserial', '-days', '30', '-out', `${name}.pem`, '-extfile', cnf, '-extensions', ext]);
  const selfSigned = (name: string, cn: string) => run(['req', '-new', '-x509', '-config', cnf, '-key', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${cn}`, '-extensions', 'ca_ext']);
  // Loop: X and Y, each certified by the other (self-signed seeds give the issuing keys), signer under X.
  for (const n of ['x', 'y', 'leaf']) key(n);
  selfSigned('x', 'Loop X');
  selfSigned('y', 'Loop Y');
  csr('x', 'Loop X');
  csr('y', 'Loop Y');
  issue('x', 'y', 'ca_ext');
  run(['x509', '-in', 'x.pem', '-out', 'x-by-y.pem']);
  selfSigned('x', 'Loop X');
  issue('y', 'x', 'ca_ext');
  csr('leaf', 'Firmatario ad anello');
  issue('leaf', 'x', 'signer_ext');
  writeFileSync(path.join(dir, 'loop-certs.pem'), readFileSync(path.join(dir, 'x-by-y.pem'), 'utf8') + readFileSync(path.join(dir, 'y.pem'), 'utf8'));
  const pdf = makePdf({ metadata: 'plain' });
  const sign = (args: string[]) => openssl(args, dir, pdf);
  const loop = sign(['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-signer', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'loop-certs.pem']);
  // Deep: c0 self-signed → c1 … c<depth> → signer.
  key('c0');
  selfSigned('c0', 'Catena 0');
  let chain = '';
  for (let i = 1; i <= depth; i++) {
    key(`c${i}`);
    csr(`c${i}`, `Catena ${i}`);
    issue(`c${i}`, `c${i - 1}`, 'ca_ext');
    chain += readFileSync(path.join(dir, `c${i}.pem`), 'utf8');
  }
  key('deepleaf');
  csr('deepleaf', 'Firmatario profondo');
  issue('deepleaf', `c${depth}`, 'signer_ext');
  writeFileSync(path.join(dir, 'deep-certs.pem'), chain);
  const deep = sign(['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-signer', 'deepleaf.pem', '-inkey', 'deepleaf.key', '-certfile', 'deep-certs.pem']);
  return { loop: Buffer.from(loop), deep: Buffer.from(deep), pdf };
}
