import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/** The Debian package's binary (`apt-get install dovecot-imapd`, done by .ci/run). */
const DOVECOT = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';

export interface TestImap {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Appends a raw message (RFC 5322 text) to a folder, as a delivering server would; its UID and UIDVALIDITY. */
  append: (raw: string | Buffer, folder?: string) => Promise<{ uid: number; uidValidity: bigint } | undefined>;
  /** Opens a client on the test user (to check flags and folders). */
  client: () => Promise<ImapFlow>;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`Dovecot did not start on ${port}: ${existsSync(logFile) ? readFileSync(logFile, 'utf8') : 'no log'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    setTimeout(() => {
      s.destroy();
      resolve(false);
    }, 500).unref();
  });
}

/**
 * A real Dovecot IMAP server for one test file: its own configuration, users and maildirs in a temporary
 * directory, plain IMAP on a free local port; nothing of the system's Dovecot configuration is read or changed.
 * As root, mail is owned by `nobody` (Dovecot refuses mail access as UID 0).
 */
export async function startDovecot(): Promise<TestImap> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot not found at ${DOVECOT}: apt-get install -y --no-install-recommends dovecot-imapd`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cit-dovecot-'));
  const port = await freePort();
  const user = 'helpdesk';
  const password = 'imap-di-prova';
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : (process.getuid?.() ?? 1000);
  const gid = root ? 65534 : (process.getgid?.() ?? 1000);
  const me = os.userInfo().username;
  // Dovecot's auth process runs as the `dovecot` user and must reach the users file.
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, 'home', user), { recursive: true });
  if (root) chownSync(path.join(dir, 'home', user), uid, gid);
  if (root) chownSync(path.join(dir, 'home'), uid, gid);
  writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`);
  const logFile = path.join(dir, 'dovecot.log');
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
${root ? '' : `default_login_user = ${me}\ndefault_internal_user = ${me}\n`}first_valid_uid = 1
mail_location = maildir:~/Maildir
# Test data: no fsync (the bench appends thousands of messages).
mail_fsync = never
mail_max_userip_connections = 200
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitListening(port, logFile).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  });

  const client = async () => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
    // An idle client times out after a while: that is no failure of the caller (a later command reconnects or fails).
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  let appender: ImapFlow | undefined;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    client,
    append: async (raw, folder = 'INBOX') => {
      if (!appender?.usable) appender = await client();
      const res = await appender.append(folder, raw);
      return res && res.uid !== undefined && res.uidValidity !== undefined ? { uid: res.uid, uidValidity: BigInt(res.uidValidity) } : undefined;
    },
    stop: async () => {
      await appender?.logout().catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether this machine has Dovecot (the CI installs it; the message names the package otherwise). */
export function dovecotVersion(): string {
  return execFileSync(DOVECOT, ['--version']).toString().trim();
}
