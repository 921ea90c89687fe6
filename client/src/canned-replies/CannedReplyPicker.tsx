import '../tickets/operator-tools.css';
import { useEffect, useId, useMemo, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSupportGroups } from '../triage/api';
import { useQueryClient } from '@tanstack/react-query';
import {
  cannedReplyActions,
  cannedReplyValues,
  canWorkTickets,
  fillCannedReply,
  TicketDetailSchema,
  type CannedReply,
  type TicketDetail,
} from '@cit/shared';
import { apiRequest } from '../api/client';
import { useCurrentUser } from '../auth/currentUser';
import { ticketKeys } from '../tickets/api';
import { useCannedReplies } from './api';

/** `::` and a name right before the caret (at the start of the text or after a space). */
const TRIGGER = /(?:^|\s)::([^\s:]{0,40})$/;
const MAX_SHOWN = 8;
const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');

interface Picker {
  /** Spread on the textarea: keys, caret tracking and the ARIA that ties it to the list. */
  textareaProps: {
    onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
    onSelect: () => void;
    onBlur: () => void;
    'aria-autocomplete': 'list';
    'aria-controls'?: string;
    'aria-activedescendant'?: string;
  };
  /** The field's hint (how to call the list), for the textarea's own hint slot. */
  hint: string | undefined;
  /** The list under the textarea, the live announcement and the "apply its actions" choice. */
  element: ReactNode;
  /** After the reply is sent: runs the inserted reply's actions (group, status) if the operator kept them. */
  afterSend: (sentBody: string) => Promise<void>;
}

/**
 * Canned replies in the reply box: typing `::` and part of a name lists the matching replies under the field (the
 * textarea keeps the focus and points at the active option with aria-activedescendant, as a combobox does); arrows
 * choose, Enter or Tab insert the text filled with this ticket's values, Esc closes. The count is announced.
 */
export function useCannedReplyPicker(ticket: TicketDetail | undefined, textarea: RefObject<HTMLTextAreaElement | null>, body: string, setBody: (v: string) => void, enabled: boolean): Picker {
  const { t } = useTranslation();
  const groups = useSupportGroups(enabled);
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const listId = useId();
  const replies = useCannedReplies(enabled);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [chosen, setChosen] = useState<CannedReply | null>(null);
  const [applyActions, setApplyActions] = useState(true);

  const matches = useMemo(() => {
    if (query === null) return [];
    const q = squash(query);
    return (replies.data?.items ?? []).filter((r) => squash(r.name).includes(q)).slice(0, MAX_SHOWN);
  }, [query, replies.data]);
  const open = enabled && query !== null;

  useEffect(() => {
    if (!open) return;
    setAnnouncement(matches.length ? t('canned.found', { count: matches.length }) : t('canned.none'));
  }, [open, matches.length, t]);

  const track = () => {
    const el = textarea.current;
    if (!el || !enabled) return;
    const found = TRIGGER.exec(el.value.slice(0, el.selectionStart ?? 0));
    const next = found ? (found[1] ?? '') : null;
    if (next !== query) {
      setQuery(next);
      setActive(0);
    }
  };

  const insert = (reply: CannedReply) => {
    const el = textarea.current;
    if (!el || !ticket || query === null) return;
    const caret = el.selectionStart ?? body.length;
    const start = caret - query.length - 2;
    const filled = fillCannedReply(
      reply.body,
      cannedReplyValues(
        { protocol: ticket.protocol, requesterName: ticket.requester.name, enteName: ticket.ente.name, serviceCode: ticket.serviceCode, resolveDue: ticket.resolveDue },
        user.name,
      ),
    );
    setBody(body.slice(0, start) + filled + body.slice(caret));
    setQuery(null);
    setAnnouncement(t('canned.inserted', { name: reply.name }));
    if ((reply.setStatus || reply.setGroup) && canWorkTickets(user.role)) {
      setChosen(reply);
      setApplyActions(true);
    }
    const at = start + filled.length;
    window.requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setQuery(null);
    } else if (matches.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (matches.length > 0 && (event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
      event.preventDefault();
      const reply = matches[Math.min(active, matches.length - 1)];
      if (reply) insert(reply);
    }
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  const activeReply = open && matches.length > 0 ? Math.min(active, matches.length - 1) : null;

  const afterSend = async (sentBody: string) => {
    const reply = chosen;
    setChosen(null);
    if (!reply || !applyActions || !ticket) return;
    for (const request of cannedReplyActions(reply, sentBody)) {
      const detail = await apiRequest(`/api/tickets/${encodeURIComponent(ticket.id)}/actions`, { method: 'POST', body: request, schema: TicketDetailSchema });
      queryClient.setQueryData(ticketKeys.detail(ticket.id), detail);
    }
    void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
  };

  const actionWords = chosen
    ? [
        chosen.setGroup ? t('canned.actionGroup', { group: groups.data?.items.find((g) => g.key === chosen.setGroup)?.name ?? chosen.setGroup }) : null,
        chosen.setStatus ? t('canned.actionStatus', { status: t(`canned.page.statuses.${chosen.setStatus}`) }) : null,
      ]
        .filter(Boolean)
        .join(', ')
    : '';

  const element = enabled ? (
    <>
      {open && matches.length > 0 && (
        <ul id={listId} role="listbox" aria-label={t('canned.listLabel')} className="canned-listbox">
          {matches.map((r, i) => (
            <li
              key={r.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeReply}
              className={i === activeReply ? 'canned-option active' : 'canned-option'}
              // Keeps the focus in the textarea: the caret position is what the insertion replaces.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => insert(r)}
            >
              <span className="fw-semibold">{r.name}</span> <span className="small">({r.shared ? t('canned.shared') : t('canned.personal')})</span>
              <span className="canned-preview small">{r.body}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <p className="small mt-n2 mb-3">
        <Link to="/admin/risposte">{t('canned.manage')}</Link>
      </p>
      {chosen && actionWords && (
        <div className="form-check mb-3">
          <input id="canned-apply-actions" type="checkbox" checked={applyActions} onChange={(e) => setApplyActions(e.target.checked)} />
          <label htmlFor="canned-apply-actions">{t('canned.applyActions', { actions: actionWords })}</label>
        </div>
      )}
    </>
  ) : null;

  return {
    textareaProps: {
      onKeyDown,
      onSelect: track,
      onBlur: () => setQuery(null),
      'aria-autocomplete': 'list',
      ...(open && matches.length > 0 ? { 'aria-controls': listId } : {}),
      ...(activeReply !== null ? { 'aria-activedescendant': optionId(activeReply) } : {}),
    },
    hint: enabled ? t('canned.hint') : undefined,
    element,
    afterSend,
  };
}
