import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { safeFileName } from '../tickets/attachments/file-name';
import { sniffAttachment } from '../tickets/attachments/sniff';
import type { AttachmentStore } from '../tickets/attachments/storage';
import type { ResolvedDocument } from './bundle';
import type { GlpiDocument } from './glpi.repository';

/**
 * A GLPI document from the folder copied out of MoOne (GLPI_DOC_DIR, files/ in a stock install): it must sit
 * inside that folder, match the SHA-1 GLPI recorded, and pass the same allow-list sniffing as any upload. The
 * bytes go to the attachment store only on a real run; a file that fails is reported and its ticket still imports.
 */
export async function resolveDocument(
  doc: GlpiDocument,
  options: { dir: string | null; store: AttachmentStore | null; maxBytes: number },
): Promise<ResolvedDocument> {
  const fail = (reason: string): ResolvedDocument => ({ ok: false, link: doc, reason: `documento ${doc.documents_id} «${doc.filename ?? ''}»: ${reason}` });
  if (!options.dir) return fail('cartella dei documenti non indicata (--documents)');
  if (!doc.filepath) return fail('percorso del file mancante in glpi_documents');
  const root = path.resolve(options.dir);
  const file = path.resolve(root, doc.filepath);
  if (!file.startsWith(root + path.sep)) return fail(`percorso «${doc.filepath}» fuori dalla cartella dei documenti`);
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.size > options.maxBytes) return fail(`file di ${info.size} byte, oltre il limite degli allegati`);
    bytes = await readFile(file);
  } catch {
    return fail(`file «${doc.filepath}» non trovato`);
  }
  const sha1 = createHash('sha1').update(bytes).digest('hex');
  if (doc.sha1sum && sha1 !== doc.sha1sum.toLowerCase()) return fail(`SHA-1 diverso da quello registrato in MoOne (file alterato o troncato)`);
  const sniff = sniffAttachment(bytes);
  if (!sniff) return fail('tipo di file non ammesso');
  const fileName = safeFileName(doc.filename ?? path.basename(doc.filepath), sniff.extension);
  if (!options.store) {
    return { ok: true, link: doc, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, mime: sniff.mime, kind: sniff.kind, fileName };
  }
  const { sha256, size } = await options.store.put(bytes);
  return { ok: true, link: doc, sha256, size, mime: sniff.mime, kind: sniff.kind, fileName };
}
