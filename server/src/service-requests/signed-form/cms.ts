import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * CMS SignedData (RFC 5652) read and verified with pkijs: the envelope of a CAdES .p7m and the /Contents of a
 * PAdES signature. This file only adapts pkijs to the form check (failures as codes, bounded inputs).
 */

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] }));

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  signingTime: '1.2.840.113549.1.9.5',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  organization: '2.5.4.10',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  qcCompliance: '0.4.0.1862.1.1',
  qcSscd: '0.4.0.1862.1.4',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
} as const;

/** More certificates than any real signature carries (signer + 2–4 CAs): refused rather than searched. */
export const MAX_CERTIFICATES = 32;
const MAX_SIGNERS = 16;

export interface ParsedSignedData {
  signedData: pkijs.SignedData;
  certificates: pkijs.Certificate[];
  /** The encapsulated content (attached signature), null when detached. */
  content: Uint8Array | null;
}

export class CmsError extends Error {
  constructor(readonly reason: 'unreadable' | 'too_many_certificates' | 'too_many_signers') {
    super(reason);
  }
}

/** ContentInfo → SignedData; BER (indefinite lengths, chunked content) is accepted as signing tools produce it. */
export function parseSignedData(bytes: Uint8Array): ParsedSignedData {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const asn1 = asn1js.fromBER(view);
  if (asn1.offset === -1) throw new CmsError('unreadable');
  let signedData: pkijs.SignedData;
  try {
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) throw new CmsError('unreadable');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (e) {
    if (e instanceof CmsError) throw e;
    throw new CmsError('unreadable');
  }
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if ((signedData.certificates?.length ?? 0) > MAX_CERTIFICATES) throw new CmsError('too_many_certificates');
  if (signedData.signerInfos.length > MAX_SIGNERS) throw new CmsError('too_many_signers');
  const eContent = signedData.encapContentInfo.eContent;
  const content = eContent ? new Uint8Array(eContent.getValue()) : null;
  return { signedData, certificates, content };
}

export type SignerFailure = 'mismatch' | 'no_certificate' | 'unsupported_algorithm' | 'missing_content' | 'malformed';

export interface SignerVerification {
  failure: SignerFailure | null;
  certificate: pkijs.Certificate | null;
  signingTime: Date | null;
}

/** Verifies signer `index` over its encapsulated content, or `detached` (the PDF byte ranges). */
export async function verifySigner(parsed: ParsedSignedData, index: number, detached: Uint8Array | null): Promise<SignerVerification> {
  const signerInfo = parsed.signedData.signerInfos[index];
  const signingTime = signerInfo ? signingTimeOf(signerInfo) : null;
  // A copy: a Buffer may be a view into a shared pool, whose whole ArrayBuffer is not the content.
  const data = detached ? Uint8Array.from(detached).buffer : new ArrayBuffer(0);
  try {
    const result = await parsed.signedData.verify({ signer: index, data, extendedMode: true, checkChain: false });
    return { failure: result.signatureVerified ? null : 'mismatch', certificate: result.signerCertificate ?? null, signingTime };
  } catch (e) {
    if (!(e instanceof pkijs.SignedDataVerifyError)) return { failure: 'malformed', certificate: null, signingTime };
    return { failure: failureOf(e), certificate: e.signerCertificate ?? null, signingTime };
  }
}

function failureOf(e: pkijs.SignedDataVerifyError): SignerFailure {
  switch (e.code) {
    case 2:
    case 3:
      return 'no_certificate';
    case 4:
    case 8:
      return 'missing_content';
    case 7:
      return 'unsupported_algorithm';
    case 9:
    case 10:
      return 'malformed';
    default:
      // 15: the digest or the signature does not match (or a primitive refused the input).
      return /digest doesn't match|verification/i.test(e.message) && !/Unsupported|not supported/i.test(e.message) ? 'mismatch' : 'unsupported_algorithm';
  }
}

function signingTimeOf(signerInfo: pkijs.SignerInfo): Date | null {
  const attr = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
  const value: unknown = attr?.values[0];
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
    const date = value.toDate();
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** A string attribute of a distinguished name (the first one of that type). */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  const value: unknown = found?.value.valueBlock.value;
  return typeof value === 'string' ? value : null;
}

export function serialHex(cert: pkijs.Certificate): string {
  const hex = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase();
  return hex.replace(/^(00)+(?=.)/, '');
}

/** The QCStatements extension (ETSI EN 319 412-5) read by pkijs: which statements the certificate makes. */
export function qcStatementsOf(cert: pkijs.Certificate): { compliance: boolean; sscd: boolean } {
  const ext = cert.extensions?.find((e) => e.extnID === OID.qcStatements);
  const parsed: unknown = ext?.parsedValue;
  const ids = parsed instanceof pkijs.QCStatements ? parsed.values.map((v) => v.id) : [];
  return { compliance: ids.includes(OID.qcCompliance), sscd: ids.includes(OID.qcSscd) };
}
