import type { Role } from './roles';

/**
 * Who may do what, in one place for server and client: routes declare `rolesFor(action)` as their access list,
 * services and pages ask `can(user, action)`. Tenant scope (which Ente's data) is the data layer's job (ScopedDb);
 * this answers only whether the role may act at all.
 */
const POLICY = {
  /** Approve or reject an activation/cancellation request (CIT accounting and the coordinator). */
  'service-request.decide': ['approver', 'admin'],
  /** Re-apply a request the worker could not apply, once its cause is corrected. */
  'service-request.reapply': ['approver', 'admin'],
  /** Assess, collect, set capitolo and accertamento on billing entries. */
  'billing.manage': ['approver', 'admin'],
  /** See what the 1 January renewal will do: CIT staff for every Ente, a referent for its own. */
  'renewals.preview': ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
  /** Tell the Enti which units will end on 31 December. */
  'renewals.notify': ['approver', 'admin'],
  /** Draft, edit, preview and publish versions of the price lists (catalog prices, allowances, bands, quota). */
  'price-lists.manage': ['admin'],
  /**
   * Create, edit, deactivate and merge Enti, set their capofila relations; edit residents and businesses per year
   * (one by one or the ISTAT import) and memberships.
   */
  'enti.manage': ['admin'],
  /** Read the audit log of master data (who changed what, before and after). */
  'audit.read': ['admin'],
  /** Edit the support calendar (hours, working days, patron day, closures) the SLA clock counts with. */
  'calendar.manage': ['admin'],
  /** Read the runs of the MoOne import and their reconciliation reports. */
  'imports.read': ['admin'],
  /** Upload the SoftwareCit CSVs and start their import (dry run or real) from the admin page. */
  'imports.run': ['admin'],
  /** Read the Enti's pages (registry, capofila, population, memberships): read-only for operators and approvers. */
  'enti.read': ['operator', 'approver', 'admin'],
  /** The Ente's home in one request: its requests in progress, services and allowances, amounts due, statement. */
  'ente-home.read': ['ente_user', 'capofila_user'],
  /** The requester card on a ticket: the requester's contacts, the Ente's other tickets and active services. */
  'tickets.requester-card': ['operator', 'approver', 'admin'],
  /** Act on many tickets at once from the queue (assign, group, status, follow-up, canned reply, merge). */
  'tickets.bulk': ['operator', 'admin'],
  /** Link related tickets, unlink them, merge a duplicate into another ticket of the same Ente. */
  'tickets.link': ['operator', 'admin'],
  /** Use canned replies and keep personal ones. */
  'canned-replies.use': ['operator', 'approver', 'admin'],
  /** Create, change and delete the shared canned replies. */
  'canned-replies.share': ['admin'],
  /** Save views of the ticket queue and read the shared ones (the CIT staff, or one support group). */
  'views.use': ['operator', 'approver', 'admin'],
  /** Create, rename, deactivate support groups and choose their members. */
  'support-groups.manage': ['admin'],
  /** Manage the routing rules applied to new tickets (order, conditions, actions). */
  'routing-rules.manage': ['admin'],
  /** See which routing rule would fire on a ticket (dry run). */
  'routing-rules.dry-run': ['operator', 'approver', 'admin'],
  /** Change type, category, service, urgency and Ente of a ticket (the SLA follows the new urgency). */
  'tickets.retriage': ['operator', 'admin'],
  /** See and lift the login and password-request throttles (blocked addresses, slowed accounts). */
  'throttle.manage': ['admin'],
  /** List and end another user's sessions. */
  'sessions.manage': ['admin'],
  /**
   * Who MUST sign in with a second factor (TOTP, or an identity provider asserting SPID level 2+ / CIE): the roles
   * that decide on activations and billing. Others may enrol one.
   */
  'auth.second-factor-required': ['approver', 'admin'],
  /** Reset another user's second factor (lost phone); audited. */
  'second-factor.reset': ['admin'],
  /** Answer GDPR duties: export one person's data, pseudonymise a person who left, read the retention reports. */
  'personal-data.manage': ['admin'],
  /** Read the operations figures (outbox, queues, failed mails, SLA, runs) shown on the admin home. */
  'ops.read': ['admin'],
  /** Configure the IMAP mailboxes (ordinary and PEC) the product reads tickets from. */
  'mailboxes.manage': ['admin'],
  /** Read the unassigned mail and turn a message into a ticket, or discard it. */
  'unassigned-mail.handle': ['operator', 'admin'],
  /** Read the official notices sent by PEC (approvals, rejections, statements), their receipts' status and those not sendable. */
  'official-notices.read': ['admin'],
  /** Send again an official notice that could not leave or was not delivered, once its cause is fixed. */
  'official-notices.retry': ['admin'],
  /** Publish, change and end early the banners shown to the Enti (outages, maintenance, deadlines). */
  'announcements.manage': ['admin'],
  /** Read the knowledge base articles meant for the Enti (and search them, and see them suggested on a new ticket). */
  'kb.read': ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
  /** Read the articles for the CIT staff only, write, change and delete articles, see how often they deflected a ticket. */
  'kb.manage': ['operator', 'approver', 'admin'],
  /** Record what an Ente did with the articles suggested while writing a new ticket. */
  'kb.suggestions': ['ente_user', 'capofila_user'],
  /**
   * Read the reports (tickets opened and closed, backlog, SLA compliance, volumes): CIT staff for every Ente, a
   * referent for the Enti of its scope only (the data layer restricts, whatever the filters ask).
   */
  'reports.read': ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type PolicyAction = keyof typeof POLICY;

export function rolesFor(action: PolicyAction): readonly Role[] {
  return POLICY[action];
}

export function can(user: { role: Role }, action: PolicyAction): boolean {
  return (POLICY[action] as readonly Role[]).includes(user.role);
}
