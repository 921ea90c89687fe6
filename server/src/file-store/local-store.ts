import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { chmod, copyFile, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentContent, SpooledFile } from '../tickets/attachments/spool';
import { isSha256, relativeKey, type FileStore, type StoredObject } from './file-store';

/**
 * The local folder file store (the default): content-addressed files under `<root>/<aa>/<bb>/<sha256>`.
 * Identical uploads (the same PDF attached to several tickets) share one file; the database rows carry the name and the ticket link.
 * The root comes from configuration and must live outside anything served statically.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = path.resolve(rootDir);
  }

  /** Stores the bytes unless the same content is already there. Safe against concurrent puts of the same file. */
  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const size = bytes.byteLength;
    const finalPath = this.path(sha256);
    if (await this.exists(sha256)) return { sha256, size };

    const dir = path.dirname(finalPath);
    await mkdir(dir, { recursive: true, mode: 0o750 });
    // The temporary file sits in the same directory so that rename() is atomic (same filesystem): a reader never
    // sees a half-written attachment, even if the process dies mid-write. `wx` refuses to reuse a stray name.
    const tmpPath = path.join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(tmpPath, 'wx', 0o640);
    try {
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // If a concurrent put won the race the rename replaces identical content, which is harmless.
      await rename(tmpPath, finalPath);
    } catch (err) {
      await unlink(tmpPath).catch(() => undefined);
      throw err;
    }
    return { sha256, size };
  }

  /** Uploads stream here first: on the same filesystem as the store, so keeping one is a rename. */
  get spoolDir(): string {
    return path.join(this.root, '.incoming');
  }

  /** Stores a content wherever it is: bytes in memory are written, a spooled upload is moved in. */
  putContent(content: AttachmentContent): Promise<{ sha256: string; size: number }> {
    return content instanceof Uint8Array ? this.put(content) : this.adopt(content);
  }

  /**
   * Moves a spooled upload into place under the hash computed while it streamed in, without reading it again.
   * Across filesystems (a spool elsewhere) the file is copied next to its place first, so the final step stays an
   * atomic rename.
   */
  async adopt(file: SpooledFile): Promise<{ sha256: string; size: number }> {
    const { sha256, size } = file;
    const finalPath = this.path(sha256);
    if (await this.exists(sha256)) return { sha256, size };
    const dir = path.dirname(finalPath);
    await mkdir(dir, { recursive: true, mode: 0o750 });
    try {
      await rename(file.path, finalPath);
      await chmod(finalPath, 0o640); // spooled private to the process; stored like every other attachment
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await this.copyIn(file.path, finalPath, sha256);
    }
    return { sha256, size };
  }

  async putFile(file: SpooledFile): Promise<StoredObject> {
    const { sha256, size } = file;
    if (await this.exists(sha256)) return { sha256, size };
    const finalPath = this.path(sha256);
    await mkdir(path.dirname(finalPath), { recursive: true, mode: 0o750 });
    await this.copyIn(file.path, finalPath, sha256);
    return { sha256, size };
  }

  /** Copies next to the final place first, so the last step stays an atomic rename. */
  private async copyIn(source: string, finalPath: string, sha256: string): Promise<void> {
    const tmpPath = path.join(path.dirname(finalPath), `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await copyFile(source, tmpPath);
      await chmod(tmpPath, 0o640);
      await rename(tmpPath, finalPath);
    } catch (copyErr) {
      await unlink(tmpPath).catch(() => undefined);
      throw copyErr;
    }
  }

  /** Absolute path of a stored file; throws on anything that is not a lowercase hex sha256 (no traversal). */
  path(sha256: string): string {
    return path.join(this.root, ...relativeKey(sha256).split('/'));
  }

  /** Walks `<aa>/<bb>/<sha256>`; temporary files, the spool and anything not named by a hash are skipped. */
  async *list(): AsyncIterable<StoredObject> {
    const names = async (dir: string) => readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    for (const a of await names(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await names(path.join(this.root, a))) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue;
        for (const name of await names(path.join(this.root, a, b))) {
          if (!isSha256(name) || !name.startsWith(a + b)) continue;
          const size = await this.size(name);
          if (size !== null) yield { sha256: name, size };
        }
      }
    }
  }

  createReadStream(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.path(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      return (await stat(this.path(sha256))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Deletes a stored file (GDPR retention); a file already gone is not an error, so a repeated purge is harmless. */
  async remove(sha256: string): Promise<boolean> {
    try {
      await unlink(this.path(sha256));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Size on disk, or `null` when the file is missing. */
  async size(sha256: string): Promise<number | null> {
    try {
      const s = await stat(this.path(sha256));
      return s.isFile() ? s.size : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
