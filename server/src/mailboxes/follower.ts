import { ImapFlow } from 'imapflow';
import type { Logger } from '../platform/logger';
import type { MailboxesRepository, MailboxRow } from './mailboxes.repository';
import { MessageProcessor } from './message-processor';

/** The keyword a handled message gets (when the mailbox keeps handled messages in place). */
export const DONE_KEYWORD = '$CitDone';
const BATCH = 100;
/** Senders processed side by side within a batch (the database does the waiting). */
const LANES = 6;
/** A claim older than this, still not done, was left by a process that died mid-message. */
const STALE_CLAIM_MS = 2 * 60_000;

export interface FollowerDeps {
  repo: MailboxesRepository;
  processor: MessageProcessor;
  logger: Logger;
  pollMs: number;
  password: (mailbox: MailboxRow) => string;
  /** Tests: runs after a message is processed and recorded, before it is flagged or moved (a crash there). */
  afterProcessed?: (uid: number) => Promise<void> | void;
}

/**
 * Follows one mailbox: IDLE while connected (new mail wakes it), a check every `pollMs` as fallback, a reconnect
 * with backoff when the connection breaks. Every message is claimed in the database before any work (so two
 * processes, or a restart, never handle it twice) and flagged or moved only once its outcome is recorded (so a
 * crash before that loses nothing: the next pass finds it done and only flags it).
 */
