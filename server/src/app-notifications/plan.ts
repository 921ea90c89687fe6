import type { AppNotificationKind } from '@cit/shared';

/** Who hears about an event in the app; resolved to users by the handler. */
export type InAppAudience = 'new_ticket_staff' | 'requester' | 'followers' | 'assignee' | 'supplier' | 'operators' | 'approvers';

export interface InAppPlan {
  kind: AppNotificationKind;
  to: InAppAudience[];
}

export interface PlanFacts {
  changes: ReadonlyArray<{ field: string; from: string | null; to: string | null }>;
  assigneeId: string | null;
  /** The change's follow-up is public (checked in the database: a private note never reaches the Ente side). */
  publicFollowUp: boolean;
  approvalRequested: boolean;
}

/**
 * Which bell notifications one ticket change causes (pure; the mail planner in notifications/notifier.ts decides
 * the e-mails). A new ticket goes to `new_ticket_staff`: today every operator and admin; when support groups have
 * members it becomes the members of the ticket's group (the hook is the audience resolver, not this rule).
 */
export function planInApp(f: PlanFacts): InAppPlan[] {
  const plan: InAppPlan[] = [];
  const change = (field: string) => f.changes.find((c) => c.field === field);
  const status = change('status');
  if (status?.from === null && status.to === 'new') {
    plan.push({ kind: 'new_ticket', to: ['new_ticket_staff'] });
    if (f.approvalRequested) plan.push({ kind: 'approval', to: ['approvers'] });
  }
  if (status?.to === 'to_test') plan.push({ kind: 'to_test', to: ['requester', 'followers'] });
  if (change('followup')?.to && f.publicFollowUp) plan.push({ kind: 'reply', to: ['requester', 'followers', 'assignee', 'supplier'] });
  const sla = change('sla_state');
  if (sla?.to === 'at_risk' || sla?.to === 'breached') plan.push({ kind: 'sla', to: f.assigneeId ? ['assignee'] : ['operators'] });
  if (change('assignee')?.to) plan.push({ kind: 'assigned', to: ['assignee'] });
  return plan;
}
