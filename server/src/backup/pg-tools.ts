import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs a PostgreSQL client program (pg_dump, pg_restore). PG_BIN_DIR picks the binaries when those on the PATH
 * are of another major version than the server (pg_dump refuses to dump a newer server).
 */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  const bin = process.env.PG_BIN_DIR ? path.join(process.env.PG_BIN_DIR, tool) : tool;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-4000);
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'ENOENT' ? `${tool} non trovato: installare il client di PostgreSQL (apt-get install postgresql-client) o indicare PG_BIN_DIR` : err.message)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const hint = /version mismatch/.test(stderr) ? ` — serve ${tool} della stessa versione del server: indicare la cartella con PG_BIN_DIR` : '';
        reject(new Error(`${tool} è terminato con codice ${code}${hint}:\n${stderr.trim()}`));
      }
    });
  });
}

/** libpq takes the whole URL as the database name argument, so no password ever appears in a separate flag. */
export function dumpArgs(databaseUrl: string, file: string): string[] {
  return ['--format=custom', '--no-owner', '--no-privileges', '--compress=6', `--file=${file}`, `--dbname=${databaseUrl}`];
}

export function restoreArgs(databaseUrl: string, file: string, jobs: number): string[] {
  return ['--no-owner', '--no-privileges', '--exit-on-error', `--jobs=${jobs}`, `--dbname=${databaseUrl}`, file];
}
