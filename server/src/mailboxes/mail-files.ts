import type { ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { attachmentMaxBytes } from '../config';
import type { AuthContext } from '../auth/context';
import { ScopedDb } from '../tenancy/scoped-db';
import { scopeFor } from '../tenancy/scope';
import { sniffAttachment, type SniffResult } from '../tickets/attachments/sniff';
import { safeFileName } from '../tickets/attachments/file-name';
import type { CheckedAttachment } from '../tickets/attachments/upload';
import type { Recipient } from '../notifications/recipients';

/**
 * A message's attachments through the uploads' allow-list (sniffed from the bytes, size and count limits); inline
 * parts (signature logos) are left out, refused files are named so the text can say so.
 */
export function filterAttachments(parsed: ParsedMail, config: Config): { files: CheckedAttachment[]; refused: string[] } {
  const files: CheckedAttachment[] = [];
  const refused: string[] = [];
  const maxBytes = attachmentMaxBytes(config);
  for (const part of parsed.attachments) {
    if (part.related || part.contentDisposition === 'inline') continue;
    const name = part.filename ?? 'allegato';
    const bytes = new Uint8Array(part.content.buffer, part.content.byteOffset, part.content.byteLength);
    const sniff = bytes.byteLength <= maxBytes && files.length < config.ATTACHMENT_MAX_FILES ? sniffAttachment(bytes) : null;
    if (sniff) files.push({ originalName: name, fileName: safeFileName(name, sniff.extension), content: bytes, sniff });
    else refused.push(name);
  }
  return { files, refused };
}

const EML: SniffResult = { mime: 'message/rfc822', extension: 'eml', kind: 'text' };
const XML: SniffResult = { mime: 'application/xml', extension: 'xml', kind: 'text' };

/**
 * The evidence of a PEC: the whole envelope as the provider delivered it (signature included, so it can be
 * verified later) and its certification data. Written by the product, not uploaded: no sniffing needed.
 */
export function evidenceFiles(envelope: Buffer, daticert: string): CheckedAttachment[] {
  const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return [
    { originalName: 'busta-pec.eml', fileName: 'busta-pec.eml', content: bytes(envelope), sniff: EML },
    { originalName: 'daticert.xml', fileName: 'daticert.xml', content: bytes(Buffer.from(daticert, 'utf8')), sniff: XML },
  ];
}

/** The request context of a user the product acts for (the sender of a message), with their tenant scope. */
export async function authForUser(ds: DataSource, user: Recipient): Promise<AuthContext> {
  const scope = await scopeFor(ds, user);
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, language: user.language, supplierId: user.supplierId },
    scope,
    db: new ScopedDb(ds, scope),
  };
}
