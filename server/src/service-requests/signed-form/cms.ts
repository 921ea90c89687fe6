import { createHash, createPublicKey, constants, verify as cryptoVerify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import {
  AsnError,
  TAG,
  content,
  decodeOid,
  decodeString,
  decodeTime,
  expectUniversal,
  isContext,
  isUniversal,
  octetStringValue,
  parseAsn,
  raw,
  type AsnNode,
} from './der';

/** CMS SignedData (RFC 5652) as far as signature integrity and signer identity need it. */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentTypeAttr: '1.2.840.113549.1.9.3',
  messageDigestAttr: '1.2.840.113549.1.9.4',
  signingTimeAttr: '1.2.840.113549.1.9.5',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms whose OID fixes the hash; the others take it from the SignerInfo digest algorithm. */
const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const ED25519 = '1.3.101.112';

export interface ParsedCertificate {
  serial: Uint8Array;
  issuerRaw: Uint8Array;
  issuer: Map<string, string>;
  subject: Map<string, string>;
  notBefore: Date | null;
  notAfter: Date | null;
  spki: Uint8Array;
  subjectKeyId: Uint8Array | null;
}

type SignerId = { kind: 'issuerSerial'; issuerRaw: Uint8Array; serial: Uint8Array } | { kind: 'keyId'; keyId: Uint8Array };

interface ParsedSignerInfo {
  sid: SignerId;
  digestOid: string;
  signedAttrs: AsnNode | null;
  signatureAlgorithm: AsnNode;
  signature: Uint8Array;
}

export interface ParsedSignedData {
  eContentType: string;
  eContent: Uint8Array | null;
  certificates: ParsedCertificate[];
  signerInfos: ParsedSignerInfo[];
}

/** Throws AsnError when `bytes` is not a readable ContentInfo wrapping a SignedData. */
export function parseSignedData(bytes: Uint8Array, maxContentBytes: number): ParsedSignedData {
  const contentInfo = expectUniversal(parseAsn(bytes), TAG.SEQUENCE);
  const [typeNode, wrapped] = contentInfo.children;
  if (!typeNode || decodeOid(typeNode) !== OID.signedData) throw new AsnError('not a SignedData');
  if (!isContext(wrapped, 0)) throw new AsnError('missing content');
  const signedData = expectUniversal(wrapped.children[0], TAG.SEQUENCE);
  const items = signedData.children;
  const encap = expectUniversal(items[2], TAG.SEQUENCE);
  const eContentType = decodeOid(expectUniversal(encap.children[0], TAG.OID));
  const eContentWrapper = encap.children[1];
  let eContent: Uint8Array | null = null;
  if (isContext(eContentWrapper, 0)) {
    const inner = eContentWrapper.children[0];
    if (!inner) throw new AsnError('empty eContent');
    eContent = octetStringValue(inner, maxContentBytes);
  }

  const certificates: ParsedCertificate[] = [];
  let signerInfosNode: AsnNode | undefined;
  for (const item of items.slice(3)) {
    if (isContext(item, 0)) {
      // Other CertificateChoices (attribute certificates, …) never identify the signer: skip them.
      for (const cert of item.children) {
        if (!isUniversal(cert, TAG.SEQUENCE)) continue;
        try {
          certificates.push(parseCertificate(cert));
        } catch {
          // An unreadable extra certificate (chain, TSA) must not hide the signer's one.
        }
      }
    } else if (isUniversal(item, TAG.SET)) {
      signerInfosNode = item;
    }
  }
  if (!signerInfosNode) throw new AsnError('missing signerInfos');
  return { eContentType, eContent, certificates, signerInfos: signerInfosNode.children.map(parseSignerInfo) };
}

function parseCertificate(cert: AsnNode): ParsedCertificate {
  const tbs = expectUniversal(cert.children[0], TAG.SEQUENCE);
  const fields = isContext(tbs.children[0], 0) ? tbs.children.slice(1) : tbs.children;
  const [serialNode, , issuerNode, validityNode, subjectNode, spkiNode, ...rest] = fields;
  const validity = expectUniversal(validityNode, TAG.SEQUENCE);
  const [notBefore, notAfter] = validity.children;
  let subjectKeyId: Uint8Array | null = null;
  const extensions = rest.find((n) => isContext(n, 3))?.children[0];
  for (const ext of extensions?.children ?? []) {
    const [extOid, ...extRest] = ext.children;
    const value = extRest[extRest.length - 1];
    if (extOid && value && decodeOid(extOid) === OID.subjectKeyIdentifier) {
      const keyId = parseAsn(content(expectUniversal(value, TAG.OCTET_STRING)));
      subjectKeyId = content(expectUniversal(keyId, TAG.OCTET_STRING));
    }
  }
  return {
    serial: content(expectUniversal(serialNode, TAG.INTEGER)),
    issuerRaw: raw(expectUniversal(issuerNode, TAG.SEQUENCE)),
    issuer: parseName(expectUniversal(issuerNode, TAG.SEQUENCE)),
    subject: parseName(expectUniversal(subjectNode, TAG.SEQUENCE)),
    notBefore: notBefore ? decodeTime(notBefore) : null,
    notAfter: notAfter ? decodeTime(notAfter) : null,
    spki: raw(expectUniversal(spkiNode, TAG.SEQUENCE)),
    subjectKeyId,
  };
}

/** First value of each attribute type in a Name (RDNSequence). */
function parseName(name: AsnNode): Map<string, string> {
  const values = new Map<string, string>();
  for (const rdn of name.children) {
    for (const atv of rdn.children) {
      const [type, value] = atv.children;
      if (!type || !value) continue;
      const oid = decodeOid(type);
      const text = decodeString(value);
      if (text !== null && !values.has(oid)) values.set(oid, text);
    }
  }
  return values;
}

function parseSignerInfo(info: AsnNode): ParsedSignerInfo {
  expectUniversal(info, TAG.SEQUENCE);
  const [, sidNode, digestAlg, ...rest] = info.children;
  let sid: SignerId;
  if (isUniversal(sidNode, TAG.SEQUENCE)) {
    const [issuer, serial] = sidNode.children;
    sid = { kind: 'issuerSerial', issuerRaw: raw(expectUniversal(issuer, TAG.SEQUENCE)), serial: content(expectUniversal(serial, TAG.INTEGER)) };
  } else if (isContext(sidNode, 0) && !sidNode.constructed) {
    sid = { kind: 'keyId', keyId: content(sidNode) };
  } else {
    throw new AsnError('bad signer identifier');
  }
  const digestOid = decodeOid(expectUniversal(expectUniversal(digestAlg, TAG.SEQUENCE).children[0], TAG.OID));
  const signedAttrs = isContext(rest[0], 0) ? rest[0] : null;
  const afterAttrs = signedAttrs ? rest.slice(1) : rest;
  const signatureAlgorithm = expectUniversal(afterAttrs[0], TAG.SEQUENCE);
  const signature = octetStringValue(expectUniversal(afterAttrs[1], TAG.OCTET_STRING), 64 * 1024);
  return { sid, digestOid, signedAttrs, signatureAlgorithm, signature };
}

export type SignerFailure = 'no_signer' | 'no_certificate' | 'missing_content' | 'unsupported_algorithm' | 'malformed' | 'mismatch';

export interface SignerVerification {
  ok: boolean;
  failure: SignerFailure | null;
  certificate: ParsedCertificate | null;
  signingTime: Date | null;
}

/**
 * Integrity of one signer: messageDigest over the content and the signature over the signed attributes.
 * `detached` is the signed content when the SignedData does not carry it (PAdES).
 */
export function verifySigner(sd: ParsedSignedData, index: number, detached: Uint8Array | null): SignerVerification {
  const info = sd.signerInfos[index];
  const result: SignerVerification = { ok: false, failure: null, certificate: null, signingTime: null };
  const fail = (failure: SignerFailure): SignerVerification => ({ ...result, failure });
  if (!info) return fail('no_signer');
  result.certificate = findCertificate(sd.certificates, info.sid);
  if (!result.certificate) return fail('no_certificate');

  const data = sd.eContent ?? detached;
  if (!data) return fail('missing_content');
  const digestName = DIGESTS[info.digestOid];
  if (!digestName) return fail('unsupported_algorithm');

  let signedBytes: Uint8Array = data;
  if (info.signedAttrs) {
    const attrs = readAttributes(info.signedAttrs);
    const signingTime = attrs.get(OID.signingTimeAttr);
    result.signingTime = signingTime ? decodeTime(signingTime) : null;
    const messageDigest = attrs.get(OID.messageDigestAttr);
    const contentType = attrs.get(OID.contentTypeAttr);
    // RFC 5652 §5.3: both are mandatory when signed attributes are present, and the content type must match.
    if (!messageDigest || !isUniversal(messageDigest, TAG.OCTET_STRING) || !contentType || !isUniversal(contentType, TAG.OID)) {
      return fail('malformed');
    }
    if (decodeOid(contentType) !== sd.eContentType) return fail('malformed');
    const actual = createHash(digestName).update(data).digest();
    if (!actual.equals(content(messageDigest))) return fail('mismatch');
    // The signature covers the DER of the attributes as a SET OF, not with their [0] IMPLICIT tag.
    const encoded = Buffer.from(raw(info.signedAttrs));
    encoded[0] = 0x31;
    signedBytes = encoded;
  }

  let verified: boolean | null;
  try {
    verified = verifySignatureValue(info, digestName, result.certificate.spki, signedBytes);
  } catch {
    // node:crypto throws on keys or signatures it cannot decode: for the user it is an unverifiable signature.
    return fail('malformed');
  }
  if (verified === null) return fail('unsupported_algorithm');
  if (!verified) return fail('mismatch');
  return { ...result, ok: true };
}

function verifySignatureValue(info: ParsedSignerInfo, digestName: string, spki: Uint8Array, data: Uint8Array): boolean | null {
  const key: KeyObject = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const algOid = decodeOid(expectUniversal(info.signatureAlgorithm.children[0], TAG.OID));
  if (algOid === ED25519) return cryptoVerify(null, data, key, info.signature);
  if (algOid === RSASSA_PSS) {
    const pss = pssParameters(info.signatureAlgorithm.children[1]);
    if (!pss) return null;
    const input: VerifyKeyObjectInput = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength };
    return cryptoVerify(pss.hash, data, input, info.signature);
  }
  const hash = SIGNATURE_HASH[algOid] ?? (algOid === RSA_ENCRYPTION || algOid === EC_PUBLIC_KEY ? digestName : undefined);
  if (!hash) return null;
  return cryptoVerify(hash, data, key, info.signature);
}

