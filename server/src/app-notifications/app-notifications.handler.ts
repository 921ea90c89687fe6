import type { DataSource } from 'typeorm';
import type { OutboxTopics } from '../platform/outbox/topics';
import { activeUsers, activeUsersWithRole, canSeeTicket } from '../notifications/recipients';
import { AppNotificationsRepository, type NewNotification, type NotifiedTicket } from './app-notifications.repository';
import { planInApp, type InAppAudience } from './plan';

/**
 * The in-app side of the `notify.ticket` outbox topic: writes the bell notifications of one ticket change and tells
 * the users concerned through their live sockets. Idempotent (dedup key = outbox id + user + kind), so a retried
 * outbox row adds nothing twice. Independent of e-mail: it runs whether or not SMTP is configured.
 */
export class AppNotificationsHandler {
  private readonly repo: AppNotificationsRepository;

  constructor(
    private readonly ds: DataSource,
    private readonly publish: (userIds: readonly string[]) => void,
  ) {
    this.repo = new AppNotificationsRepository(ds);
  }

  async handle(payload: OutboxTopics['notify.ticket'], outboxId: string): Promise<void> {
    const t = await this.repo.ticket(payload.ticketId);
    if (!t) return;
    const followUp = payload.changes.find((c) => c.field === 'followup')?.to;
    const plan = planInApp({
      changes: payload.changes,
      assigneeId: t.assigneeId,
      publicFollowUp: followUp ? await this.repo.followUpIsPublic(followUp) : false,
      approvalRequested: t.category !== 'assistance' && t.approvalState === 'requested',
    });
    const rows: NewNotification[] = [];
    const cache = new Map<InAppAudience, string[]>();
    for (const { kind, to } of plan) {
      const ids = new Set<string>();
      for (const a of to) {
        let list = cache.get(a);
        if (!list) cache.set(a, (list = await this.audience(t, a)));
        for (const id of list) ids.add(id);
      }
      // Nobody is told about their own action.
      if (payload.actorId) ids.delete(payload.actorId);
      for (const user of await activeUsers(this.ds, [...ids])) {
        // The same visibility rule as the API and the e-mails: never a bell for a ticket the user cannot open.
        if (!(await canSeeTicket(this.ds, user, { enteId: t.enteId, supplierId: t.supplierId }))) continue;
        rows.push({ userId: user.id, kind, ticketId: t.id, dedupKey: `${outboxId}:${user.id}:${kind}` });
      }
    }
    this.publish(await this.repo.insert(rows, new Date(payload.at)));
  }

  private async audience(t: NotifiedTicket, a: InAppAudience): Promise<string[]> {
    switch (a) {
      case 'requester':
        return [t.requesterId];
      case 'assignee':
        return t.assigneeId ? [t.assigneeId] : [];
      case 'followers':
        return this.repo.followers(t.id);
      case 'supplier':
        return t.supplierId ? this.repo.supplierUsers(t.supplierId) : [];
      case 'operators':
        return activeUsersWithRole(this.ds, ['operator']);
      case 'approvers':
        return activeUsersWithRole(this.ds, ['approver']);
      case 'new_ticket_staff':
        // Hook for support groups with members: the members of the ticket's group instead of all the working staff.
        return activeUsersWithRole(this.ds, ['operator', 'admin']);
    }
  }
}
