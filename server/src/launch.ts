import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { startServer, stopOnSignals } from './runtime';
import { findOrStartRedis, RedisMissingError, startEmbeddedPostgres, type Service } from './dev/embedded-services';
import { describeError, portTaken, StartError } from './dev/start-errors';
import { DEMO_PASSWORD } from './enti/seed/demo-users';
import { demoUsers, seedDemo } from './enti/seed/seed';
import { seedDemoHistory } from './enti/seed/demo-history';
import { fileStoreFromConfig } from './file-store/file-store.module';
import { sealClearTotpSecrets } from './auth/second-factor/second-factor.service';
import { SecretBox } from './platform/secret-box';

const ROOT = path.resolve(__dirname, '../..');
/** CIT_DATA_DIR moves the local data (tests start in a scratch folder). */
const DATA = path.resolve(process.env.CIT_DATA_DIR ?? path.join(ROOT, '.data'));
/** Present while the demo data is being loaded: a start killed in the middle resumes it (the seed is idempotent). */
const SEED_PENDING = path.join(DATA, 'demo-seed.pending');

/** What the start is doing, so that a failure names the step even when the error itself says little. */
let step = 'preparazione';
function progress(what: string): void {
  step = what.replace(/…$/, '');
  console.log(`• ${what}`);
}

/** The session secret survives restarts so that a local restart does not sign everybody out. */
function localSecret(): string {
  const file = path.join(DATA, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * `npm start`: the whole product on one machine with no setup. Whatever the environment does not provide
 * is started locally: PostgreSQL (embedded, data in .data/), Redis (an existing local one or redis-server).
 */
async function launch(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const owned: Service[] = [];
  const env = { ...process.env };
  if (!env.DATABASE_URL) {
    progress(`PostgreSQL integrato (dati in ${path.join(DATA, 'postgres')})…`);
    const pg = await startEmbeddedPostgres(path.join(DATA, 'postgres'), Number(env.EMBEDDED_PG_PORT ?? 54329), progress);
    owned.push(pg);
    env.DATABASE_URL = pg.url;
  }
  if (!env.REDIS_URL) {
    step = 'avvio di Redis';
    const redis = await findOrStartRedis(path.join(DATA, 'redis'), Number(env.EMBEDDED_REDIS_PORT ?? 63790));
    owned.push(redis);
    env.REDIS_URL = redis.url;
    console.log(`• Redis: ${redis.url}`);
  }
  // No SMTP settings: mail goes to a catcher inside this process and admins read it at /api/dev/mailbox;
  // replies can be tried by sending to the local inbound listener (reply+…@localhost).
  const catchMail = !env.SMTP_URL && !env.SMTP_HOST;
  if (catchMail) {
    const port = Number(env.EMBEDDED_SMTP_PORT ?? 10025);
    env.DEV_MAIL_CATCHER_PORT = String(port);
    env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    env.INBOUND_SMTP_PORT ??= '10026';
    env.INBOUND_SMTP_HOST ??= '127.0.0.1';
    env.INBOUND_DOMAIN ??= 'localhost';
  }
  env.SESSION_SECRET ??= localSecret();
  env.LOG_LEVEL ??= 'warn';

  const config = loadConfig(env);
  const stopOwned = async () => {
    for (const s of owned.reverse()) await s.stop().catch(() => undefined);
  };
  // Until the server is up, a failure must not leave the embedded PostgreSQL running behind it.
  let runtime: Awaited<ReturnType<typeof startServer>>;
  try {
    progress('Avvio del server e migrazioni del database…');
    runtime = await startServer(config, { migrate: true }).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portTaken(config.PORT, 'server web', 'PORT');
      throw err;
    });
  } catch (err) {
    await stopOwned();
    throw err;
  }
  stopOnSignals(async () => {
    await runtime.stop();
    await stopOwned();
  }, runtime.logger);
  const [{ n }] = (await runtime.ds.query(`SELECT count(*)::int AS n FROM enti`)) as [{ n: number }];
  if (n === 0 || existsSync(SEED_PENDING)) {
    progress('Primo avvio: carico i dati dimostrativi…');
    writeFileSync(SEED_PENDING, new Date().toISOString());
    runtime.readiness.seeding = true; // /api/ready says 503 until the demo accounts exist
    await seedDemo(runtime.ds, { store: fileStoreFromConfig(config), calendar: runtime.tickets.calendar });
    // The seed writes the demo accounts' TOTP secret in clear (it has no key); seal it now, not at the next start.
    await sealClearTotpSecrets(runtime.ds, SecretBox.fromConfig(config, 'totp'));
    // Two years of tickets, records and payments, so the first screen is a working queue (demo only; idempotent,
    // so an interrupted first start completes it).
    const history = await seedDemoHistory(runtime.ds);
    progress(`Storico dimostrativo: ${history.tickets} ticket, ${history.records} servizi, ${history.entries} addebiti (${history.collected} riscossi)`);
    rmSync(SEED_PENDING, { force: true });
    runtime.readiness.seeding = false;
  }

  const width = Math.max(...demoUsers().map((u) => u.email.length));
  console.log(
    [
      '',
      `CIT Help-desk pronto: ${config.PUBLIC_URL}`,
      `Documentazione API:  ${config.PUBLIC_URL}/api/docs`,
      ...(catchMail
        ? [
            `E-mail catturate:    ${config.PUBLIC_URL}/api/dev/mailbox (admin; SMTP locale 127.0.0.1:${config.DEV_MAIL_CATCHER_PORT ?? ''})`,
            `Risposte per e-mail: SMTP 127.0.0.1:${runtime.notifications.inboundPort() ?? ''}`,
          ]
        : []),
      '',
      `Accessi dimostrativi (password per tutti: ${DEMO_PASSWORD})`,
      ...demoUsers().map((u) => `  ${u.email.padEnd(width)}  ${u.role}${u.ente ? ` – ${u.ente}` : ''}${u.supplier ? ` – ${u.supplier}` : ''}`),
      '',
      'Ctrl+C per fermare.',
    ].join('\n'),
  );
}

launch().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof RedisMissingError || err instanceof StartError) console.error(err.message);
  else console.error(`Avvio non riuscito (${step}): ${describeError(err)}`);
  process.exit(1);
});
