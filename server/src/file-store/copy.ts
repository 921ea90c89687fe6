import type { FileStore, StoredObject } from './file-store';
import { hashStream } from './file-store';
import type { LocalFileStore } from './local-store';

export interface CopyReport {
  files: number;
  bytes: number;
  copied: number;
  alreadyThere: number;
  /** Files whose content read back from the target does not hash to their name (or whose size differs). */
  mismatches: Array<{ sha256: string; found: StoredObject | null }>;
}

/**
 * Copies every file of a local store to another store (an S3 bucket), then reads each one back from the target
 * and checks that its content still hashes to its name: the copy is only trusted once every hash is verified.
 * Files already in the target (an interrupted copy run again) are not sent again but verified all the same.
 */
export async function copyStore(source: LocalFileStore, target: FileStore, progress?: (done: number) => void): Promise<CopyReport> {
  const report: CopyReport = { files: 0, bytes: 0, copied: 0, alreadyThere: 0, mismatches: [] };
  for await (const file of source.list()) {
    report.files++;
    report.bytes += file.size;
    if (await target.exists(file.sha256)) report.alreadyThere++;
    else {
      await target.putFile({ path: source.path(file.sha256), sha256: file.sha256, size: file.size });
      report.copied++;
    }
    const found = await hashStream(target.createReadStream(file.sha256)).catch(() => null);
    if (found === null || found.sha256 !== file.sha256 || found.size !== file.size) report.mismatches.push({ sha256: file.sha256, found });
    progress?.(report.files);
  }
  return report;
}
