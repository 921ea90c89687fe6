import { useCallback, useState } from 'react';

const PREFIX = 'cit.draft.';
const key = (ticketId: string) => `${PREFIX}${ticketId}`;

function stored(ticketId: string): string {
  try {
    return window.localStorage.getItem(key(ticketId)) ?? '';
  } catch {
    return '';
  }
}

/**
 * The reply being written on a ticket, kept in this browser until it is sent: an expired session, a reload or a
 * closed tab must not lose a half-written answer. `clear` is called once the server has it.
 */
export function useReplyDraft(ticketId: string): [string, (text: string) => void, () => void] {
  const [text, setText] = useState(() => stored(ticketId));
  const update = useCallback(
    (next: string) => {
      setText(next);
      try {
        if (next) window.localStorage.setItem(key(ticketId), next);
        else window.localStorage.removeItem(key(ticketId));
      } catch {
        // No storage (private mode, quota): the draft lives as long as the page.
      }
    },
    [ticketId],
  );
  const clear = useCallback(() => update(''), [update]);
  return [text, update, clear];
}

/** On logout: a shared office PC must not show the next person what the previous one was writing. */
export function clearReplyDrafts(): void {
  try {
    for (const k of Object.keys(window.localStorage)) if (k.startsWith(PREFIX)) window.localStorage.removeItem(k);
  } catch {
    // No storage: nothing was kept.
  }
}
