import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Queue } from 'bullmq';
import { catalogService, SERVICE_CODES, type ServiceCode } from '@cit/shared';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import type { OutboxTopics } from '../platform/outbox/topics';
import { enqueueJob } from '../platform/jobs/jobs';
import { formatProtocol } from '../tickets/tickets.service';
import { activeUsers, activeUsersWithRole, canSeeTicket, type Recipient } from './recipients';
import { invitesReply, isEssential, renderMail, type MailEvent, type MailKind, type ReplyFooter, type TicketFacts, type TriageFacts } from './templates';
import { NEW_TICKET_LOCAL_PART } from './inbound-new-ticket';
import type { MailTokens } from './tokens';
import { mailEnabled, messageIdDomain, SURVEY_VALID_DAYS, TEST_LINK_VALID_DAYS, ticketRootId } from './mail-settings';

export type NotifyPayload = OutboxTopics['notify.ticket'];

/** Who an event is for; resolved to users, then each user is checked against the ticket's visibility. */
type Audience = 'requester' | 'followers' | 'assignee' | 'supplier' | 'operators' | 'approvers' | { user: string };

interface Planned {
  event: MailEvent;
  to: Audience[];
}

interface TicketRow {
  id: string;
  protocol_year: number;
  protocol_number: number;
  title: string;
  category: string;
  service_code: string | null;
  ente_id: string;
  ente_name: string;
  requester_id: string;
  assignee_id: string | null;
  supplier_id: string | null;
  status: string;
  pending_reason: string | null;
  solution: string | null;
  planned_for: Date | null;
  approval_state: string;
  approval_reason: string | null;
  approved_by: string | null;
  type: string;
  urgency: string;
  description: string;
  requester_name: string;
}

const RUNNING = new Set(['new', 'assigned', 'planned']);
const EVERYONE: Audience[] = ['requester', 'followers', 'assignee', 'supplier'];

export function serviceName(code: string | null): string | null {
  return code && (SERVICE_CODES as readonly string[]).includes(code) ? catalogService(code as ServiceCode).name : null;
}

/**
 * The `notify.ticket` outbox handler: turns the history lines of one ticket change into mails (one per
 * recipient, plus the survey on closing), stores them in outgoing_mails and queues one `mail.send` job each.
 * Idempotent: the rows are keyed by outbox id + recipient + template, and the jobs by mail id.
 */
