import { withLabel, type RoutingActions } from '@cit/shared';
import type { Ticket } from '../tickets/ticket.entity';
import type { HistoryEntry } from '../tickets/tickets.service';

/** What the routing decided for a ticket: the rule that fired and the actions whose targets are valid now. */
export interface RoutingDecision {
  rule: { id: string; name: string; position: number };
  actions: RoutingActions;
}

/**
 * Applies a decision's assignments and label to a ticket (new or locked), returning the history lines. The urgency is
 * the caller's: it decides the SLA targets, which a creation reads before the ticket exists. An operator assigned to
 * a new ticket moves it to «assegnato», as the `assign` action does.
 */
export function applyRouting(t: Ticket, decision: RoutingDecision): HistoryEntry[] {
  const a = decision.actions;
  const changes: HistoryEntry[] = [{ field: 'routing_rule', from: null, to: decision.rule.name }];
  if (a.groupKey !== undefined && a.groupKey !== t.supportGroup) {
    changes.push({ field: 'group', from: t.supportGroup, to: a.groupKey });
    t.supportGroup = a.groupKey;
  }
  if (a.supplierId !== undefined && a.supplierId !== t.supplierId) {
    changes.push({ field: 'supplier', from: t.supplierId, to: a.supplierId });
    t.supplierId = a.supplierId;
  }
  if (a.assigneeId !== undefined && a.assigneeId !== t.assigneeId) {
    changes.push({ field: 'assignee', from: t.assigneeId, to: a.assigneeId });
    t.assigneeId = a.assigneeId;
    if (t.status === 'new') {
      changes.push({ field: 'status', from: 'new', to: 'assigned' });
      t.status = 'assigned';
    }
  }
  const labels = withLabel(t.labels, a.label);
  if (labels.length !== t.labels.length) {
    changes.push({ field: 'labels', from: t.labels.join(', ') || null, to: labels.join(', ') });
    t.labels = labels;
  }
  return changes;
}
