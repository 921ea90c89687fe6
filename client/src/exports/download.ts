import type { ExportFormat } from '@cit/shared';
import { errorFromResponse } from '../api/errors';
import { withQuery } from '../api/transport';

export interface ExportProgress {
  bytes: number;
  /** Lines received so far (CSV only: one per row, the header included). */
  rows: number | null;
}

/**
 * Downloads an export while reporting its progress, and offers the file only once it arrived whole. The server
 * streams it; if the export fails midway it aborts the response, the read below fails, and nothing is saved.
 */
export async function downloadExport(
  path: string,
  format: ExportFormat,
  query: Record<string, string | number | undefined>,
  onProgress: (p: ExportProgress) => void,
  signal: AbortSignal,
): Promise<string> {
  const res = await fetch(withQuery(`${path}/export/${format}`, query), { credentials: 'same-origin', signal, headers: { Accept: '*/*' } });
  if (!res.ok || !res.body) throw await errorFromResponse(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `esportazione.${format}`;
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let rows = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.length;
    if (format === 'csv') for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) rows++;
    onProgress({ bytes, rows: format === 'csv' ? rows : null });
  }
  const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the blob after the click returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
