import { z } from 'zod';
import { OidcProvidersSchema, RoleListSchema } from './auth/oidc/oidc-config';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every variable, each with its own rule; the rules across variables come below, in ConfigSchema. */
const ConfigFields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string({ error: 'manca: indirizzo di PostgreSQL, es. postgres://utente@127.0.0.1:5432/cit' })
    .regex(/^postgres(ql)?:\/\//, 'deve iniziare con postgres:// o postgresql://'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z
    .string({ error: 'manca: indirizzo di Redis, es. redis://127.0.0.1:6379' })
    .regex(/^rediss?:\/\//, 'deve iniziare con redis:// o rediss://'),
  /** Namespace of every Redis key, so several installations (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default('cit'),
  SESSION_SECRET: z.string().min(32, 'deve avere almeno 32 caratteri casuali'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Express "trust proxy": set it (e.g. `1` or `loopback`) behind a TLS-terminating proxy so cookies become Secure. */
  TRUST_PROXY: z.string().optional(),
  /** Failed logins from one address within LOGIN_IP_WINDOW_MINUTES before the address is refused (429) for that long. */
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(30),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Failed logins on one account (any address, per hour) answered at once; each further one doubles the wait. */
  LOGIN_ACCOUNT_FREE_FAILURES: z.coerce.number().int().min(0).max(1_000).default(5),
  /** The longest wait a slowed account imposes on a login attempt; an account is never locked. */
  LOGIN_DELAY_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  /** Password-reset requests and link uses per address and hour. */
  PASSWORD_REQUESTS_PER_IP_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  /** GDPR retention: identity documents of hand-signed requests are purged this many months after approval. */
  RETENTION_ID_DOCUMENT_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** GDPR retention: signed forms are kept this many years after their service record ended. */
  RETENTION_SIGNED_FORM_YEARS: z.coerce.number().int().min(1).max(50).default(10),
  /** ETSI TS 119 612 trusted list (XML, e.g. the AgID list) whose qualified CAs anchor the signed-form chains. */
  SIGNATURE_TRUST_LIST: z.string().min(1).optional(),
  /** Ask the CRL/OCSP services of the signers' certificates; off: revocation is recorded as not verified. */
  SIGNATURE_ONLINE: bool.default(false),
  /** Identity providers (OpenID Connect) as a JSON array; see the README. */
  OIDC_PROVIDERS: OidcProvidersSchema,
  /** Roles that may not sign in with a password (they use a provider), e.g. ente_user,capofila_user. */
  PASSWORD_LOGIN_DISABLED_ROLES: RoleListSchema,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIST: z.string().optional(),
  /** Where attachments are stored (content-addressed); never inside a served directory. */
  ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
  /**
   * Files on an S3-compatible store instead of ATTACHMENTS_DIR (which then only holds uploads being received):
   * set S3_BUCKET, plus S3_ENDPOINT for anything but AWS (MinIO, Ceph…), usually with S3_FORCE_PATH_STYLE=true.
   */
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'deve essere un nome di bucket S3 (minuscole, cifre, punti e trattini)').optional(),
  S3_ENDPOINT: z.url({ error: 'deve essere un indirizzo, es. http://minio:9000' }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'deve essere vuoto o terminare con /, es. allegati/').default(''),
  ATTACHMENT_MAX_MB: z.coerce.number().positive().max(200).default(20),
  ATTACHMENT_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10),
  /** Solved tickets are closed automatically after this many days without a reply. */
  TICKET_AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** A one-word search that the statistics say matches more tickets than this shows estimated counts (≈). */
  TICKET_ESTIMATE_ABOVE: z.coerce.number().int().min(1).default(100_000),
  /** Dispatched outbox rows are kept this many days (to look into what happened), then purged daily. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** Sent mails are kept this many days (what was sent to whom, and when), then purged daily. */
  MAIL_RETENTION_DAYS: z.coerce.number().int().min(365).max(3650).default(730),
  /** Carry out the outbox (live events, jobs, e-mail) from this process; several processes share it safely. */
  OUTBOX_DISPATCH: bool.default(true),
  /** Run the background worker (jobs) inside the API process: handy for one-machine installs and development. */
  RUN_JOBS: bool.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** How long a worker holds a job before others consider it stalled (crashed worker) and take it over. */
  JOB_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  SERVE_CLIENT: bool.default(true),
  /**
   * JSON file with the CIT's own texts for the public pages (accessibility statement link, privacy notice, legal
   * notes, contacts); any field left out keeps the default of server/src/public-pages/site-info.defaults.ts.
   */
  SITE_INFO_FILE: z.string().min(1).optional(),
  /** Outgoing mail: either SMTP_URL (smtp[s]://user:pass@host:port) or the SMTP_HOST… group; with neither, no mail is sent. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'deve essere un indirizzo smtp:// o smtps://, es. smtp://utente:password@mail.example.it:587').optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number({ error: 'deve essere un numero di porta' }).int().min(1, 'porta non valida').max(65535, 'porta non valida').default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('"CIT Help-desk" <helpdesk@cit.provincia.brescia.it>'),
  /** Signs reply and survey links; SESSION_SECRET when unset. */
  MAIL_TOKEN_SECRET: z.string().min(32, 'deve avere almeno 32 caratteri casuali').optional(),
  /** Sending attempts of one mail before it is listed as failed for the admins, and the first retry delay. */
  MAIL_ATTEMPTS: z.coerce.number({ error: 'deve essere un numero' }).int().min(1, 'almeno 1 tentativo').max(50, 'al massimo 50 tentativi').default(10),
  MAIL_BACKOFF_MS: z.coerce.number({ error: 'deve essere un numero di millisecondi' }).int().min(10, 'almeno 10 ms').max(3_600_000, 'al massimo un\'ora').default(30_000),
  /**
   * The CIT's PEC account for official notices (approvals, rejections, half-year statements to the Enti's PEC
   * addresses): smtps://user:password@smtps.pec.provider.it:465. Unset = no PEC is sent (recorded, shown to admins).
   */
  PEC_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'deve essere un indirizzo smtp:// o smtps://, es. smtps://cit%40pec.example.it:password@smtps.pec.example.it:465').optional(),
  /** The sender of the official notices: the CIT's PEC address (a PEC provider accepts only the account's own address). */
  PEC_FROM: z.string().regex(/^(.*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'deve essere un indirizzo e-mail, es. "CIT" <cit@pec.provincia.brescia.it>').optional(),
  /** Port of the inbound SMTP listener for replies by e-mail (0 = any free port); unset = no listener. */
  INBOUND_SMTP_PORT: z.coerce.number({ error: 'deve essere un numero di porta' }).int().min(0, 'porta non valida').max(65535, 'porta non valida').optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  /** Domain of the Reply-To addresses (reply+token@domain); its MX must reach the inbound listener. Default: PUBLIC_URL's host. */
  INBOUND_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'deve essere un nome di dominio, es. helpdesk.cit.provincia.brescia.it').optional(),
  INBOUND_MAX_MB: z.coerce.number({ error: 'deve essere un numero' }).positive('deve essere positivo').max(200, 'al massimo 200 MB').default(25),
  /** Follow the IMAP mailboxes configured by the admins (issue 21); off for extra API processes. */
  MAILBOXES_FOLLOW: bool.default(true),
  /**
   * Encrypts the secrets kept at rest (mailbox passwords, TOTP secrets); MAILBOX_SECRET_KEY, else SESSION_SECRET,
   * when unset. Set it in production: rotating SESSION_SECRET must not make those secrets unreadable.
   */
  SECRETS_KEY: z.string().min(32, 'deve avere almeno 32 caratteri casuali').optional(),
  /** The older name of SECRETS_KEY, still read; when both are set they must be equal. */
  MAILBOX_SECRET_KEY: z.string().min(32, 'deve avere almeno 32 caratteri casuali').optional(),
  /** Seconds between two checks of a mailbox when IDLE is not available or the connection fell. */
  MAILBOX_POLL_SECONDS: z.coerce.number({ error: 'deve essere un numero' }).int().min(1, 'almeno 1 secondo').max(3600, "al massimo un'ora").default(60),
  /** Messages per hour from one sender beyond which its messages no longer open tickets (flood). */
  MAILBOX_FLOOD_PER_HOUR: z.coerce.number({ error: 'deve essere un numero' }).int().min(1, 'almeno 1').max(100_000, 'al massimo 100000').default(30),
  /** Development only: port of the in-process SMTP server that catches mail and shows it at /api/dev/mails. */
  /** Bearer token of GET /api/metrics (Prometheus); unset = no metrics endpoint. */
  METRICS_TOKEN: z.string().min(32, 'deve avere almeno 32 caratteri casuali').optional(),
  /** On SIGTERM: seconds spent draining (not ready, no new sockets) before stopping, so the balancer notices first. */
  DRAIN_SECONDS: z.coerce.number({ error: 'deve essere un numero di secondi' }).min(0).max(120).default(0),
  DEV_MAIL_CATCHER_PORT: z.coerce.number({ error: 'deve essere un numero di porta' }).int().min(0, 'porta non valida').max(65535, 'porta non valida').optional(),
});