/** RSASSA-PSS-params; defaults (SHA-1, salt 20) per RFC 4055. */
function pssParameters(params: AsnNode | undefined): { hash: string; saltLength: number } | null {
  let hash = 'sha1';
  let saltLength = 20;
  for (const field of params?.children ?? []) {
    if (isContext(field, 0)) {
      const name = DIGESTS[decodeOid(expectUniversal(expectUniversal(field.children[0], TAG.SEQUENCE).children[0], TAG.OID))];
      if (!name) return null;
      hash = name;
    } else if (isContext(field, 2)) {
      const salt = content(expectUniversal(field.children[0], TAG.INTEGER));
      if (salt.length > 2) return null;
      saltLength = salt.reduce((acc, b) => acc * 256 + b, 0);
    }
  }
  return { hash, saltLength };
}

/** First value of each attribute, by type. */
function readAttributes(attrs: AsnNode): Map<string, AsnNode> {
  const out = new Map<string, AsnNode>();
  for (const attr of attrs.children) {
    const [type, values] = attr.children;
    const first = values?.children[0];
    if (type && first) {
      const oid = decodeOid(type);
      if (!out.has(oid)) out.set(oid, first);
    }
  }
  return out;
}

function findCertificate(certs: ParsedCertificate[], sid: SignerId): ParsedCertificate | null {
  if (sid.kind === 'keyId') {
    return (
      certs.find((c) => c.subjectKeyId !== null && Buffer.from(c.subjectKeyId).equals(sid.keyId)) ??
      // Without the extension, RFC 5280 §4.2.1.2 method 1 (SHA-1 of the public key bits) is what issuers use.
      certs.find((c) => createHash('sha1').update(subjectPublicKeyBits(c.spki)).digest().equals(sid.keyId)) ??
      null
    );
  }
  const sameSerial = certs.filter((c) => Buffer.from(c.serial).equals(sid.serial));
  // Some tools re-encode the issuer name (string types) in the SignerInfo; a unique serial is still unambiguous.
  return sameSerial.find((c) => Buffer.from(c.issuerRaw).equals(sid.issuerRaw)) ?? (sameSerial.length === 1 ? (sameSerial[0] ?? null) : null);
}

function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  try {
    const bits = parseAsn(spki).children[1];
    return bits && isUniversal(bits, TAG.BIT_STRING) ? content(bits).subarray(1) : new Uint8Array();
  } catch {
    return new Uint8Array();
  }
}

/** Certificate serial as uppercase hex, without the sign-padding zero byte. */
export function serialHex(serial: Uint8Array): string {
  const bytes = serial.length > 1 && serial[0] === 0 ? serial.subarray(1) : serial;
  return Buffer.from(bytes).toString('hex').toUpperCase();
}
