import { useTranslation } from 'react-i18next';
import { Icon } from 'design-react-kit';
import {
  PEC_RECEIPT_KINDS,
  SLA_STATES,
  SUPPORT_GROUPS,
  TICKET_STATUSES,
  type Attachment,
  type TicketDetail,
  type TimelineEntry,
} from '@cit/shared';
import { useServiceOf } from '../services/api';
import { useAppliedText } from '../services/ServiceRequestSection';
import { attachmentUrl } from './api';
import { formatBytes, useFormatDateTime } from './format';
import { triageHistoryText } from './triageHistory';

type HistoryEntry = Extract<TimelineEntry, { kind: 'history' }>;
type FollowUpEntry = Extract<TimelineEntry, { kind: 'followup' }>;

type Item =
  | { kind: 'history'; key: string; at: string; actor: HistoryEntry['actor']; entries: HistoryEntry[] }
  | { kind: 'followup'; key: string; entry: FollowUpEntry };

/** History lines written together (one action) form one item; follow-ups are items of their own. */
function groupTimeline(timeline: readonly TimelineEntry[]): Item[] {
  const items: Item[] = [];
  for (const entry of timeline) {
    if (entry.kind === 'followup') {
      items.push({ kind: 'followup', key: entry.id, entry });
      continue;
    }
    if (entry.field === 'followup') continue; // The follow-up itself is shown.
    const last = items[items.length - 1];
    if (last?.kind === 'history' && last.at === entry.at && last.actor?.id === entry.actor?.id) last.entries.push(entry);
    else items.push({ kind: 'history', key: `h-${items.length}-${entry.at}`, at: entry.at, actor: entry.actor, entries: [entry] });
  }
  return items;
}

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T =>
  value !== null && (values as readonly string[]).includes(value);

/** One history line in words ("Stato: Nuovo → Risolto", "Preso in carico da …"). */
function useHistoryLine(ticket: TicketDetail) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const service = useServiceOf(ticket.serviceCode);
  const appliedText = useAppliedText();
  return (e: HistoryEntry): string => {
    const status = (v: string | null) => (isOneOf(TICKET_STATUSES, v) ? t(`ticketStatus.${v}`) : (v ?? '–'));
    switch (e.field) {
      case 'status':
        return e.from === null ? t('history.opened') : t('history.status', { from: status(e.from), to: status(e.to) });
      case 'assignee':
        if (e.to === null) return t('history.unassigned');
        if (e.to === e.actor?.id) return t('history.tookCharge');
        return e.to === ticket.assignee?.id ? t('history.assignedTo', { name: ticket.assignee.name }) : t('history.assignedOther');
      case 'group':
        if (e.to === null) return t('history.groupRemoved');
        return t('history.group', { group: e.to === ticket.group && ticket.groupName ? ticket.groupName : isOneOf(SUPPORT_GROUPS, e.to) ? t(`supportGroup.${e.to}`) : e.to });
      case 'supplier':
        if (e.to === null) return t('history.supplierRemoved');
        return t('history.supplier', { name: e.to === ticket.supplier?.id ? ticket.supplier.name : t('history.aSupplier') });
      case 'planned_for':
        return t('history.planned', { when: e.to ? formatDateTime(e.to) : '–' });
      case 'pending_reason':
        return e.to ? t('history.pendingReason', { reason: e.to }) : t('history.pendingReasonCleared');
      case 'solution':
        return e.to ? t('history.solution', { solution: e.to }) : t('history.solutionCleared');
      case 'delete_reason':
        return t('history.deleteReason', { reason: e.to ?? '' });
      case 'take_charge_due':
      case 'resolve_due':
        return t('history.slaDue', {
          clock: t(e.field === 'take_charge_due' ? 'sla.clock.takeCharge' : 'sla.clock.resolve'),
          when: e.to ? formatDateTime(e.to) : '–',
        });
      case 'sla_state':
        return isOneOf(SLA_STATES, e.to) ? t('history.sla', { state: t(`slaState.${e.to}`) }) : t('history.other', { field: e.field });
      case 'approval':
        return e.to === 'requested' || e.to === 'approved' || e.to === 'rejected'
          ? t('history.approval', { state: t(`approval.state.${e.to}`) })
          : t('history.other', { field: e.field });
      case 'approval_reason':
        return t('history.approvalReason', { reason: e.to ?? '' });
      case 'approval_override':
        return t('history.approvalOverride', { reason: e.to ?? '' });
      case 'applied':
        return appliedText(ticket, service, e.to);
      case 'apply_failure':
        return e.to ? t('history.applyFailure', { reason: e.to }) : t('history.applyFailureCleared');
      case 'attachments':
        return t('history.attachments', { names: e.to ?? '' });
      case 'merged_into':
        return t('relations.history.mergedInto', { protocol: e.to ?? '' });
      case 'merged_from':
        return t('relations.history.mergedFrom', { what: e.to ?? '' });
      case 'pec_receipt': {
        // «<tipo>» or «<tipo>: <address>», written by the mailbox follower (server/src/mailboxes/pec-receipts.ts).
        const [kind = '', address] = (e.to ?? '').split(/: (.*)/s);
        const label = isOneOf(PEC_RECEIPT_KINDS, kind) ? t(`history.pecKind.${kind}`) : kind;
        return address ? t('history.pecReceiptTo', { kind: label, address }) : t('history.pecReceipt', { kind: label });
      }
      case 'pec_notice': {
        // «sent: <address>» or «not_sendable: <reason>», written by server/src/official-notices/official-notices.ts.
        const [state = '', detail = ''] = (e.to ?? '').split(/: (.*)/s);
        return state === 'sent' ? t('history.pecNoticeSent', { address: detail }) : t('history.pecNoticeNotSendable', { reason: detail });
      }
      case 'link':
        return e.to ? t('relations.history.linked', { protocol: e.to }) : t('relations.history.unlinked', { protocol: e.from ?? '' });
      default:
        return triageHistoryText(e, t) ?? t('history.other', { field: e.field });
    }
  };
}

