import { useTranslation } from 'react-i18next';
import { useNotifications } from './api';

/** «Nuova risposta»: the ticket has a reply (or a fix to test) the user has not seen yet. Same query as the bell. */
export function NewReplyMarker({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const inbox = useNotifications(true);
  if (!inbox.data?.unreadTickets.includes(ticketId)) return null;
  return (
    <span className="new-reply-marker" data-testid="new-reply-marker">
      {t('bell.newReply')}
    </span>
  );
}
