import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import type { TicketService } from '../tickets/tickets.service';
import { AppNotificationsRepository } from '../app-notifications/app-notifications.repository';
import { MailTokens } from '../notifications/tokens';
import { mailSecret } from '../notifications/mail-settings';
import { MailboxesRepository, type MailboxRow } from './mailboxes.repository';
import { MailMatchingRepository } from './mail-matching.repository';
import { MessageProcessor } from './message-processor';
import { PecReceipts } from './pec-receipts';
import { MailboxFollower, type FollowerDeps } from './follower';
import { MailboxesService } from './mailboxes.service';
import { SecretBox } from '../platform/secret-box';
import { OfficialNotices } from '../official-notices/official-notices';

export interface MailboxesDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  tickets: TicketService;
  /** Pushes the bell of these users (a failed PEC delivery). */
  publishBell: (userIds: string[]) => void;
}

const signature = (rows: readonly MailboxRow[]) =>
  rows
    .filter((r) => r.active)
    .map((r) => `${r.id}:${r.version}`)
    .join(',');

/**
 * The mailboxes module: the admin service and one follower per active mailbox. The followers restart when a
 * mailbox changes (here at once, in other processes at their next check of the table).
 */
export class MailboxesModule {
  readonly repo: MailboxesRepository;
  readonly processor: MessageProcessor;
  readonly service: MailboxesService;
  /** Official notices by PEC: written on approvals and rejections, moved on by the receipts read here. */
  readonly notices: OfficialNotices;
  private readonly box: SecretBox;
  private readonly followers = new Map<string, MailboxFollower>();
  private timer: NodeJS.Timeout | undefined;
  private current = '';
  /** Set by start(): only a following process (the worker, or an API that runs the jobs) starts followers. */
  private following = false;
  private reloading: Promise<void> = Promise.resolve();
  /** Tests: a hook between processing and flagging (see FollowerDeps). */
  afterProcessed: FollowerDeps['afterProcessed'];

  constructor(private readonly deps: MailboxesDeps) {
    this.repo = new MailboxesRepository(deps.ds);
    const matching = new MailMatchingRepository(deps.ds);
    this.box = SecretBox.fromConfig(deps.config, 'mailbox');
    const bell = new AppNotificationsRepository(deps.ds);
    this.notices = new OfficialNotices({
      ds: deps.ds,
      config: deps.config,
      logger: deps.logger,
      tickets: deps.tickets,
      bell,
      publishBell: deps.publishBell,
      staffToAlert: (ticketId) => matching.staffToAlert(ticketId),
    });
    const receipts = new PecReceipts({
      repo: this.repo,
      matching,
      notices: this.notices,
      tickets: deps.tickets,
      bell,
      publish: deps.publishBell,
      logger: deps.logger,
    });
    this.processor = new MessageProcessor({
      ds: deps.ds,
      config: deps.config,
      logger: deps.logger,
      tickets: deps.tickets,
      tokens: new MailTokens(mailSecret(deps.config)),
      repo: this.repo,
      matching,
      receipts,
    });
    this.service = new MailboxesService({
      ds: deps.ds,
      repo: this.repo,
      matching,
      box: this.box,
      processor: this.processor,
      changed: () => void this.reload(),
    });
  }

  async start(): Promise<void> {
    if (!this.deps.config.MAILBOXES_FOLLOW) return;
    this.following = true;
    await this.reload();
    // Changes made through another process's API are noticed here (a cheap read of the mailboxes).
    this.timer = setInterval(() => void this.reload(), Math.max(this.deps.config.MAILBOX_POLL_SECONDS, 5) * 1000);
    this.timer.unref();
  }

  /** Restarts the followers when the set of active mailboxes or any of them changed. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      if (!this.following) return;
      const rows = await this.repo.list().catch((err: unknown) => {
        this.deps.logger.warn({ err }, 'mailboxes not readable');
        return undefined;
      });
      if (!rows || signature(rows) === this.current) return;
      await this.stopFollowers();
      this.current = signature(rows);
      for (const row of rows.filter((r) => r.active)) {
        const follower = new MailboxFollower(row, {
          repo: this.repo,
          processor: this.processor,
          logger: this.deps.logger,
          pollMs: this.deps.config.MAILBOX_POLL_SECONDS * 1000,
          password: (m) => this.box.open(m.secretEnc),
          afterProcessed: (uid) => this.afterProcessed?.(uid),
        });
        this.followers.set(row.id, follower);
        follower.start();
      }
    });
    return this.reloading;
  }

  /** Tests: drops every connection as a network failure would. */
  breakConnections(): void {
    for (const f of this.followers.values()) f.breakConnection();
  }

  private async stopFollowers(): Promise<void> {
    const all = [...this.followers.values()];
    this.followers.clear();
    await Promise.all(all.map((f) => f.stop()));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.following = false;
    await this.reloading;
    await this.stopFollowers();
    this.current = '';
  }
}