export function AttachmentList({ ticketId, attachments }: { ticketId: string; attachments: readonly Attachment[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <ul className="attachment-list">
      {attachments.map((a) => (
        <li key={a.id}>
          <Icon icon="it-file" size="sm" color="primary" aria-hidden="true" />
          <a href={attachmentUrl(ticketId, a.id)} download={a.fileName}>
            {a.fileName}
            <span className="visually-hidden"> – {t('attachments.download')}</span>
          </a>
          <span className="small text-muted">
            {formatBytes(a.size)} · {a.uploadedBy.name} · {formatDateTime(a.uploadedAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The element of a follow-up in the timeline: the focus goes there once it is sent. */
export const followUpElementId = (id: string) => `followup-${id}`;

/** History and follow-ups in time order; private notes are marked in words and style. */
export function Timeline({ ticket, staff }: { ticket: TicketDetail; staff: boolean }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const line = useHistoryLine(ticket);
  const items = groupTimeline(ticket.timeline);
  const attachmentsOf = (followUpId: string) => ticket.attachments.filter((a) => a.followUpId === followUpId);
  if (items.length === 0) return <p className="text-muted">{t('timeline.empty')}</p>;
  return (
    <ol className="ticket-timeline">
      {items.map((item) =>
        item.kind === 'history' ? (
          <li key={item.key} className="timeline-item timeline-history">
            <span className="timeline-dot" aria-hidden="true" />
            <p className="timeline-meta">
              <time dateTime={item.at}>{formatDateTime(item.at)}</time>
              {' · '}
              {item.actor?.name ?? t('timeline.system')}
            </p>
            <ul className="timeline-lines">
              {item.entries.map((e, i) => (
                <li key={i}>{line(e)}</li>
              ))}
            </ul>
          </li>
        ) : (
          <li
            key={item.key}
            id={followUpElementId(item.entry.id)}
            tabIndex={-1}
            className={`timeline-item timeline-followup${item.entry.private ? ' timeline-private' : ''}`}
          >
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-card">
              <p className="timeline-meta">
                <strong>{item.entry.actor.name}</strong>
                {' · '}
                <time dateTime={item.entry.at}>{formatDateTime(item.entry.at)}</time>
                {item.entry.private && staff && (
                  <span className="badge-private ms-2">
                    <Icon icon="it-locked" size="xs" aria-hidden="true" className="me-1" />
                    {t('timeline.private')}
                  </span>
                )}
              </p>
              <p className="timeline-body">{item.entry.body}</p>
              {attachmentsOf(item.entry.id).length > 0 && (
                <AttachmentList ticketId={ticket.id} attachments={attachmentsOf(item.entry.id)} />
              )}
            </div>
          </li>
        ),
      )}
    </ol>
  );
}
