import { constants as zlibConstants, inflateSync } from 'node:zlib';

/** The few PDF facts the form check needs, read from the bytes without a full PDF parser. */

/** Readers accept the header anywhere in the first 1024 bytes (ISO 32000-1, Annex H). */
export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).includes('%PDF-');
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

export interface PdfADeclaration {
  declared: boolean;
  part: number | null;
  conformance: string | null;
}

const MAX_METADATA_STREAMS = 200;
const MAX_INFLATED_BYTES = 20 * 1024 * 1024;
const MAX_PACKET_CHARS = 2 * 1024 * 1024;

/**
 * PDF/A identification from the XMP packets (pdfaid:part / pdfaid:conformance). Only the declaration is read:
 * validating the file against the PDF/A rules needs a real validator (veraPDF).
 */
export function readPdfA(bytes: Uint8Array): PdfADeclaration {
  const text = latin1(bytes);
  for (const packet of xmpPackets(text)) {
    const found = pdfaIdentification(packet);
    if (found) return found;
  }
  // PDF/A-2 and later allow a compressed metadata stream.
  for (const packet of inflatedMetadata(bytes, text)) {
    for (const inner of xmpPackets(packet)) {
      const found = pdfaIdentification(inner);
      if (found) return found;
    }
  }
  return { declared: false, part: null, conformance: null };
}

function* xmpPackets(text: string): Generator<string> {
  const start = /<(?:[A-Za-z][\w.-]*:)?xmpmeta[\s>]/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const end = text.indexOf('xmpmeta>', m.index + 8);
    const stop = end < 0 ? Math.min(text.length, m.index + MAX_PACKET_CHARS) : Math.min(end + 8, m.index + MAX_PACKET_CHARS);
    yield text.slice(m.index, stop);
    start.lastIndex = stop;
  }
}

function pdfaIdentification(packet: string): PdfADeclaration | null {
  const ns = /xmlns:([A-Za-z][\w.-]*)\s*=\s*["']http:\/\/www\.aiim\.org\/pdfa\/ns\/id\/?["']/.exec(packet);
  const prefix = escapeRegExp(ns?.[1] ?? 'pdfaid');
  const value = (name: string, pattern: string): string | null => {
    const attr = new RegExp(`${prefix}:${name}\\s*=\\s*["']\\s*(${pattern})\\s*["']`).exec(packet);
    const elem = new RegExp(`<${prefix}:${name}>\\s*(${pattern})\\s*</${prefix}:${name}>`).exec(packet);
    return attr?.[1] ?? elem?.[1] ?? null;
  };
  const partText = value('part', '\\d{1,2}');
  const part = partText === null ? null : Number(partText);
  if (part === null || part < 1 || part > 4) return null;
  // PDF/A-4 has no conformance level; earlier parts always carry one.
  const conformance = value('conformance', '[A-Za-z]')?.toUpperCase() ?? null;
  return { declared: true, part, conformance };
}

/** Bodies of FlateDecode streams whose dictionary marks them as metadata, inflated within a global budget. */
function* inflatedMetadata(bytes: Uint8Array, text: string): Generator<string> {
  const streamKeyword = />>\s*stream(?:\r\n|\n|\r)/g;
  let inspected = 0;
  let budget = MAX_INFLATED_BYTES;
  for (let m = streamKeyword.exec(text); m && inspected < MAX_METADATA_STREAMS && budget > 0; m = streamKeyword.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const dict = enclosingDictionary(text, m.index + 2);
    if (dict === null) continue;
    if (!/\/Type\s*\/Metadata\b/.test(dict) && !/\/Subtype\s*\/XML\b/.test(dict)) continue;
    const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)?.[1];
    if (!filter || filter.replace(/[[\]\s]/g, '') !== '/FlateDecode') continue;
    inspected++;
    const bodyEnd = text.indexOf('endstream', bodyStart);
    if (bodyEnd < 0) continue;
    streamKeyword.lastIndex = bodyEnd;
    try {
      const inflated = inflateSync(bytes.subarray(bodyStart, bodyEnd), {
        maxOutputLength: budget,
        // Tolerates the end-of-line before `endstream` and streams cut short.
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
      });
      budget -= inflated.length;
      yield inflated.toString('latin1');
    } catch {
      // Corrupt or over-budget stream: it simply declares nothing.
    }
  }
}

/** Text of the dictionary that ends just before `end` (exclusive), matching nested << >>; null when not found nearby. */
function enclosingDictionary(text: string, end: number): string | null {
  let depth = 0;
  const floor = Math.max(0, end - 16 * 1024);
  for (let i = end - 1; i > floor; i--) {
    if (text[i] === '>' && text[i - 1] === '>') {
      depth++;
      i--;
    } else if (text[i] === '<' && text[i - 1] === '<') {
      depth--;
      i--;
      if (depth === 0) return text.slice(i, end);
    }
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PadesField {
  byteRange: [number, number, number, number];
  /** Dictionary text around the field, without the /Contents hex. */
  dictionary: string;
  isTimestamp: boolean;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s*\]/g;

/** Every /ByteRange of the file, in file order; `malformed` counts the ones that are not four integers. */
export function findSignatureFields(text: string): { fields: PadesField[]; malformed: number } {
  const fields: PadesField[] = [];
  let total = 0;
  for (let i = text.indexOf('/ByteRange'); i >= 0; i = text.indexOf('/ByteRange', i + 10)) total++;
  BYTE_RANGE.lastIndex = 0;
  for (let m = BYTE_RANGE.exec(text); m; m = BYTE_RANGE.exec(text)) {
    const byteRange: [number, number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    // The dictionary is the indirect object around the match; the hex of /Contents (the gap) is cut out.
    const objStart = Math.max(text.lastIndexOf(' obj', m.index), m.index - 64 * 1024, 0);
    const gapStart = byteRange[0] + byteRange[1];
    const gapEnd = byteRange[2];
    const objEndSearchFrom = gapStart <= m.index && gapEnd > m.index ? gapEnd : m.index;
    let objEnd = text.indexOf('endobj', Math.max(objEndSearchFrom, m.index));
    if (objEnd < 0 || objEnd - m.index > 64 * 1024 + Math.max(0, gapEnd - gapStart)) objEnd = Math.min(text.length, m.index + 64 * 1024);
    const dictionary =
      gapStart >= objStart && gapEnd <= objEnd ? text.slice(objStart, gapStart) + text.slice(gapEnd, objEnd) : text.slice(objStart, objEnd);
    const isTimestamp = /\/Type\s*\/DocTimeStamp\b/.test(dictionary) || /\/SubFilter\s*\/ETSI\.RFC3161\b/.test(dictionary);
    fields.push({ byteRange, dictionary, isTimestamp });
  }
  return { fields, malformed: total - fields.length };
}

/** /M of a signature dictionary (PDF date, e.g. D:20240315103000+01'00'), the signing time PAdES baseline uses. */
export function pdfDate(dictionary: string): Date | null {
  const m = /\/M\s*\(D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?\)/.exec(dictionary);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (sign === '+' || sign === '-') time -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date;
}
