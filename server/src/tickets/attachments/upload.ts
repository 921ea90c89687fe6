import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError, notFound } from '../../platform/http/errors';
import { safeFileName } from './file-name';
import { sniffAttachment, type SniffResult } from './sniff';
import { DEFAULT_SPOOL_DIR, readContent, removeSpooledFiles, spooledFiles, spoolStorage, type AttachmentContent } from './spool';
import type { AttachmentStore } from './storage';

export interface AttachmentUploadOptions {
  maxFileBytes: number;
  maxFiles: number;
  /** Multipart field carrying the files; `attachments` unless the form says otherwise. */
  fieldName?: string;
  /** Several named fields of one file each instead (`req.files` is then keyed by field). */
  fileFields?: readonly string[];
  /** Text fields travel in the same form (ticket subject, description): bounded so they cannot fill memory. */
  maxFields?: number;
  maxFieldBytes?: number;
  /** Where files stream to while they arrive; the attachment store's own spool keeps the final move a rename. */
  spoolDir?: string;
}

export interface CheckedAttachment {
  /** The name as the client sent it, for logs and audit only: never use it as a path or a header. */
  originalName: string;
  /** The name to store and offer on download: cleaned and carrying the sniffed extension. */
  fileName: string;
  content: AttachmentContent;
  sniff: SniffResult;
}

/** The user-facing list of what may be attached, in the order a help-desk user thinks of them. */
export const ALLOWED_ATTACHMENT_TYPES = [
  'PDF',
  'PDF firmato .p7m',
  'immagini (PNG, JPEG, GIF, WebP, TIFF)',
  'documenti Office/LibreOffice',
  'testo',
] as const;

const MULTER_FIELD_LIMITS = new Set(['LIMIT_FIELD_VALUE', 'LIMIT_FIELD_COUNT', 'LIMIT_PART_COUNT', 'LIMIT_FIELD_KEY']);

/**
 * Parses `multipart/form-data`: files stream to disk (hashed on the way, `req.files[].path`), text fields go to
 * `req.body`; every multer/busboy failure becomes an AppError, so the client always gets the JSON error shape.
 * The files are removed when the response is over unless the handler moved them into the attachment store.
 * Requests that are not multipart pass through untouched (`req.files` stays undefined). ApiRouter runs this only
 * after the caller passed the route's access check.
 */
export function attachmentUpload(opts: AttachmentUploadOptions): RequestHandler {
  const fieldName = opts.fileFields?.join('», «') ?? opts.fieldName ?? 'attachments';
  const parser = multer({
    storage: spoolStorage(opts.spoolDir ?? DEFAULT_SPOOL_DIR),
    // Browsers send UTF-8 file names without declaring it; busboy's latin1 default would garble «è».
    defParamCharset: 'utf8',
    limits: {
      fileSize: opts.maxFileBytes,
      files: opts.maxFiles,
      fields: opts.maxFields ?? 50,
      fieldSize: opts.maxFieldBytes ?? 1024 * 1024,
      fieldNameSize: 200,
      parts: opts.maxFiles + (opts.maxFields ?? 50),
    },
  });
  const parse = opts.fileFields ? parser.fields(opts.fileFields.map((name) => ({ name, maxCount: 1 }))) : parser.array(fieldName);

  return (req, res, next) => {
    removeSpooledFiles(req, res, () => {
      parse(req, res, (err: unknown) => {
        next(err === undefined || err === null ? undefined : toUploadError(err, opts, fieldName));
      });
    });
  };
}

