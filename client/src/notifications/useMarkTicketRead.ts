import { useEffect } from 'react';
import { useMarkRead, useNotifications } from './api';

/**
 * While a ticket's page is open its new replies are on screen: its unread notifications (and the «nuova risposta»
 * marker) are cleared, again whenever a new one arrives for it.
 */
export function useMarkTicketRead(ticketId: string): void {
  const inbox = useNotifications(true);
  const { mutate } = useMarkRead();
  const unreadHere = inbox.data?.items.some((n) => n.ticketId === ticketId && !n.read) || inbox.data?.unreadTickets.includes(ticketId);
  useEffect(() => {
    if (unreadHere) mutate({ ticketId });
  }, [unreadHere, ticketId, mutate]);
}
