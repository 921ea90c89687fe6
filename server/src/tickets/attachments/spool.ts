import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler } from 'express';
import type multer from 'multer';
import { hashingStream } from '../../file-store/file-store';

/** An uploaded file as it lies on disk: hashed while it streamed in, so storing it never reads it again. */
export interface SpooledFile {
  path: string;
  sha256: string;
  size: number;
}

/** The content of an attachment: an upload spooled on disk, or bytes already in memory (inbound mail, seeds). */
export type AttachmentContent = SpooledFile | Uint8Array;

/** Where uploads wait when the route keeps no attachment store (CSV imports, the form check). */
export const DEFAULT_SPOOL_DIR = path.join(os.tmpdir(), 'cit-uploads');

/** The bytes of a content; a spooled file is read only now, one at a time, by a caller that needs them all. */
export async function readContent(content: AttachmentContent): Promise<Uint8Array> {
  if (content instanceof Uint8Array) return content;
  const buffer = await readFile(content.path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * A multer storage engine that streams each file to `<dir>/upload-<random>.part` and hashes it on the way, so an
 * upload never sits whole in memory. Busboy enforces the size limit on the stream; multer removes the files of a
 * failed request through `_removeFile`, and `removeSpooledFiles` removes the rest once the response is over.
 */
export function spoolStorage(dir: string): multer.StorageEngine {
  return {
    _handleFile(_req, file, cb) {
      const target = path.join(dir, `upload-${randomBytes(12).toString('hex')}.part`);
      const hashing = hashingStream();
      mkdir(dir, { recursive: true, mode: 0o700 })
        .then(() => pipeline(file.stream, hashing.stream, createWriteStream(target, { flags: 'wx', mode: 0o600 })))
        .then(
          () => cb(null, { path: target, ...hashing.result() } as Partial<Express.Multer.File>),
          (err: unknown) => {
            void unlink(target).catch(() => undefined);
            cb(err instanceof Error ? err : new Error(String(err)));
          },
        );
    },
    _removeFile(_req, file, cb) {
      unlink(file.path).then(
        () => cb(null),
        () => cb(null),
      );
    },
  };
}

/** The spooled files multer put on the request. */
export function spooledFiles(req: Request): Array<Express.Multer.File & SpooledFile> {
  const files = req.files;
  const list = files === undefined ? [] : Array.isArray(files) ? files : Object.values(files).flat();
  return list as Array<Express.Multer.File & SpooledFile>;
}

/**
 * Deletes the request's spooled files once the response is over, whatever happened: a file the handler moved into
 * the attachment store is gone already (ENOENT, ignored); any other is a leftover of a refused or failed request.
 */
export const removeSpooledFiles: RequestHandler = (req, res, next) => {
  res.once('close', () => {
    for (const file of spooledFiles(req)) void unlink(file.path).catch(() => undefined);
  });
  next();
};
