import { useTranslation } from 'react-i18next';
import { Badge, Icon } from 'design-react-kit';
import type { SlaState, TicketStatus, Urgency } from '@cit/shared';
import { formatMinutes, type SlaView } from './sla';

const STATUS_COLOR: Record<TicketStatus, string> = {
  new: 'primary',
  assigned: 'info',
  planned: 'info',
  pending: 'warning',
  to_test: 'warning',
  solved: 'success',
  closed: 'secondary',
  deleted: 'dark',
};

/** `short`: one word (the queue's narrow column), the full name in the tooltip. */
export function StatusBadge({ status, short = false }: { status: TicketStatus; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} className={`ticket-badge status-${status}`} title={short ? t(`ticketStatus.${status}`) : undefined}>
      {short ? t(`ticketStatusShort.${status}`) : t(`ticketStatus.${status}`)}
    </Badge>
  );
}

export function UrgencyLabel({ urgency }: { urgency: Urgency }) {
  const { t } = useTranslation();
  const strong = urgency === 'blocking' || urgency === 'high';
  return (
    <span className={`urgency urgency-${urgency}`}>
      {strong && <Icon icon="it-warning-circle" size="xs" aria-hidden="true" className="me-1" />}
      {t(`urgency.${urgency}`)}
    </span>
  );
}

const SLA_STYLE: Record<SlaState, { color: string; icon: string }> = {
  ok: { color: 'success', icon: 'it-clock' },
  at_risk: { color: 'warning', icon: 'it-warning-circle' },
  breached: { color: 'danger', icon: 'it-error' },
  paused: { color: 'secondary', icon: 'it-minus-circle' },
  met: { color: 'success', icon: 'it-check-circle' },
};

/** SLA state as text and colour (never colour alone), with the support time left on the running clock. */
export function SlaBadge({ view, showTime = true }: { view: SlaView; showTime?: boolean }) {
  const { t } = useTranslation();
  const style = SLA_STYLE[view.state];
  const time =
    !showTime || view.minutesLeft === null
      ? null
      : view.minutesLeft >= 0
        ? t('sla.left', { time: formatMinutes(view.minutesLeft) })
        : t('sla.overdue', { time: formatMinutes(view.minutesLeft) });
  return (
    <span className="sla-badge">
      <Badge color={style.color} className="ticket-badge">
        <Icon icon={style.icon} size="xs" color="white" aria-hidden="true" className="me-1" />
        {t(`slaState.${view.state}`)}
      </Badge>
      {time && (
        <span className="sla-time">
          {view.clock && <span className="visually-hidden">{t(`sla.clock.${view.clock}`)}: </span>}
          {time}
        </span>
      )}
    </span>
  );
}