export class Notifier {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly tokens: MailTokens,
    private readonly queue: Queue,
    private readonly logger: Logger,
  ) {}

  async handle(payload: NotifyPayload, outboxId: string): Promise<void> {
    if (!mailEnabled(this.config)) return;
    const [t] = (await this.ds.query(
      `SELECT t.id, t.protocol_year, t.protocol_number, t.title, t.category, t.service_code, t.ente_id, e.name AS ente_name,
              t.requester_id, t.assignee_id, t.supplier_id, t.status, t.pending_reason, t.solution, t.planned_for,
              t.approval_state, t.approval_reason, t.approved_by, t.type, t.urgency, t.description, r.name AS requester_name
         FROM tickets t JOIN enti e ON e.id = t.ente_id JOIN users r ON r.id = t.requester_id WHERE t.id = $1`,
      [payload.ticketId],
    )) as TicketRow[];
    if (!t) return;
    const plan = await this.plan(t, payload);
    if (plan.length > 0) await this.compose(t, plan, payload, outboxId);
    await this.enqueuePending(`${outboxId}:`);
  }

  /** Queues the send job of every unsent mail of one outbox row (again after a crash: job ids deduplicate). */
  async enqueuePending(dedupPrefix: string): Promise<void> {
    const rows = (await this.ds.query(`SELECT id FROM outgoing_mails WHERE dedup_key LIKE $1 AND status = 'queued'`, [
      `${dedupPrefix.replace(/[\\%_]/g, '\\$&')}%`,
    ])) as Array<{ id: string }>;
    for (const { id } of rows) await this.enqueue(id, `mail-${id}`);
  }

  enqueue(mailId: string, jobId: string): Promise<void> {
    return enqueueJob(this.queue, { name: 'mail.send', data: { mailId }, jobId }, 5_000, {
      attempts: this.config.MAIL_ATTEMPTS,
      backoffMs: this.config.MAIL_BACKOFF_MS,
    });
  }

  /** What the operators' "new ticket" mail shows: the ticket's facts and the names of the files it came with. */
  private async triage(t: TicketRow): Promise<TriageFacts> {
    const files = (await this.ds.query(`SELECT file_name FROM ticket_attachments WHERE ticket_id = $1 AND followup_id IS NULL ORDER BY created_at, id`, [
      t.id,
    ])) as Array<{ file_name: string }>;
    return {
      requester: t.requester_name,
      type: t.type,
      category: t.category,
      urgency: t.urgency,
      description: t.description,
      attachments: files.map((f) => f.file_name),
    };
  }

  /** What happened, in reading order, and for whom. */
  private async plan(t: TicketRow, p: NotifyPayload): Promise<Planned[]> {
    const plan: Planned[] = [];
    const change = (field: string) => p.changes.find((c) => c.field === field);
    const status = change('status');
    if (status) {
      const { from, to } = status;
      if (from === null && to === 'new') {
        plan.push({ event: { kind: 'received' }, to: ['requester'] });
        plan.push({ event: { kind: 'new_ticket', triage: await this.triage(t) }, to: ['operators'] });
        if (t.category !== 'assistance' && t.approval_state === 'requested') plan.push({ event: { kind: 'approval_requested' }, to: ['approvers'] });
      } else if (from === 'new' && to === 'assigned') {
        plan.push({ event: { kind: 'taken' }, to: EVERYONE });
      } else if (to === 'planned') {
        plan.push({ event: { kind: 'planned', at: change('planned_for')?.to ?? t.planned_for?.toISOString() ?? null }, to: EVERYONE });
      } else if (to === 'pending') {
        plan.push({ event: { kind: 'pending', reason: change('pending_reason')?.to ?? t.pending_reason }, to: EVERYONE });
      } else if (to === 'to_test') {
        const solution = change('solution')?.to ?? t.solution;
        const token = this.tokens.testToken(t.id, t.requester_id, new Date(new Date(p.at).getTime() + TEST_LINK_VALID_DAYS * 86_400_000));
        plan.push({ event: { kind: 'to_test', solution, link: `${this.config.PUBLIC_URL}/api/ticket-tests/${token}` }, to: ['requester'] });
        plan.push({ event: { kind: 'to_test', solution, link: null }, to: ['followers', 'assignee', 'supplier'] });
      } else if (to === 'solved') {
        plan.push({ event: { kind: 'solved', solution: change('solution')?.to ?? t.solution }, to: EVERYONE });
      } else if (to === 'closed') {
        plan.push({ event: { kind: 'closed' }, to: EVERYONE });
        const expires = new Date(new Date(p.at).getTime() + SURVEY_VALID_DAYS * 86_400_000);
        const token = this.tokens.surveyToken(t.id, expires);
        const links = [1, 2, 3, 4, 5].map((n) => `${this.config.PUBLIC_URL}/api/surveys/${token}?score=${n}`);
        plan.push({ event: { kind: 'survey', links, expires }, to: ['requester'] });
      } else if ((from === 'solved' || from === 'closed') && to !== null && RUNNING.has(to)) {
        plan.push({ event: { kind: 'reopened' }, to: EVERYONE });
      } else if (to === 'deleted') {
        plan.push({ event: { kind: 'deleted' }, to: EVERYONE });
      } else if (to !== null) {
        plan.push({ event: { kind: 'status', status: to }, to: EVERYONE });
      }
    } else if (change('planned_for')) {
      plan.push({ event: { kind: 'planned', at: change('planned_for')?.to ?? null }, to: EVERYONE });
    }
    const followUp = change('followup');
    if (followUp?.to) {
      const [f] = (await this.ds.query(
        `SELECT f.body, f.is_private, u.name AS author FROM ticket_followups f JOIN users u ON u.id = f.author_id WHERE f.id = $1`,
        [followUp.to],
      )) as Array<{ body: string; is_private: boolean; author: string }>;
      // Private notes never reach the outbox; checked again because a mail cannot be taken back.
      if (f && !f.is_private && t.status === 'closed') {
        // Only a reply by e-mail lands on a closed ticket (inbound.ts): the CIT decides whether to reopen it.
        plan.push({ event: { kind: 'closed_reply', author: f.author, body: f.body }, to: [t.assignee_id ? 'assignee' : 'operators'] });
        plan.push({ event: { kind: 'followup', author: f.author, body: f.body }, to: ['followers', 'supplier'] });
      } else if (f && !f.is_private) plan.push({ event: { kind: 'followup', author: f.author, body: f.body }, to: EVERYONE });
    }
    const approval = change('approval');
    if (approval?.to === 'approved') plan.push({ event: { kind: 'approved' }, to: ['requester', 'followers'] });
    if (approval?.to === 'rejected') {
      plan.push({ event: { kind: 'rejected', reason: change('approval_reason')?.to ?? t.approval_reason }, to: ['requester', 'followers'] });
    }
    const applied = change('applied');
    if (applied) plan.push({ event: { kind: 'applied', cancellation: t.category === 'cancellation', summary: applied.to }, to: ['requester', 'followers'] });
    // «Non applicata»: the Ente and whoever approved it must know that nothing was recorded (cleared on re-apply: no mail).
    const failure = change('apply_failure');
    if (failure?.to) {
      const approver: Audience[] = t.approved_by ? [{ user: t.approved_by }] : ['approvers'];
      plan.push({ event: { kind: 'not_applied', reason: failure.to }, to: ['requester', 'followers', ...approver] });
    }
    const sla = change('sla_state');
    if (sla?.to === 'at_risk' || sla?.to === 'breached') {
      plan.push({ event: { kind: 'sla', state: sla.to }, to: t.assignee_id ? ['assignee'] : ['operators'] });
    }
    const assignee = change('assignee');
    if (assignee?.to) plan.push({ event: { kind: 'assigned_to_you' }, to: [{ user: assignee.to }] });
    const urgency = change('urgency');
    const service = change('service');
    // A re-triage the Ente should know of (a routing rule at creation is not one: the receipt comes then).
    if ((urgency || service) && !(status?.from === null)) {
      const event = { kind: 'retriaged' as const, urgency: urgency ?? null, service: service ?? null, resolveDue: change('resolve_due')?.to ?? null, reason: change('retriage_reason')?.to ?? null };
      plan.push({ event, to: ['requester', 'followers'] });
    }
    const supplier = change('supplier');
    if (supplier?.to) plan.push({ event: { kind: 'supplier_assigned' }, to: ['supplier'] });
    return plan;
  }

  private async audience(t: TicketRow, a: Audience): Promise<string[]> {
    if (typeof a === 'object') return [a.user];
    switch (a) {
      case 'requester':
        return [t.requester_id];
      case 'assignee':
        return t.assignee_id ? [t.assignee_id] : [];
      case 'followers':
        return ((await this.ds.query(`SELECT user_id FROM ticket_followers WHERE ticket_id = $1`, [t.id])) as Array<{ user_id: string }>).map((r) => r.user_id);
      case 'supplier':
        if (!t.supplier_id) return [];
        return ((await this.ds.query(`SELECT id FROM users WHERE supplier_id = $1`, [t.supplier_id])) as Array<{ id: string }>).map((r) => r.id);
      case 'operators':
        return activeUsersWithRole(this.ds, ['operator']);
      case 'approvers':
        return activeUsersWithRole(this.ds, ['approver']);
    }
  }

  private async compose(t: TicketRow, plan: Planned[], p: NotifyPayload, outboxId: string): Promise<void> {
    // Per user, the events meant for them in plan order.
    const perUser = new Map<string, MailEvent[]>();
    const cache = new Map<string, string[]>();
    for (const { event, to } of plan) {
      for (const a of to) {
        const key = typeof a === 'object' ? `user:${a.user}` : a;
        let ids = cache.get(key);
        if (!ids) {
          ids = await this.audience(t, a);
          cache.set(key, ids);
        }
        for (const id of ids) {
          const list = perUser.get(id) ?? [];
          // Whoever is told of a reply to a closed ticket already reads its text there.
          if (event.kind === 'followup' && list.some((x) => x.kind === 'closed_reply')) continue;
          if (!list.includes(event)) list.push(event);
          perUser.set(id, list);
        }
      }
    }
    // Nobody is told about their own action, except the receipt of the request they have just opened and the
    // survey of a ticket they closed themselves (confirming a fix «da testare»).
    if (p.actorId) {
      const own = (perUser.get(p.actorId) ?? []).filter((e) => e.kind === 'received' || e.kind === 'survey');
      if (own.length > 0) perUser.set(p.actorId, own);
      else perUser.delete(p.actorId);
    }
    const users = await activeUsers(this.ds, [...perUser.keys()]);
    const facts: TicketFacts = {
      protocol: formatProtocol(t.protocol_year, t.protocol_number),
      title: t.title,
      enteName: t.ente_name,
      serviceName: serviceName(t.service_code),
      link: `${this.config.PUBLIC_URL}/ticket/${t.id}`,
    };
    for (const user of users) {
      if (!(await canSeeTicket(this.ds, user, { enteId: t.ente_id, supplierId: t.supplier_id }))) {
        this.logger.info({ ticketId: t.id, userId: user.id }, 'mail not sent: the recipient cannot see the ticket');
        continue;
      }
      const events = (perUser.get(user.id) ?? []).filter((e) => !user.mailOptOut || isEssential(e.kind));
      const survey = events.filter((e) => e.kind === 'survey');
      const rest = events.filter((e) => e.kind !== 'survey');
      if (rest.length > 0) await this.insert(t, user, rest, facts, outboxId);
      if (survey.length > 0) await this.insert(t, user, survey, facts, outboxId);
    }
  }

  private async insert(t: TicketRow, user: Recipient, events: MailEvent[], facts: TicketFacts, outboxId: string): Promise<void> {
    const template: MailKind = events[0]?.kind ?? 'status';
    const root = ticketRootId(this.config, t.id);
    // A deleted ticket refuses replies, so its mails carry no reply address but say how to reach the CIT; a closed
    // one takes them (they land without reopening it), and the mail says so.
    const inbound = this.config.INBOUND_SMTP_PORT !== undefined;
    const replies = inbound && template !== 'survey' && t.status !== 'deleted';
    let reply: ReplyFooter = { mode: 'none' };
    if (t.status === 'deleted') {
      reply = { mode: 'deleted', portal: this.config.PUBLIC_URL, helpdeskAddress: inbound ? `${NEW_TICKET_LOCAL_PART}@${this.config.INBOUND_DOMAIN}` : null };
    } else if (replies && invitesReply(template)) {
      reply = { mode: t.status === 'closed' ? 'closed' : 'open' };
    }
    const mail = renderMail(events, facts, user.name, user.language, reply);
    let replyTo: string | null = null;
    if (replies) {
      const token = this.tokens.replyToken(t.id, user.id);
      await this.ds.query(`INSERT INTO mail_reply_tokens (token, ticket_id, user_id) VALUES ($1, $2, $3) ON CONFLICT (token) DO NOTHING`, [
        token,
        t.id,
        user.id,
      ]);
      replyTo = `reply+${token}@${this.config.INBOUND_DOMAIN}`;
    }
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO outgoing_mails (id, dedup_key, ticket_id, recipient_user_id, template, to_address, reply_to, subject, text, html,
                                   message_id, in_reply_to, "references")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT (dedup_key) DO NOTHING`,
      [id, `${outboxId}:${user.id}:${template}`, t.id, user.id, template, user.email, replyTo, mail.subject, mail.text, mail.html, `<${id}@${messageIdDomain(this.config)}>`, root],
    );
  }
}
