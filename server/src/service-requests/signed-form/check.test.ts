import { X509Certificate } from 'node:crypto';
import { SignedFormCheckSchema, type SignedFormCheck } from '@cit/shared';
import { DAY, makeCms, makePdf, makeSigner, SIGNING_TIME, type Signer } from '../../../test/signing';
import { checkSignedForm, PROBLEMS } from './check';

/*
 * Every fixture is generated in memory by server/test/signing.ts (certificate, CMS SignedData, PDFs);
 * PAdES is assembled here.
 */

// --- PAdES -------------------------------------------------------------------------------------------------

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
