import { useEffect, useLayoutEffect, useRef } from 'react';
import type { TicketSummary } from '@cit/shared';
import { ticketLinkId } from './TicketRows';
import { typing } from './shortcuts';

interface QueueKeys {
  tickets: readonly TicketSummary[];
  enabled: boolean;
  cursor: string | null;
  setCursor: (id: string) => void;
  open: (id: string) => void;
  toggle: (id: string) => void;
}

/** Elements that handle Enter themselves: the queue's Enter must not open a ticket on top of theirs. */
const ACTIVE = 'a, button, input, select, textarea, summary, [role="button"]';

/**
 * The queue's keys, as in mail readers: j/k move the cursor (and the focus, to the ticket's link) to the next or
 * previous row, Enter opens the ticket under the cursor, x ticks its checkbox. Not while typing in a field.
 */
export function useQueueKeys({ tickets, enabled, cursor, setCursor, open, toggle }: QueueKeys): void {
  const state = useRef({ tickets, cursor, setCursor, open, toggle });
  state.current = { tickets, cursor, setCursor, open, toggle };
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (typing(event)) return;
      const { tickets: rows, cursor: at, setCursor: move, open: go, toggle: tick } = state.current;
      const index = rows.findIndex((x) => x.id === at);
      if (event.key === 'j' || event.key === 'k') {
        const next = rows[index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + (event.key === 'j' ? 1 : -1)))];
        if (!next) return;
        event.preventDefault();
        move(next.id);
        document.getElementById(ticketLinkId(next.id, 'row'))?.focus();
      } else if (event.key === 'Enter' && at && index >= 0 && !(event.target as Element | null)?.closest?.(ACTIVE)) {
        event.preventDefault();
        go(at);
      } else if (event.key === 'x' && at && index >= 0) {
        event.preventDefault();
        tick(at);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/**
 * Keeps the row under the keyboard cursor (else under the pointer) where it is on screen when the list changes
 * live: tickets arriving above it scroll the page by their height instead of pushing the row away from under the
 * operator's hand. `listKey` names the list (its filters): a different list is a new page, not an update.
 */
export function useKeepRowInPlace(anchor: () => string | null, tickets: readonly TicketSummary[], listKey: string): void {
  const last = useRef<{ id: string; top: number; tickets: readonly TicketSummary[]; listKey: string } | null>(null);
  // After every render: renders that are not list updates (a panel opening) only record where the row is now.
  useLayoutEffect(() => {
    const id = anchor();
    const row = id ? document.querySelector(`tr[data-ticket-row="${id}"]`) : null;
    if (!id || !row || row.getClientRects().length === 0) {
      last.current = null;
      return;
    }
    let top = row.getBoundingClientRect().top + window.scrollY;
    const before = last.current;
    if (before && before.id === id && before.listKey === listKey && before.tickets !== tickets && before.top !== top) {
      window.scrollBy(0, top - before.top);
      top = row.getBoundingClientRect().top + window.scrollY;
    }
    last.current = { id, top, tickets, listKey };
  });
}
