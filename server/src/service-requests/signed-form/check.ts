import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { type SignedFormCheck, type SignedFormSigner } from '@cit/shared';
import { CmsError, MAX_CERTIFICATES, nameAttribute, OID, parseSignedData, qcStatementsOf, serialHex, verifySigner, type ParsedSignedData, type SignerVerification } from './cms';
import { findSignatureFields, isPdf, latin1, pdfDate, readFormIdentification, readPdfA, type PadesField, type PdfADeclaration } from './pdf';
import { checkRevocation } from './revocation';
import { currentSignatureSettings, validateChain, type SignatureSettings } from './trust';

/**
 * Check of the signed request form required by activation/cancellation tickets: a PDF/A signed CAdES (.p7m)
 * or PAdES by the responsible person. pkijs verifies the signature; the chain is validated against the
 * configured trusted list and the signer's certificate is checked for revocation when the product is online.
 */

export const PROBLEMS = {
  notPdf: 'Il file non è un PDF né un documento firmato .p7m.',
  unreadable: 'Il file non è leggibile.',
  unsigned: 'Il PDF non contiene una firma digitale.',
  p7mUnreadable: 'Il file .p7m non è leggibile.',
  padesUnreadable: 'La firma digitale nel PDF non è leggibile.',
  altered: 'La firma non corrisponde al contenuto (file alterato dopo la firma).',
  notCovering: "La firma non copre l'intero documento.",
  notPdfContent: 'Il documento firmato non è un PDF.',
  nestedP7m: 'Il documento firmato è a sua volta un file .p7m (firme annidate): inviare il PDF firmato una sola volta.',
  detached: 'Il file .p7m non contiene il documento firmato (firma separata).',
  noSigners: 'Il file firmato non contiene alcuna firma.',
  noCertificate: 'La firma non contiene il certificato del firmatario.',
  unsupportedAlgorithm: 'La firma usa un algoritmo non supportato.',
  malformedSignature: 'La firma non è conforme allo standard (attributi firmati mancanti o incoerenti).',
  noPdfA: 'Il PDF non dichiara la conformità PDF/A.',
  tooManyCertificates: `La firma contiene più di ${MAX_CERTIFICATES} certificati: non viene esaminata.`,
  revoked: 'Il certificato del firmatario è stato revocato.',
} as const;

export const NOTES = {
  chainNotVerified: "Catena di certificazione non verificata: l'emittente non risulta tra i certificatori qualificati dell'elenco di fiducia",
  notQualified: 'Il certificato non dichiara di essere qualificato (QCStatements).',
} as const;

/** The upload caps files at 20 MB; the content of a .p7m cannot be larger than the .p7m itself. */
const MAX_BYTES = 20 * 1024 * 1024;

const NO_PDFA: PdfADeclaration = { declared: false, part: null, conformance: null };

export interface CheckOptions {
  now?: Date;
  /** Trust anchors and online flag; the configured ones (SIGNATURE_TRUST_LIST, SIGNATURE_ONLINE) when absent. */
  settings?: SignatureSettings;
}

export async function checkSignedForm(bytes: Uint8Array, opts: CheckOptions = {}): Promise<SignedFormCheck> {
  const now = opts.now ?? new Date();
  const ctx: Ctx = { now, settings: opts.settings ?? currentSignatureSettings() };
  const base = emptyResult(now);
  try {
    if (bytes.length > MAX_BYTES) return { ...base, verdict: 'invalid', problems: ['Il file supera la dimensione massima di 20 MB.'] };
    const cms = asCms(bytes);
    if (cms) return await checkCades(cms, base, ctx);
    if (isPdf(bytes)) return await checkPdf(bytes, base, ctx);
    return { ...base, verdict: 'not_pdf', problems: [PROBLEMS.notPdf] };
  } catch {
    // Every parser above is bounded and defensive; this only keeps a bug from turning into a 500 on upload.
    return { ...base, verdict: 'invalid', problems: [PROBLEMS.unreadable] };
  }
}

function emptyResult(now: Date): SignedFormCheck {
  return {
    verdict: 'invalid',
    isPdf: false,
    pdfA: { ...NO_PDFA },
    signature: {
      type: 'none',
      valid: false,
      chainVerified: false,
      revocation: 'unchecked',
      qualified: { compliance: false, sscd: false },
      signer: null,
      signingTime: null,
      contentIsPdf: null,
    },
    form: null,
    problems: [],
    notes: [],
    checkedAt: now.toISOString(),
  };
}

// --- CAdES -------------------------------------------------------------------------------------------------

const SIGNED_DATA_OID_DER = Buffer.from('06092a864886f70d010702', 'hex');

function looksLikeSignedData(bytes: Uint8Array): boolean {
  // ContentInfo ::= SEQUENCE { contentType OID, … }: the OID sits right after the outer header (at most 6 bytes).
  return bytes[0] === 0x30 && Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 16)).includes(SIGNED_DATA_OID_DER);
}

