import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { hashingStream, hashStream, isSha256, relativeKey, type FileStore, type StoredObject } from '../file-store/file-store';
import { databaseFigures, userTables, withExportedSnapshot, type DatabaseFigures } from './backup.repository';
import { dumpArgs, restoreArgs, runPgTool } from './pg-tools';

/*
 * A backup folder:
 *   database.dump   pg_dump custom format (compressed, restorable table by table, in parallel)
 *   files/aa/bb/<sha256>   every file of the store, named by its content hash
 *   manifest.json   what was backed up: the files (hash, size) and the database's figures (rows per table, sums)
 *   SHA256SUMS      `sha256sum -c` format, for database.dump and manifest.json (the files are named by their hash)
 */
export const DUMP = 'database.dump';
export const MANIFEST = 'manifest.json';
export const SUMS = 'SHA256SUMS';

export interface Manifest {
  version: 1;
  createdAt: string;
  database: DatabaseFigures;
  files: StoredObject[];
}

export interface BackupReport {
  dumpBytes: number;
  files: number;
  fileBytes: number;
  ms: { database: number; files: number; total: number };
}

async function sha256File(file: string): Promise<string> {
  return (await hashStream(createReadStream(file))).sha256;
}

/** Copies a stream into `target`, hashing it on the way; the file only gets its name once its hash matches. */
async function writeVerified(source: NodeJS.ReadableStream, target: string, expected: StoredObject): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const hashing = hashingStream();
  const tmp = `${target}.part`;
  await pipeline(source, hashing.stream, createWriteStream(tmp, { flags: 'w', mode: 0o600 }));
  const { sha256: found, size } = hashing.result();
  if (found !== expected.sha256 || size !== expected.size) {
    throw new Error(`Il file ${expected.sha256} letto dall'archivio non corrisponde alla sua impronta (${found}, ${size} byte).`);
  }
  await rename(tmp, target);
}

/**
 * Backs up the database and the file store into an empty folder, while the system keeps running. The figures are
 * counted in the very snapshot pg_dump dumps; files are listed after the dump, so the backup holds every file the
 * dump references (a file is only deleted once no row points to it) and perhaps a few newer ones.
 */
export async function backup(ds: DataSource, databaseUrl: string, store: FileStore, to: string): Promise<BackupReport> {
  const started = Date.now();
  await mkdir(to, { recursive: true });
  if ((await readdir(to)).length > 0) throw new Error(`La cartella ${to} non è vuota: un backup va in una cartella nuova.`);
  const database = await withExportedSnapshot(ds, async (snapshot, tx) => {
    const figures = await databaseFigures(tx);
    await runPgTool('pg_dump', [...dumpArgs(databaseUrl, path.join(to, DUMP)), `--snapshot=${snapshot}`]);
    return figures;
  });
  const dbDone = Date.now();

  const files: StoredObject[] = [];
  let fileBytes = 0;
  for await (const f of store.list()) {
    await writeVerified(store.createReadStream(f.sha256), path.join(to, 'files', ...relativeKey(f.sha256).split('/')), f);
    files.push(f);
    fileBytes += f.size;
  }
  files.sort((a, b) => a.sha256.localeCompare(b.sha256));
  const manifest: Manifest = { version: 1, createdAt: new Date(started).toISOString(), database, files };
  await writeFile(path.join(to, MANIFEST), JSON.stringify(manifest, null, 1));
  const sums = [`${await sha256File(path.join(to, DUMP))}  ${DUMP}`, `${await sha256File(path.join(to, MANIFEST))}  ${MANIFEST}`];
  await writeFile(path.join(to, SUMS), sums.join('\n') + '\n');
  const done = Date.now();
  return { dumpBytes: (await stat(path.join(to, DUMP))).size, files: files.length, fileBytes, ms: { database: dbDone - started, files: done - dbDone, total: done - started } };
}

/** Checks SHA256SUMS and reads the manifest; throws naming the first damaged part. */
export async function readBackup(from: string): Promise<Manifest> {
  const sums = await readFile(path.join(from, SUMS), 'utf8').catch(() => {
    throw new Error(`${path.join(from, SUMS)} manca: non è una cartella di backup.`);
  });
  for (const line of sums.split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (!m || m[2]!.includes('/')) throw new Error(`${SUMS}: riga non valida «${line}».`);
    if ((await sha256File(path.join(from, m[2]!))) !== m[1]) throw new Error(`${m[2]} è danneggiato: l'impronta non corrisponde a ${SUMS}.`);
  }
  const manifest = JSON.parse(await readFile(path.join(from, MANIFEST), 'utf8')) as Manifest;
  if (manifest.version !== 1 || !Array.isArray(manifest.files) || manifest.files.some((f) => !isSha256(f.sha256))) {
    throw new Error(`${MANIFEST}: formato non riconosciuto.`);
  }
  return manifest;
}

export interface RestoreReport {
  files: number;
  ms: { database: number; files: number; total: number };
}

/**
 * Restores a backup into an empty database (tables are never overwritten) and puts its files into the store,
 * verifying each hash on the way. The database must exist; its migrations come from the dump.
 */
export async function restore(ds: DataSource, databaseUrl: string, store: FileStore, from: string, jobs = 2): Promise<RestoreReport> {
  const started = Date.now();
  const manifest = await readBackup(from);
  const tables = await userTables(ds);
  if (tables.length > 0) throw new Error(`Il database di destinazione non è vuoto (${tables.length} tabelle, es. ${tables[0]}): il ripristino va in un database nuovo.`);
  await runPgTool('pg_restore', restoreArgs(databaseUrl, path.join(from, DUMP), jobs));
  const dbDone = Date.now();
  for (const f of manifest.files) {
    const file = path.join(from, 'files', ...relativeKey(f.sha256).split('/'));
    const read = await hashStream(createReadStream(file));
    if (read.sha256 !== f.sha256 || read.size !== f.size) throw new Error(`Il file ${f.sha256} del backup è danneggiato.`);
    await store.putFile({ path: file, sha256: f.sha256, size: f.size });
  }
  const done = Date.now();
  return { files: manifest.files.length, ms: { database: dbDone - started, files: done - dbDone, total: done - started } };
}
