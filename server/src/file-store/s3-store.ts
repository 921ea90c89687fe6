import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { AttachmentContent, SpooledFile } from '../tickets/attachments/spool';
import { isSha256, relativeKey, type FileStore, type StoredObject } from './file-store';

export interface S3StoreOptions {
  bucket: string;
  /** Any S3-compatible endpoint (MinIO, Ceph, a cloud provider); unset = AWS itself. */
  endpoint?: string;
  region: string;
  /** Unset = the SDK's default chain (environment, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `bucket` in the path rather than in the host name: MinIO and most self-hosted stores want it. */
  forcePathStyle: boolean;
  /** Keys start with this (e.g. `allegati/`), so one bucket can hold other things too. */
  prefix: string;
  /** Local folder for spooled uploads, on this machine. */
  spoolDir: string;
}

export function s3Client(options: Pick<S3StoreOptions, 'endpoint' | 'region' | 'credentials' | 'forcePathStyle'>): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    forcePathStyle: options.forcePathStyle,
    // Checksums only where the protocol requires them: several S3-compatible stores refuse the SDK's default
    // trailing CRC32 (aws-chunked) uploads. Integrity is ours anyway: every key is the sha256 of its content.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function isNotFound(err: unknown): boolean {
  if (err instanceof S3ServiceException) return err.$metadata.httpStatusCode === 404 || err.name === 'NotFound' || err.name === 'NoSuchKey';
  return false;
}

/** Files in an S3-compatible bucket under `<prefix><aa>/<bb>/<sha256>`, the same names as the local folder. */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly spoolDir: string;

  constructor(
    private readonly client: S3Client,
    private readonly options: Omit<S3StoreOptions, 'spoolDir'> & { spoolDir: string },
  ) {
    this.spoolDir = options.spoolDir;
  }

  private key(sha256: string): string {
    return this.options.prefix + relativeKey(sha256);
  }

  async put(bytes: Uint8Array): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const size = bytes.byteLength;
    if (!(await this.exists(sha256))) {
      await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256), Body: bytes, ContentLength: size }));
    }
    return { sha256, size };
  }

  /** A PUT is atomic in S3: a reader sees the whole object or none, so no temporary name is needed. */
  async putFile(file: SpooledFile): Promise<StoredObject> {
    const { sha256, size } = file;
    if (await this.exists(sha256)) return { sha256, size };
    // lib-storage streams the file in parts (multipart above 5 MB), never holding it whole in memory.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: this.key(sha256), Body: createReadStream(file.path) },
      queueSize: 2,
    });
    await upload.done();
    return { sha256, size };
  }

  async adopt(file: SpooledFile): Promise<StoredObject> {
    const stored = await this.putFile(file);
    await unlink(file.path).catch(() => undefined);
    return stored;
  }

  putContent(content: AttachmentContent): Promise<StoredObject> {
    return content instanceof Uint8Array ? this.put(content) : this.adopt(content);
  }

  createReadStream(sha256: string): Readable {
    const key = this.key(sha256);
    const out = new PassThrough();
    this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key })).then(
      (res) => pipeline(res.Body as Readable, out).catch(() => undefined), // pipeline destroys `out` on failure
      (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
    );
    return out;
  }

  async size(sha256: string): Promise<number | null> {
    if (!isSha256(sha256)) return null;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      return head.ContentLength ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async remove(sha256: string): Promise<boolean> {
    if (!(await this.exists(sha256))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
    return true;
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.options.prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        const name = path.posix.basename(o.Key ?? '');
        if (isSha256(name) && o.Key === this.key(name)) yield { sha256: name, size: o.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
