/**
 * Minimal, bounded BER/DER reader for CMS and X.509.
 *
 * pkijs/asn1js 4 ship as ES modules only: Node ≥ 20.19 can require() them, but Jest (Node 20) cannot load them
 * with the repository's jest config, so this module reads the few structures the check needs by itself and
 * leaves the cryptography to node:crypto. It accepts BER (indefinite lengths, constructed strings) because
 * several Italian signing tools still produce it.
 */

export class AsnError extends Error {}

export interface AsnNode {
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  tagNumber: number;
  /** Offset of the identifier octet in `buf`. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just after the content (before the end-of-contents octets of an indefinite length). */
  contentEnd: number;
  /** Offset just after the whole element. */
  end: number;
  buf: Uint8Array;
  /** Filled for constructed elements. */
  children: AsnNode[];
}

const MAX_DEPTH = 48;
const MAX_NODES = 200_000;

interface Budget {
  nodes: number;
}

/** Parses the element at `offset`; trailing bytes after it are ignored (PAdES /Contents is zero-padded). */
export function parseAsn(buf: Uint8Array, offset = 0): AsnNode {
  return parseElement(buf, offset, buf.length, 0, { nodes: 0 });
}

function parseElement(buf: Uint8Array, offset: number, limit: number, depth: number, budget: Budget): AsnNode {
  if (depth > MAX_DEPTH) throw new AsnError('too deep');
  if (++budget.nodes > MAX_NODES) throw new AsnError('too many elements');
  let pos = offset;
  const first = byteAt(buf, pos++, limit);
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (i >= 4) throw new AsnError('tag too long');
      const b = byteAt(buf, pos++, limit);
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const lenByte = byteAt(buf, pos++, limit);
  const node: AsnNode = { cls, constructed, tagNumber, start: offset, contentStart: 0, contentEnd: 0, end: 0, buf, children: [] };
  if (lenByte === 0x80) {
    if (!constructed) throw new AsnError('indefinite length on a primitive');
    node.contentStart = pos;
    for (;;) {
      if (byteAt(buf, pos, limit) === 0 && byteAt(buf, pos + 1, limit) === 0) {
        node.contentEnd = pos;
        node.end = pos + 2;
        return node;
      }
      const child = parseElement(buf, pos, limit, depth + 1, budget);
      node.children.push(child);
      pos = child.end;
    }
  }
  let length = lenByte;
  if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n > 4) throw new AsnError('length too long');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + byteAt(buf, pos++, limit);
  }
  node.contentStart = pos;
  node.contentEnd = pos + length;
  node.end = node.contentEnd;
  if (node.end > limit) throw new AsnError('truncated');
  if (constructed) {
    while (pos < node.contentEnd) {
      const child = parseElement(buf, pos, node.contentEnd, depth + 1, budget);
      node.children.push(child);
      pos = child.end;
    }
  }
  return node;
}

function byteAt(buf: Uint8Array, pos: number, limit: number): number {
  const b = pos < limit ? buf[pos] : undefined;
  if (b === undefined) throw new AsnError('truncated');
  return b;
}

export const TAG = {
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const;

/**
 * Branded so that a failed check does not narrow `AsnNode | undefined` down to `undefined` in the else branch
 * (a plain `node is AsnNode` guard would).
 */
declare const checkedTag: unique symbol;
export type TaggedNode = AsnNode & { readonly [checkedTag]: true };

export function isUniversal(node: AsnNode | undefined, tagNumber: number): node is TaggedNode {
  return node !== undefined && node.cls === 0 && node.tagNumber === tagNumber;
}

export function isContext(node: AsnNode | undefined, tagNumber: number): node is TaggedNode {
  return node !== undefined && node.cls === 2 && node.tagNumber === tagNumber;
}

export function expectUniversal(node: AsnNode | undefined, tagNumber: number): AsnNode {
  if (!isUniversal(node, tagNumber)) throw new AsnError(`expected universal tag ${tagNumber}`);
  return node;
}

export function content(node: AsnNode): Uint8Array {
  return node.buf.subarray(node.contentStart, node.contentEnd);
}

/** The whole encoding of the element, identifier and length included. */
export function raw(node: AsnNode): Uint8Array {
  return node.buf.subarray(node.start, node.end);
}

export function decodeOid(node: AsnNode): string {
  const bytes = content(expectUniversal(node, TAG.OID));
  if (bytes.length === 0 || bytes.length > 64) throw new AsnError('bad OID');
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  const firstArc = arcs.shift();
  if (firstArc === undefined) throw new AsnError('bad OID');
  const head = firstArc < 40 ? [0, firstArc] : firstArc < 80 ? [1, firstArc - 40] : [2, firstArc - 80];
  return [...head, ...arcs].join('.');
}

/** OCTET STRING value, concatenating the chunks of a constructed (BER) encoding. */
export function octetStringValue(node: AsnNode, maxBytes: number): Uint8Array {
  expectUniversal(node, TAG.OCTET_STRING);
  if (!node.constructed) return content(node);
  const parts: Uint8Array[] = [];
  let total = 0;
  const collect = (n: AsnNode): void => {
    if (!isUniversal(n, TAG.OCTET_STRING)) throw new AsnError('bad OCTET STRING chunk');
    if (n.constructed) {
      for (const c of n.children) collect(c);
      return;
    }
    total += n.contentEnd - n.contentStart;
    if (total > maxBytes) throw new AsnError('content too large');
    parts.push(content(n));
  };
  collect(node);
  return Buffer.concat(parts);
}

/** Text of the directory string types found in certificate names. */
export function decodeString(node: AsnNode): string | null {
  if (node.cls !== 0 || node.constructed) return null;
  const bytes = Buffer.from(content(node));
  switch (node.tagNumber) {
    case TAG.UTF8_STRING:
      return bytes.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.T61_STRING:
      // Teletex is not Latin-1, but the names in Italian certificates that use it are plain ASCII in practice.
      return bytes.toString('latin1');
    case TAG.BMP_STRING:
      return bytes.length % 2 === 0 ? bytes.swap16().toString('utf16le') : null;
    case TAG.UNIVERSAL_STRING: {
      if (bytes.length % 4 !== 0) return null;
      const codePoints: number[] = [];
      for (let i = 0; i < bytes.length; i += 4) codePoints.push(bytes.readUInt32BE(i));
      try {
        return String.fromCodePoint(...codePoints);
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}

/** UTCTime / GeneralizedTime as a Date; null when it is not one of them or is malformed. */
export function decodeTime(node: AsnNode): Date | null {
  if (node.cls !== 0 || node.constructed) return null;
  const text = Buffer.from(content(node)).toString('latin1');
  let m: RegExpExecArray | null;
  let year: number;
  if (node.tagNumber === TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?()(Z|[+-]\d{4})$/.exec(text);
    if (!m) return null;
    const yy = Number(m[1]);
    // RFC 5280: two-digit years 50–99 are 19xx.
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (node.tagNumber === TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(\.\d{1,9})?(Z|[+-]\d{4})?$/.exec(text);
    if (!m) return null;
    year = Number(m[1]);
  } else {
    return null;
  }
  const [, , mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  let time = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'), ms);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    time -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date;
}
