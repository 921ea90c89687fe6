import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignedFormCheckSchema, type SignedFormCheck } from '@cit/shared';
import { cadesSign, hostileChains, makePdf, makePki, padesSign, SIGNER_CF, trustListXml, type TestPki } from '../../../test/signing';
import { MAX_CERTIFICATES } from './cms';
import { checkSignedForm, NOTES, PROBLEMS } from './check';
import { loadTrustList, parseTrustList, type SignatureSettings } from './trust';

/*
 * Fixtures by real tools (server/test/signing.ts): an openssl test CA and its people, `openssl cms -sign` for
 * CAdES, @signpdf for PAdES. The CA's CRL is served by a real HTTP server started here, so revocation is read
 * the way production reads it (SIGNATURE_ONLINE).
 */

let server: Server;
let pki: TestPki;
let online: SignatureSettings;
let offline: SignatureSettings;
let pdfA: Buffer;
let crlRequests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    crlRequests++;
    if (req.url === '/ca.crl') res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(pki.crlDer);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pki = makePki(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ca.crl`);
  const anchors = loadTrustList(pki.trustListPath);
  online = { anchors, online: true };
  offline = { anchors, online: false };
  pdfA = makePdf({ metadata: 'plain' });
});
afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

async function check(bytes: Uint8Array, settings: SignatureSettings = online): Promise<SignedFormCheck> {
  const result = await checkSignedForm(bytes, { settings });
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

describe('trusted list (ETSI TS 119 612)', () => {
  it('takes the CA certificates of granted CA/QC services only', () => {
    expect(parseTrustList(trustListXml(pki.caCertPem))).toHaveLength(1);
    expect(parseTrustList(trustListXml(pki.caCertPem, 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn'))).toHaveLength(0);
    expect(() => parseTrustList('<html><body>no</body></html>')).toThrow(/TrustServiceStatusList/);
  });
});

describe('checkSignedForm – CAdES (openssl cms)', () => {
  it('accepts a p7m of a PDF/A: signer, codice fiscale, signing time, QCStatements, chain and CRL', async () => {
    const before = Date.now();
    const r = await check(cadesSign(pki, pki.signer, pdfA));
    expect(r.problems).toEqual([]);
    expect(r.verdict).toBe('valid');
    expect(r.signature).toMatchObject({ type: 'cades', valid: true, chainVerified: true, revocation: 'good', qualified: { compliance: true, sscd: true }, contentIsPdf: true });
    expect(r.signature.signer).toMatchObject({ commonName: 'Mario Rossi', fiscalCode: SIGNER_CF, issuer: 'CA qualificata di prova' });
    expect(r.signature.signer?.serialNumber).toMatch(/^[0-9A-F]+$/);
    // openssl puts the signingTime signed attribute: the time of signing, to the second.
    expect(new Date(r.signature.signingTime!).getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(r.pdfA).toEqual({ declared: true, part: 2, conformance: 'B' });
    expect(r.notes).toEqual([]);
  });

  it('records "revoca non verificata" offline, and when the CRL service is unreachable', async () => {
    const p7m = cadesSign(pki, pki.signer, pdfA);
    const off = await check(p7m, offline);
    expect(off.verdict).toBe('valid');
    expect(off.signature.revocation).toBe('unchecked');
    expect(off.notes.join(' ')).toMatch(/Revoca non verificata/);
    const unreachable = makePki(); // certificates pointing at a closed port
    const r = await check(cadesSign(unreachable, unreachable.signer, pdfA), { anchors: loadTrustList(unreachable.trustListPath), online: true });
    expect(r.signature).toMatchObject({ chainVerified: true, revocation: 'unchecked' });
    expect(r.notes.join(' ')).toMatch(/Revoca non verificata: servizio non raggiungibile/);
  });

  it('rejects a revoked certificate (listed in the CA CRL)', async () => {
    const r = await check(cadesSign(pki, pki.revoked, pdfA));
    expect(r.verdict).toBe('invalid');
    expect(r.signature.revocation).toBe('revoked');
    expect(r.problems).toContain(PROBLEMS.revoked);
    expect(crlRequests).toBeGreaterThan(0);
  });

  it('rejects an expired certificate', async () => {
    const r = await check(cadesSign(pki, pki.expired, pdfA));
    expect(r.verdict).toBe('invalid');
    expect(r.problems.join(' ')).toMatch(/scaduto il/);
    expect(r.signature.chainVerified).toBe(false);
  });

  it('does not verify the chain of a CA missing from the trusted list', async () => {
    const r = await check(cadesSign(pki, pki.signer, pdfA), { anchors: [], online: false });
    expect(r.verdict).toBe('valid');
    expect(r.signature.chainVerified).toBe(false);
    expect(r.notes.join(' ')).toContain(NOTES.chainNotVerified);
  });

  it('rejects a tampered p7m (content altered after signing)', async () => {
    const tampered = flipByteAfter(cadesSign(pki, pki.signer, makePdf({ metadata: 'plain', requester: 'Comune di Alfa' })), 'Richiedente: Comune di ');
    const r = await check(tampered);
    expect(r.verdict).toBe('invalid');
    expect(r.problems).toContain(PROBLEMS.altered);
  });

  it('flags a signed document that is not a PDF, or a PDF without PDF/A', async () => {
    expect((await check(cadesSign(pki, pki.signer, Buffer.from('testo semplice')))).problems).toContain(PROBLEMS.notPdfContent);
    expect((await check(cadesSign(pki, pki.signer, makePdf({ metadata: 'none' })))).problems).toContain(PROBLEMS.noPdfA);
  });

  it('accepts a PEM-armoured p7m and reads a BER (streamed) one', async () => {
    const pem = cadesSign(pki, pki.signer, pdfA, ['-outform', 'PEM']);
    expect((await check(pem)).verdict).toBe('valid');
    const ber = cadesSign(pki, pki.signer, pdfA, ['-stream']);
    expect((await check(ber)).verdict).toBe('valid');
  });
});

describe('checkSignedForm – PAdES (@signpdf)', () => {
  it('accepts a signed PDF/A: byte ranges, signer, chain, revocation', async () => {
    const r = await check(await padesSign(pki, pki.signer, pdfA));
    expect(r.problems).toEqual([]);
    expect(r.signature).toMatchObject({ type: 'pades', valid: true, chainVerified: true, revocation: 'good' });
    expect(r.signature.signer?.fiscalCode).toBe(SIGNER_CF);
    expect(r.pdfA.declared).toBe(true);
  });

  it('rejects a tampered signed PDF and content appended after the signature', async () => {
    const signed = await padesSign(pki, pki.signer, pdfA);
    const tampered = flipByteAfter(signed, 'dc:title>Modulo di ');
    expect((await check(tampered)).problems).toContain(PROBLEMS.altered);
    const appended = Buffer.concat([signed, Buffer.from('\n1 0 obj\n<< >>\nendobj\n')]);
    expect((await check(appended)).problems).toContain(PROBLEMS.notCovering);
  });

  it('reports an unsigned PDF as unsigned', async () => {
    const r = await check(pdfA);
    expect(r.verdict).toBe('unsigned');
  });
});

describe('checkSignedForm – bad input gives a verdict, in bounded time', () => {
  it('a certificate loop and a chain longer than allowed', async () => {
    const { loop, deep } = hostileChains(pki, MAX_CERTIFICATES + 2);
    const started = Date.now();
    const r = await check(loop);
    expect(r.signature.chainVerified).toBe(false);
    expect(r.notes.join(' ')).toContain(NOTES.chainNotVerified);
    const d = await check(deep);
    expect(d.verdict).toBe('invalid');
    expect(d.problems).toEqual([PROBLEMS.tooManyCertificates]);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 120_000);

  it('fuzz: truncated, bit-flipped and spliced CAdES and PAdES files never throw and always give a verdict', async () => {
    const seeds = [cadesSign(pki, pki.signer, pdfA), await padesSign(pki, pki.signer, pdfA)];
    let state = 20;
    const rnd = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const offline: SignatureSettings = { anchors: online.anchors, online: false };
    for (let i = 0; i < 120; i++) {
      const seed = seeds[i % seeds.length]!;
      const copy = Buffer.from(seed);
      const kind = rnd(3);
      let mutated: Buffer;
      if (kind === 0) mutated = copy.subarray(0, rnd(copy.length));
      else if (kind === 1) {
        for (let k = 0; k < 1 + rnd(8); k++) copy[rnd(copy.length)] = rnd(256);
        mutated = copy;
      } else {
        const at = rnd(copy.length);
        mutated = Buffer.concat([copy.subarray(0, at), Buffer.alloc(rnd(64), rnd(256)), copy.subarray(at + rnd(32))]);
      }
      const r = await check(mutated, offline);
      expect(['valid', 'invalid', 'unsigned', 'not_pdf']).toContain(r.verdict);
      if (r.verdict !== 'valid' && r.verdict !== 'unsigned') expect(r.problems.length).toBeGreaterThan(0);
    }
  }, 120_000);
});
