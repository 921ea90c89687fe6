import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { AttachmentContent, SpooledFile } from '../tickets/attachments/spool';

/** The only shape a content address may have: it is the sole input that ever becomes part of a path or an object key. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Throws on anything that is not a lowercase hex sha256, before it can reach a path or a key (no traversal). */
export function assertSha256(value: string): void {
  if (!isSha256(value)) throw new Error('Indirizzo di allegato non valido.');
}

/** `<aa>/<bb>/<sha256>`: the same layout on disk and in a bucket, so a copy keeps every name. */
export function relativeKey(sha256: string): string {
  assertSha256(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export interface StoredObject {
  sha256: string;
  size: number;
}

/**
 * Every file the product keeps (ticket attachments, signed forms, identity documents, convention documents,
 * statement PDFs, imported documents) goes through this interface, content-addressed by its sha256: identical
 * content is stored once and the database rows carry names and links. Two implementations: a local folder
 * (default) and any S3-compatible bucket. Contents stream in and out; none is held whole in memory except the
 * bytes a caller already has (generated PDFs, inbound mail).
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Uploads are spooled here (a local folder in both cases) and hashed on the way, before they are stored. */
  readonly spoolDir: string;
  /** Stores bytes already in memory unless the same content is there. */
  put(bytes: Uint8Array): Promise<StoredObject>;
  /** Stores a spooled upload, consuming it (the spooled file is moved or deleted). */
  adopt(file: SpooledFile): Promise<StoredObject>;
  /** Stores a copy of a local file whose hash is already known and verified (copy, restore); the source stays. */
  putFile(file: SpooledFile): Promise<StoredObject>;
  /** Stores a content wherever it is: bytes in memory are written, a spooled upload is moved in. */
  putContent(content: AttachmentContent): Promise<StoredObject>;
  /** Streams a stored file; throws at once on an invalid address, errors on the stream when the file is missing. */
  createReadStream(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
  /** Size of a stored file, or `null` when it is missing. */
  size(sha256: string): Promise<number | null>;
  /** Deletes a stored file; a file already gone is not an error (false), so a repeated purge is harmless. */
  remove(sha256: string): Promise<boolean>;
  /** Every stored file, in no particular order (backup manifest, copy to another store). */
  list(): AsyncIterable<StoredObject>;
}

/** A pass-through stream that hashes what flows through it; `result()` once the stream has ended. */
export function hashingStream(): { stream: Transform; result: () => StoredObject } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), size }) };
}

/** A stored file's sha256 and size, computed while streaming it (copy and backup verification). */
export async function hashStream(stream: Readable): Promise<StoredObject> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