/** The DER of a .p7m, also when it was saved base64 or PEM encoded (some mail clients and tools do). */
function asCms(bytes: Uint8Array): Uint8Array | null {
  if (looksLikeSignedData(bytes)) return bytes;
  if (bytes.length < 16) return null;
  // Cheap rejection of binary files (PDFs included) before decoding the whole file as text.
  if (!/^\s*(-----BEGIN [A-Z0-9 ]+-----\s*)?[A-Za-z0-9+/]{8}/.test(latin1(bytes.subarray(0, 128)))) return null;
  const text = latin1(bytes)
    .replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '')
    .replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const decoded = Buffer.from(text, 'base64');
  return looksLikeSignedData(decoded) ? decoded : null;
}

interface Ctx {
  now: Date;
  settings: SignatureSettings;
}

function parseOrProblem(cms: Uint8Array, unreadable: string): ParsedSignedData | string {
  try {
    return parseSignedData(cms);
  } catch (e) {
    return e instanceof CmsError && e.reason === 'too_many_certificates' ? PROBLEMS.tooManyCertificates : unreadable;
  }
}

async function checkCades(cms: Uint8Array, base: SignedFormCheck, ctx: Ctx): Promise<SignedFormCheck> {
  const result: SignedFormCheck = { ...base, signature: { ...base.signature, type: 'cades' } };
  const sd = parseOrProblem(cms, PROBLEMS.p7mUnreadable);
  if (typeof sd === 'string') return { ...result, problems: [sd] };
  const verified = await verifyAll(sd, null, ctx);
  const problems = [...verified.problems];
  const contentProblems: string[] = [];
  if (sd.content === null) {
    contentProblems.push(PROBLEMS.detached);
  } else {
    result.signature.contentIsPdf = isPdf(sd.content);
    result.isPdf = result.signature.contentIsPdf;
    if (result.isPdf) {
      result.pdfA = readPdfA(sd.content);
      result.form = readFormIdentification(sd.content);
      if (!result.pdfA.declared) contentProblems.push(PROBLEMS.noPdfA);
    } else {
      contentProblems.push(looksLikeSignedData(sd.content) ? PROBLEMS.nestedP7m : PROBLEMS.notPdfContent);
    }
  }
  await describeSigner(result, sd, verified.verifications[0], null, ctx, problems);
  result.signature.valid = problems.length === 0;
  return finish(result, [...problems, ...contentProblems]);
}

// --- PDF / PAdES -------------------------------------------------------------------------------------------

async function checkPdf(bytes: Uint8Array, base: SignedFormCheck, ctx: Ctx): Promise<SignedFormCheck> {
  const text = latin1(bytes);
  const pdfA = readPdfA(bytes);
  const pdfAProblems = pdfA.declared ? [] : [PROBLEMS.noPdfA];
  const { fields, malformed } = findSignatureFields(text);
  const signatures = fields.filter((f) => !f.isTimestamp);
  const result: SignedFormCheck = { ...base, isPdf: true, pdfA, form: readFormIdentification(bytes) };

  if (signatures.length === 0 && malformed === 0) {
    // A document timestamp alone says when, not who: for the form it is still unsigned.
    return { ...result, verdict: 'unsigned', problems: [PROBLEMS.unsigned, ...pdfAProblems] };
  }
  result.signature = { ...result.signature, type: 'pades' };
  // Incremental updates append: the signature covering the most bytes is the last one applied.
  const field = signatures.reduce<PadesField | undefined>((best, f) => (!best || end(f) >= end(best) ? f : best), undefined);
  if (!field) return finish(result, [PROBLEMS.padesUnreadable, ...pdfAProblems]);

  const [a, b, c, d] = field.byteRange;
  if (a + b > bytes.length || c + d > bytes.length) return finish(result, [PROBLEMS.altered, ...pdfAProblems]);
  const hex = a + b < c && bytes[a + b] === 0x3c && bytes[c - 1] === 0x3e ? text.slice(a + b + 1, c - 1) : null;
  const contentsKey = /\/Contents\s*$/.test(text.slice(Math.max(0, a + b - 64), a + b));
  if (hex === null || !contentsKey || !/^[0-9A-Fa-f\s]*$/.test(hex)) return finish(result, [PROBLEMS.padesUnreadable, ...pdfAProblems]);

  // The /Contents placeholder is zero-padded after the DER; asn1js reads the first element and ignores the rest.
  const sd = parseOrProblem(Buffer.from(hex.replace(/\s+/g, ''), 'hex'), PROBLEMS.padesUnreadable);
  if (typeof sd === 'string') return finish(result, [sd, ...pdfAProblems]);
  const signed = Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
  const problems: string[] = [];
  let detached: Uint8Array = signed;
  if (sd.content !== null) {
    // adbe.pkcs7.sha1 (deprecated, still seen): the signed content is the SHA-1 of the byte ranges.
    if (!createHash('sha1').update(signed).digest().equals(sd.content)) problems.push(PROBLEMS.altered);
    detached = sd.content;
  }
  const verified = await verifyAll(sd, sd.content === null ? detached : null, ctx);
  problems.push(...verified.problems.filter((p) => !problems.includes(p)));
  if (a !== 0 || !/^[\s\0]*$/.test(text.slice(c + d))) problems.push(PROBLEMS.notCovering);

  await describeSigner(result, sd, verified.verifications[0], pdfDate(field.dictionary), ctx, problems);
  result.signature.valid = problems.length === 0;
  return finish(result, [...problems, ...pdfAProblems]);
}