export class MailboxFollower {
  private client: ImapFlow | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  /** New mail announced while a pass was running: the next wait returns at once. */
  private pending = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly mailbox: MailboxRow,
    private readonly deps: FollowerDeps,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    this.client = undefined;
    if (client) await client.logout().catch(() => client.close());
    await this.loop;
  }

  /** Drops the connection as a network failure would (tests); the follower reconnects. */
  breakConnection(): void {
    this.client?.close();
  }

  private async run(): Promise<void> {
    let backoff = 1_000;
    while (!this.stopped) {
      try {
        await this.session();
        backoff = 1_000;
      } catch (err) {
        if (this.stopped) break;
        const message = err instanceof Error ? err.message : String(err);
        this.deps.logger.warn({ mailbox: this.mailbox.name, err: message }, 'mailbox connection failed; retrying');
        await this.deps.repo.syncState(this.mailbox.id, message.slice(0, 500)).catch(() => undefined);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, Math.max(this.deps.pollMs, 1_000));
      }
    }
  }

  /** One connection: sync, then wait for new mail (IDLE) or the poll, until it breaks or the follower stops. */
  private async session(): Promise<void> {
    const m = this.mailbox;
    const client = new ImapFlow({ host: m.host, port: m.port, secure: m.tls, auth: { user: m.username, pass: this.deps.password(m) }, logger: false });
    this.client = client;
    let closed = false;
    let failure: Error | undefined;
    client.on('error', (err: Error) => (failure = err));
    client.on('close', () => {
      closed = true;
      this.wake?.();
    });
    client.on('exists', () => {
      this.pending = true;
      this.wake?.();
    });
    try {
      await client.connect();
      if (m.doneFolder) await client.mailboxCreate(m.doneFolder).catch(() => undefined);
      while (!this.stopped && !closed) {
        this.pending = false;
        await this.sync(client);
        await this.deps.repo.syncState(m.id, null);
        if (this.stopped || closed) break;
        await this.sleep(this.deps.pollMs);
      }
      if (closed && !this.stopped) throw failure ?? new Error('connessione IMAP chiusa dal server');
    } finally {
      if (this.client === client) this.client = undefined;
      if (!closed) await client.logout().catch(() => client.close());
    }
  }

  private async sync(client: ImapFlow): Promise<void> {
    const m = this.mailbox;
    const lock = await client.getMailboxLock(m.folder);
    try {
      const box = client.mailbox;
      if (!box) throw new Error(`cartella ${m.folder} non aperta`);
      const uidValidity = BigInt(box.uidValidity);
      const keyword = !m.doneFolder && (box.permanentFlags?.has('\\*') ?? false);
      const found = await client.search(m.doneFolder ? { all: true } : keyword ? { unKeyword: DONE_KEYWORD } : { seen: false }, { uid: true });
      const uids = (found || []).sort((a, b) => a - b);
      for (let i = 0; i < uids.length && !this.stopped; i += BATCH) {
        await this.batch(client, uidValidity, uids.slice(i, i + BATCH), keyword);
      }
    } finally {
      lock.release();
    }
  }

  private async batch(client: ImapFlow, uidValidity: bigint, uids: number[], keyword: boolean): Promise<void> {
    const m = this.mailbox;
    const done = await this.deps.repo.doneUids(m.id, uidValidity, uids);
    const todo = uids.filter((u) => !done.has(u));
    // Sources first, work after: no IMAP command may run while a FETCH is being read.
    const sources: Array<{ uid: number; source: Buffer }> = [];
    if (todo.length > 0) {
      for await (const msg of client.fetch(todo.join(','), { uid: true, source: true }, { uid: true })) {
        if (msg.source) sources.push({ uid: msg.uid, source: msg.source });
      }
    }
    const finished = [...done];
    // Messages of one sender in order (a reply after the request it answers, the flood count), senders side by side.
    const lanes = new Map<string, Array<{ uid: number; source: Buffer }>>();
    for (const s of sources) {
      const key = senderKey(s.source);
      lanes.set(key, [...(lanes.get(key) ?? []), s]);
    }
    const queue = [...lanes.values()];
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const { uid, source } of lane) {
          if (this.stopped) return;
          if (await this.handle(uidValidity, uid, source)) finished.push(uid);
          await this.deps.afterProcessed?.(uid);
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, worker));
    if (finished.length === 0) return;
    const range = finished.join(',');
    if (m.doneFolder) await client.messageMove(range, m.doneFolder, { uid: true });
    else await client.messageFlagsAdd(range, keyword ? [DONE_KEYWORD, '\\Seen'] : ['\\Seen'], { uid: true });
  }

  /** True when the message is done (now or before) and may be flagged. */
  private async handle(uidValidity: bigint, uid: number, source: Buffer): Promise<boolean> {
    const { repo, processor, logger } = this.deps;
    const m = this.mailbox;
    const id = await MessageProcessor.parse(source);
    if (!(await repo.claim(m.id, uidValidity, uid, id.messageId, id.sender))) {
      const state = await repo.state(m.id, uidValidity, uid);
      if (state === 'done') return true;
      // Claimed but never finished: either another process is on it now, or one died mid-way (a ticket may or may
      // not exist). Not redone blindly: after a while it goes to the operators, who check.
      if (!(await repo.staleClaim(m.id, uidValidity, uid, STALE_CLAIM_MS))) return false;
      await processor.interrupted(m, source, id.parsed);
      await repo.finish(m.id, uidValidity, uid, 'unassigned', null, 'elaborazione interrotta');
      return true;
    }
    if (id.messageId && (await repo.seenMessageId(m.id, id.messageId, uidValidity, uid))) {
      await repo.finish(m.id, uidValidity, uid, 'duplicate', null, `Message-ID già elaborato: ${id.messageId}`);
      return true;
    }
    try {
      const out = await processor.process(m, source, id.parsed);
      await repo.finish(m.id, uidValidity, uid, out.outcome, out.ticketId, out.reason);
      return true;
    } catch (err) {
      // Our own failure (database away): the claim is released so that the next pass retries the message.
      logger.error({ err, mailbox: m.name, uid }, 'mailbox message could not be processed');
      await repo.release(m.id, uidValidity, uid).catch(() => undefined);
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.pending || this.stopped) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** The From line of a raw message, cheaply (for grouping only: the parser decides everything else). */
function senderKey(source: Buffer): string {
  const head = source.subarray(0, Math.min(source.length, 16_384)).toString('latin1');
  const m = /^from:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head);
  return (m?.[1] ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}
