import { readFileSync, statSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import * as pkijs from 'pkijs';

/**
 * The trust anchors of the signature check: the CA certificates of the qualified services of a trusted list in
 * the ETSI TS 119 612 format (the AgID list for Italy, or the national lists the EU "list of lists" points to).
 * The file is configured (SIGNATURE_TRUST_LIST); the list's own XML signature is not verified here: the file
 * is trusted as the operator placed it (download it from AgID over HTTPS and check it with the AgID tools).
 */

/** Service types of CAs issuing qualified certificates. */
const QC_CA_TYPES = new Set(['http://uri.etsi.org/TrstSvc/Svctype/CA/QC']);
/** Statuses of a service that may be relied on now: granted (eIDAS) and the pre-eIDAS equivalents. */
const TRUSTED_STATUSES = new Set([
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted',
  'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel',
  'http://uri.etsi.org/TrstSvc/eSigDir-1999-93-EC-TrustedList/Svcstatus/accredited',
  'http://uri.etsi.org/TrstSvc/eSigDir-1999-93-EC-TrustedList/Svcstatus/undersupervision',
]);
/** The AgID list is about 2 MB; a file far larger is not a trusted list. */
const MAX_LIST_BYTES = 50 * 1024 * 1024;

export interface SignatureSettings {
  /** CA certificates taken from the trusted list; empty when none is configured. */
  anchors: pkijs.Certificate[];
  /** Ask the CRL/OCSP services named in the certificates; false: revocation is recorded as not verified. */
  online: boolean;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

type Node = Record<string, unknown>;
const child = (n: unknown, key: string): unknown => (n && typeof n === 'object' ? (n as Node)[key] : undefined);
const text = (n: unknown): string => (typeof n === 'string' ? n.trim() : typeof n === 'object' && n !== null && typeof (n as Node)['#text'] === 'string' ? ((n as Node)['#text'] as string).trim() : '');

/** The CA certificates of the granted CA/QC services of a TS 119 612 list (history entries are ignored). */
export function parseTrustList(xml: string): pkijs.Certificate[] {
  const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, processEntities: false, parseTagValue: false });
  const doc: unknown = parser.parse(xml);
  const list = child(doc, 'TrustServiceStatusList');
  if (!list) throw new Error("Il file non è un elenco di fiducia ETSI TS 119 612 (manca TrustServiceStatusList).");
  const anchors: pkijs.Certificate[] = [];
  for (const tsp of asArray(child(child(list, 'TrustServiceProviderList'), 'TrustServiceProvider'))) {
    for (const service of asArray(child(child(tsp, 'TSPServices'), 'TSPService'))) {
      const info = child(service, 'ServiceInformation');
      if (!QC_CA_TYPES.has(text(child(info, 'ServiceTypeIdentifier')))) continue;
      if (!TRUSTED_STATUSES.has(text(child(info, 'ServiceStatus')))) continue;
      for (const id of asArray(child(child(info, 'ServiceDigitalIdentity'), 'DigitalId'))) {
        for (const b64 of asArray(child(id, 'X509Certificate'))) {
          try {
            anchors.push(pkijs.Certificate.fromBER(Buffer.from(text(b64).replace(/\s+/g, ''), 'base64')));
          } catch {
            // One unreadable entry does not void the list.
          }
        }
      }
    }
  }
  return anchors;
}

let cached: { path: string; mtimeMs: number; anchors: pkijs.Certificate[] } | null = null;
let settings: { trustListPath: string | null; online: boolean } = { trustListPath: null, online: false };

/** Set once at start from the configuration (SIGNATURE_TRUST_LIST, SIGNATURE_ONLINE). */
export function configureSignatures(next: { trustListPath?: string | undefined; online: boolean }): void {
  settings = { trustListPath: next.trustListPath ?? null, online: next.online };
}

/** The anchors of a list file, re-read when the file changes (the operator updates it without a restart). */
export function loadTrustList(path: string): pkijs.Certificate[] {
  const stat = statSync(path);
  if (cached && cached.path === path && cached.mtimeMs === stat.mtimeMs) return cached.anchors;
  if (stat.size > MAX_LIST_BYTES) throw new Error('Elenco di fiducia troppo grande.');
  const anchors = parseTrustList(readFileSync(path, 'utf8'));
  cached = { path, mtimeMs: stat.mtimeMs, anchors };
  return anchors;
}

/** The configured settings; an unreadable list means no anchors (every chain then reads "not verified"). */
export function currentSignatureSettings(): SignatureSettings {
  let anchors: pkijs.Certificate[] = [];
  if (settings.trustListPath) {
    try {
      anchors = loadTrustList(settings.trustListPath);
    } catch {
      anchors = [];
    }
  }
  return { anchors, online: settings.online };
}

const CHAIN_TIMEOUT_MS = 5_000;

export interface ChainResult {
  verified: boolean;
  /** Signer first, anchor last, when verified. */
  path: pkijs.Certificate[];
  message: string | null;
}

/**
 * Path from the signer to an anchor with the pkijs validation engine (signatures, validity at `now`, CA
 * constraints). Revocation is checked apart (revocation.ts), so the engine gets no CRLs. The inputs are bounded
 * (cms.ts caps the certificates) and the engine gets a deadline, so loops or a huge chain give a verdict.
 */
export async function validateChain(signer: pkijs.Certificate, intermediates: pkijs.Certificate[], anchors: pkijs.Certificate[], now: Date): Promise<ChainResult> {
  if (anchors.length === 0) return { verified: false, path: [], message: 'nessun elenco di fiducia configurato' };
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: anchors, certs: [...intermediates.filter((c) => c !== signer), signer], checkDate: now });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CHAIN_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([engine.verify(), deadline]);
    if (result === null) return { verified: false, path: [], message: 'verifica della catena interrotta (tempo scaduto)' };
    return { verified: result.result, path: result.certificatePath ?? [], message: result.result ? null : result.resultMessage };
  } catch (e) {
    const message = e && typeof e === 'object' && 'resultMessage' in e ? String((e as { resultMessage: unknown }).resultMessage) : 'catena non valida';
    return { verified: false, path: [], message };
  } finally {
    clearTimeout(timer);
  }
}
