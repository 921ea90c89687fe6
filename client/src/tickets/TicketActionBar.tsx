import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { TicketAction, TicketDetail } from '@cit/shared';
import { ACTION_PANEL_ID, useActionButtons, type DialogAction } from './ActionPanel';
import type { useTicketAction } from './api';

/** The actions worth a place in the bar, most urgent first: on a phone only two fit next to "Rispondi". */
const BAR_ORDER: readonly TicketAction[] = ['take_charge', 'assign', 'solve', 'confirm_fix', 'close', 'reopen', 'resume', 'restore'];

interface TicketActionBarProps {
  ticket: TicketDetail;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  action: ReturnType<typeof useTicketAction>;
  onDialogChange: (action: DialogAction | null) => void;
  onDone: (action: TicketAction) => void;
}

/**
 * Below 992 px the action panel is far down the page (after the description and the timeline): this bar keeps
 * the reply box and the main actions at the bottom of the screen. It starts the same dialogs as the panel.
 */
export function TicketActionBar({ ticket, replyRef, action, onDialogChange, onDone }: TicketActionBarProps) {
  const { t } = useTranslation();
  const { label, primary, start } = useActionButtons(ticket, action, onDialogChange, onDone);
  const main = BAR_ORDER.filter((a) => ticket.allowedActions.includes(a)).slice(0, 2);
  const more = ticket.allowedActions.length > main.length;
  const canReply = ticket.status !== 'deleted';
  if (!canReply && main.length === 0) return null;
  const goTo = (id: string, focus: () => void) => {
    document.getElementById(id)?.scrollIntoView({ block: 'center' });
    focus();
  };
  return (
    <nav className="ticket-action-bar d-lg-none" aria-label={t('actionBar.label')}>
      {canReply && (
        <Button
          color="primary"
          outline
          size="xs"
          onClick={() => {
            replyRef.current?.scrollIntoView({ block: 'center' });
            replyRef.current?.focus({ preventScroll: true });
          }}
        >
          {t('actionBar.reply')}
        </Button>
      )}
      {main.map((a) => (
        <Button key={a} color={primary(a) ? 'primary' : 'secondary'} outline={!primary(a)} size="xs" disabled={action.isPending} onClick={() => start(a)}>
          {label(a)}
        </Button>
      ))}
      {more && (
        <Button color="secondary" outline size="xs" onClick={() => goTo(ACTION_PANEL_ID, () => document.getElementById(ACTION_PANEL_ID)?.focus({ preventScroll: true }))}>
          {t('actionBar.more')}
        </Button>
      )}
    </nav>
  );
}
