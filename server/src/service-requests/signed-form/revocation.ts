import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './cms';

/**
 * Revocation of the signer's certificate: OCSP when the certificate names a responder (Authority Information
 * Access), else the CRL of its distribution points. Only when the product is online (SIGNATURE_ONLINE); any
 * failure (offline, unreachable, stale or badly signed answer) is "not verified", never "good".
 */

export type RevocationStatus = 'good' | 'revoked' | 'unchecked';

export interface RevocationResult {
  status: RevocationStatus;
  /** Why it stays unchecked (Italian, for the approver). */
  note: string | null;
}

const FETCH_TIMEOUT_MS = 5_000;
/** Large national CAs publish CRLs of some MB; far beyond that is not a CRL to wait for. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
const CRL_CACHE_ENTRIES = 32;

const crlCache = new Map<string, { crl: pkijs.CertificateRevocationList; until: number }>();

const GENERAL_NAME_URI = 6;

function uris(names: pkijs.GeneralName[] | undefined): string[] {
  return (names ?? []).filter((n) => n.type === GENERAL_NAME_URI && typeof n.value === 'string' && /^https?:\/\//i.test(n.value)).map((n) => n.value as string);
}

function crlUrls(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === OID.crlDistributionPoints)?.parsedValue;
  if (!(parsed instanceof pkijs.CRLDistributionPoints)) return [];
  return parsed.distributionPoints.flatMap((dp) => (Array.isArray(dp.distributionPoint) ? uris(dp.distributionPoint) : []));
}

function ocspUrls(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === OID.authorityInfoAccess)?.parsedValue;
  if (!(parsed instanceof pkijs.InfoAccess)) return [];
  return uris(parsed.accessDescriptions.filter((d) => d.accessMethod === OID.ocsp).map((d) => d.accessLocation));
}

/** A bounded HTTP exchange: a deadline and a size cap, so a slow or huge answer cannot hold the upload. */
async function fetchBytes(url: string, init: RequestInit = {}): Promise<ArrayBuffer> {
  const res = await fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) throw new Error('risposta troppo grande');
    chunks.push(chunk);
  }
  const all = Buffer.concat(chunks);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
}

async function viaOcsp(url: string, cert: pkijs.Certificate, issuer: pkijs.Certificate, now: Date): Promise<RevocationStatus> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  const body = request.toSchema(true).toBER();
  const answer = await fetchBytes(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body });
  const response = pkijs.OCSPResponse.fromBER(answer);
  if (response.responseStatus.valueBlock.valueDec !== 0 || !response.responseBytes) throw new Error('risposta OCSP non valida');
  const basic = new pkijs.BasicOCSPResponse({ schema: asn1js.fromBER(response.responseBytes.response.valueBlock.valueHexView).result });
  // Signed by the CA itself or by a responder certificate the CA issued (carried in the answer).
  if (!(await basic.verify({ trustedCerts: [issuer] }))) throw new Error('firma della risposta OCSP non valida');
  const single = basic.tbsResponseData.responses.find((r) => r.certID.serialNumber.isEqual(cert.serialNumber));
  if (!single) throw new Error('risposta OCSP per un altro certificato');
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime()) throw new Error('risposta OCSP scaduta');
  const status = single.certStatus.idBlock.tagNumber;
  return status === 0 ? 'good' : status === 1 ? 'revoked' : 'unchecked';
}

async function crlFor(url: string, issuer: pkijs.Certificate, now: Date): Promise<pkijs.CertificateRevocationList> {
  const hit = crlCache.get(url);
  if (hit && hit.until > now.getTime()) return hit.crl;
  const crl = pkijs.CertificateRevocationList.fromBER(await fetchBytes(url));
  if (!(await crl.verify({ issuerCertificate: issuer }))) throw new Error('firma della CRL non valida');
  if (crl.nextUpdate && crl.nextUpdate.value.getTime() < now.getTime()) throw new Error('CRL scaduta');
  if (crlCache.size >= CRL_CACHE_ENTRIES) crlCache.delete(crlCache.keys().next().value as string);
  // Re-read at most hourly, and never past its nextUpdate.
  const until = Math.min(now.getTime() + 3_600_000, crl.nextUpdate?.value.getTime() ?? now.getTime() + 3_600_000);
  crlCache.set(url, { crl, until });
  return crl;
}

export async function checkRevocation(cert: pkijs.Certificate, issuer: pkijs.Certificate | null, online: boolean, now: Date): Promise<RevocationResult> {
  if (!online) return { status: 'unchecked', note: 'Revoca non verificata: il controllo in linea (CRL/OCSP) non è attivo.' };
  if (!issuer) return { status: 'unchecked', note: "Revoca non verificata: manca il certificato dell'emittente." };
  const failures: string[] = [];
  for (const url of ocspUrls(cert).slice(0, 2)) {
    try {
      const status = await viaOcsp(url, cert, issuer, now);
      if (status !== 'unchecked') return { status, note: null };
    } catch (e) {
      failures.push(`OCSP ${url}: ${e instanceof Error ? e.message : 'errore'}`);
    }
  }
  for (const url of crlUrls(cert).slice(0, 2)) {
    try {
      const crl = await crlFor(url, issuer, now);
      return { status: crl.isCertificateRevoked(cert) ? 'revoked' : 'good', note: null };
    } catch (e) {
      failures.push(`CRL ${url}: ${e instanceof Error ? e.message : 'errore'}`);
    }
  }
  if (failures.length === 0) return { status: 'unchecked', note: 'Revoca non verificata: il certificato non indica servizi CRL o OCSP.' };
  return { status: 'unchecked', note: `Revoca non verificata: servizio non raggiungibile (${failures.join('; ')}).` };
}