function toUploadError(err: unknown, opts: AttachmentUploadOptions, fieldName: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    // multer 2 names the offending file; its typings do not declare the property yet.
    const fileName = (err as { filename?: unknown }).filename;
    switch (err.code) {
      case 'LIMIT_FILE_SIZE': {
        const who = typeof fileName === 'string' && fileName !== '' ? `Il file «${fileName}»` : 'Un file allegato';
        return new AppError(413, 'attachment_too_large', `${who} supera il limite di ${formatLimit(opts.maxFileBytes)}.`, {
          maxFileBytes: opts.maxFileBytes,
          ...(typeof fileName === 'string' ? { fileName } : {}),
        });
      }
      case 'LIMIT_FILE_COUNT':
        return new AppError(413, 'too_many_attachments', `Può allegare al massimo ${opts.maxFiles} file per volta.`, {
          maxFiles: opts.maxFiles,
        });
      case 'LIMIT_UNEXPECTED_FILE':
        return new AppError(400, 'invalid_multipart', `I file vanno inviati nel campo «${fieldName}».`, {
          field: err.field,
        });
      default:
        if (MULTER_FIELD_LIMITS.has(err.code)) {
          return new AppError(413, 'payload_too_large', 'I campi del modulo sono troppi o troppo lunghi.');
        }
    }
  }
  // Everything else raised while parsing is busboy rejecting the body (missing boundary, truncated part,
  // bad headers) or the client dropping the upload: the request is at fault, not the server.
  return new AppError(400, 'invalid_multipart', 'Il modulo inviato non è un multipart/form-data valido.');
}

/** `20 MB`, `1,5 MB`, `512 KB`: limits are configured in bytes but read by people. */
export function formatLimit(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${mb.toLocaleString('it-IT', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('it-IT')} KB`;
}

/**
 * Sniffs every uploaded file and rejects the whole upload (415) if any one is not on the allow-list, naming the
 * offending files, so that a ticket is never created with half of what the user meant to attach. Files are read
 * back one at a time (the ZIP and text checks need all of a file), never all of them together.
 */
export async function checkUploadedFiles(req: Request): Promise<CheckedAttachment[]> {
  const accepted: CheckedAttachment[] = [];
  const rejected: string[] = [];
  for (const file of spooledFiles(req)) {
    const content = { path: file.path, sha256: file.sha256, size: file.size };
    const sniff = sniffAttachment(await readContent(content));
    if (!sniff) {
      rejected.push(file.originalname);
      continue;
    }
    accepted.push({ originalName: file.originalname, fileName: safeFileName(file.originalname, sniff.extension), content, sniff });
  }
  if (rejected.length > 0) {
    const names = rejected.map((n) => `«${n}»`).join(', ');
    const subject = rejected.length === 1 ? `Il file ${names} non è di un tipo consentito` : `I file ${names} non sono di un tipo consentito`;
    throw new AppError(415, 'attachment_type_not_allowed', `${subject}. Tipi ammessi: ${ALLOWED_ATTACHMENT_TYPES.join(', ')}.`, {
      rejected,
      allowed: [...ALLOWED_ATTACHMENT_TYPES],
    });
  }
  return accepted;
}

/** Only a plain `type/subtype` may reach the header: the stored value is ours, but a header is no place to trust. */
const SAFE_MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/i;

/**
 * Streams a stored attachment as a download. `attachment` disposition plus `nosniff` keep the browser from
 * rendering it inline (an uploaded file must never run as HTML in our origin); `no-store` keeps copies of
 * documents about citizens out of shared caches. Reject the promise (404) when the file is gone, before any
 * header is sent, so the route's error handler can answer in JSON.
 */
export async function sendAttachment(
  res: Response,
  store: AttachmentStore,
  file: { sha256: string; fileName: string; mime: string },
  /** Runs once the file is known to be there and before any byte is sent, e.g. to record who read it. */
  beforeSend?: () => Promise<void>,
): Promise<void> {
  const size = await store.size(file.sha256).catch(() => null);
  if (size === null) throw notFound("L'allegato");
  if (beforeSend) await beforeSend();
  // res.attachment() writes the RFC 6266/5987 header (ASCII fallback plus filename*=UTF-8''…) via
  // content-disposition; it also guesses a type from the extension, which the stored mime then overrides.
  res.attachment(file.fileName);
  res.set('Content-Type', SAFE_MIME.test(file.mime) ? file.mime : 'application/octet-stream');
  res.set('Content-Length', String(size));
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Cache-Control', 'private, no-store');
  res.set('Content-Security-Policy', "default-src 'none'; sandbox");
  try {
    await pipeline(store.createReadStream(file.sha256), res);
  } catch (err) {
    // Headers are gone by now, so the only honest signal left is a cut connection.
    res.destroy(err instanceof Error ? err : undefined);
  }
}