const ConfigSchema = ConfigFields.refine((c) => !c.SECRETS_KEY || !c.MAILBOX_SECRET_KEY || c.SECRETS_KEY === c.MAILBOX_SECRET_KEY, {
  path: ['MAILBOX_SECRET_KEY'],
  message: 'diversa da SECRETS_KEY: i segreti già cifrati si leggono solo con la chiave che li ha cifrati; tenere una sola delle due',
}).transform((c) => {
  const PUBLIC_URL = c.PUBLIC_URL ?? `http://localhost:${c.PORT}`;
  return { ...c, PUBLIC_URL, INBOUND_DOMAIN: c.INBOUND_DOMAIN ?? new URL(PUBLIC_URL).hostname };
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configurazione non valida:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from the environment; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigFields.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

const FILE_STORE_KEYS = {
  ATTACHMENTS_DIR: true,
  S3_BUCKET: true,
  S3_ENDPOINT: true,
  S3_REGION: true,
  S3_ACCESS_KEY_ID: true,
  S3_SECRET_ACCESS_KEY: true,
  S3_FORCE_PATH_STYLE: true,
  S3_PREFIX: true,
} as const;
export type FileStoreConfig = Pick<Config, keyof typeof FILE_STORE_KEYS>;

/** Only the file store's variables, for commands that need no session secret (seed, backup, restore, copy). */
export function loadFileStoreConfig(env: NodeJS.ProcessEnv = process.env): FileStoreConfig {
  // From the fields: zod cannot pick from a schema with rules across fields (a refine).
  const schema = ConfigFields.pick(FILE_STORE_KEYS);
  const picked = Object.fromEntries(Object.keys(FILE_STORE_KEYS).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

/** The largest file an upload may carry, in whole bytes (ATTACHMENT_MAX_MB may be fractional, e.g. in tests). */
export function attachmentMaxBytes(config: Pick<Config, 'ATTACHMENT_MAX_MB'>): number {
  return Math.round(config.ATTACHMENT_MAX_MB * 1024 * 1024);
}