function end(field: PadesField): number {
  return field.byteRange[2] + field.byteRange[3];
}

// --- shared ------------------------------------------------------------------------------------------------

async function verifyAll(sd: ParsedSignedData, detached: Uint8Array | null, ctx: Ctx): Promise<{ verifications: SignerVerification[]; problems: string[] }> {
  const count = sd.signedData.signerInfos.length;
  if (count === 0) return { verifications: [], problems: [PROBLEMS.noSigners] };
  const verifications: SignerVerification[] = [];
  for (let i = 0; i < count; i++) verifications.push(await verifySigner(sd, i, detached));
  const problems: string[] = [];
  verifications.forEach((v, i) => {
    // Co-signed forms (several SignerInfos): every signature must hold, and the message says which one failed.
    const prefix = count > 1 ? `Firma ${i + 1} di ${count}: ` : '';
    const message = failureMessage(v) ?? certificateValidityProblem(v.certificate, ctx.now);
    if (message) problems.push(prefix + message);
  });
  return { verifications, problems };
}

/**
 * Who signed and how far the certificate can be trusted: the subject, the QCStatements, the chain up to the
 * trusted list and the revocation status (a revoked certificate is a problem; the rest are notes).
 */
async function describeSigner(result: SignedFormCheck, sd: ParsedSignedData, first: SignerVerification | undefined, pdfTime: Date | null, ctx: Ctx, problems: string[]): Promise<void> {
  const cert = first?.certificate ?? null;
  // PAdES baseline forbids the signingTime attribute and puts the time in /M of the signature dictionary.
  result.signature.signingTime = (first?.signingTime ?? pdfTime)?.toISOString() ?? null;
  if (!cert) return;
  result.signature.signer = signerOf(cert);
  result.signature.qualified = qcStatementsOf(cert);
  if (!result.signature.qualified.compliance) result.notes.push(NOTES.notQualified);
  const chain = await validateChain(cert, sd.certificates, ctx.settings.anchors, ctx.now);
  result.signature.chainVerified = chain.verified;
  if (!chain.verified) result.notes.push(`${NOTES.chainNotVerified}${chain.message ? ` (${chain.message})` : ''}.`);
  const issuer = chain.path[1] ?? sd.certificates.find((c) => c !== cert && c.subject.isEqual(cert.issuer)) ?? null;
  const revocation = await checkRevocation(cert, issuer, ctx.settings.online, ctx.now);
  result.signature.revocation = revocation.status;
  if (revocation.status === 'revoked') problems.push(PROBLEMS.revoked);
  if (revocation.note) result.notes.push(revocation.note);
}

function failureMessage(v: SignerVerification): string | null {
  switch (v.failure) {
    case null:
      return null;
    case 'mismatch':
      return PROBLEMS.altered;
    case 'no_certificate':
      return PROBLEMS.noCertificate;
    case 'unsupported_algorithm':
      return PROBLEMS.unsupportedAlgorithm;
    case 'missing_content':
      return PROBLEMS.detached;
    case 'malformed':
      return PROBLEMS.malformedSignature;
  }
}

/**
 * Without a trusted timestamp the signer's claimed time proves nothing, so the certificate must be valid now
 * (what the common Italian verification tools report too).
 */
function certificateValidityProblem(cert: pkijs.Certificate | null, now: Date): string | null {
  if (!cert) return null;
  const notAfter = cert.notAfter.value;
  const notBefore = cert.notBefore.value;
  if (notAfter.getTime() < now.getTime()) return `Il certificato del firmatario è scaduto il ${italianDate(notAfter)}.`;
  if (notBefore.getTime() > now.getTime()) return `Il certificato del firmatario non è ancora valido (lo sarà dal ${italianDate(notBefore)}).`;
  return null;
}

function italianDate(date: Date): string {
  return new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

function signerOf(cert: pkijs.Certificate): SignedFormSigner {
  return {
    commonName: nameAttribute(cert.subject, OID.commonName),
    fiscalCode: fiscalCodeFrom(nameAttribute(cert.subject, OID.serialNumber) ?? undefined),
    serialNumber: serialHex(cert),
    issuer: nameAttribute(cert.issuer, OID.commonName) ?? nameAttribute(cert.issuer, OID.organization),
  };
}

/** Italian qualified certificates carry the codice fiscale as `TINIT-<cf>` (ETSI EN 319 412-1) or, older ones, `IT:<cf>`. */
export function fiscalCodeFrom(serialNumber: string | undefined): string | null {
  const m = /^\s*(?:TINIT-|IT:)\s*([A-Z0-9]{16}|\d{11})\s*$/i.exec(serialNumber ?? '');
  return m?.[1]?.toUpperCase() ?? null;
}

function finish(result: SignedFormCheck, problems: string[]): SignedFormCheck {
  return { ...result, verdict: problems.length === 0 ? 'valid' : 'invalid', problems };
}
