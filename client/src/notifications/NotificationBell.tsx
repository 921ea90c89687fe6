import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Icon } from 'design-react-kit';
import type { AppNotification } from '@cit/shared';
import { useMe } from '../auth/session';
import { useFormatDateTime } from '../tickets/format';
import { useMarkRead, useNotifications, usePreferences } from './api';
import './notifications.css';

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** "(3) " in front of whatever title the page set, kept there when pages change the title. */
function useCountInTitle(unread: number): void {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(COUNT_PREFIX, '');
      const next = unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    const title = document.querySelector('title');
    const observer = new MutationObserver(apply);
    if (title) observer.observe(title, { childList: true, characterData: true, subtree: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(COUNT_PREFIX, '');
    };
  }, [unread]);
}

/** Opt-in desktop notifications: only for rows newer than those already seen, only while the tab is hidden. */
function useDesktopNotifications(items: readonly AppNotification[] | undefined, enabled: boolean, text: (n: AppNotification) => string): void {
  const newest = useRef<number | null>(null);
  useEffect(() => {
    if (!items) return;
    const top = items.reduce((max, n) => Math.max(max, Number(n.id)), 0);
    const previous = newest.current;
    newest.current = top;
    // The first load is the past, not news.
    if (previous === null || !enabled || typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return;
    for (const n of items.filter((i) => !i.read && Number(i.id) > previous).slice(0, 3)) {
      new Notification(n.protocol, { body: text(n), tag: `cit-${n.id}` });
    }
  }, [items, enabled, text]);
}

/** The header's bell: unread count, a dropdown of the latest notifications, mark read one by one or all. */
export function NotificationBell() {
  const { t } = useTranslation();
  const me = useMe();
  const signedIn = !!me.data;
  const inbox = useNotifications(signedIn);
  const preferences = usePreferences(signedIn);
  const markRead = useMarkRead();
  const formatDateTime = useFormatDateTime();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  const unread = inbox.data?.unread ?? 0;
  const text = (n: AppNotification) => t(`bell.kind.${n.kind}`, { title: n.title });
  useCountInTitle(unread);
  useDesktopNotifications(inbox.data?.items, preferences.data?.desktopNotifications ?? false, text);

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (wrapper.current && !wrapper.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  if (!signedIn) return null;
  const items = inbox.data?.items ?? [];
  return (
    <div className="notification-bell" ref={wrapper}>
      <button
        ref={button}
        type="button"
        className="btn btn-sm notification-bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="notification-bell"
      >
        <Icon icon="it-inbox" color="white" size="sm" aria-hidden="true" />
        <span className="visually-hidden">{t('bell.label')}</span>
        <span className={unread > 0 ? 'notification-bell-count' : 'visually-hidden'} data-testid="notification-count" aria-live="polite">
          {unread > 0 ? t('bell.unread', { count: unread }) : t('bell.none')}
        </span>
      </button>
      {open && (
        <div id={panelId} className="notification-panel shadow" role="region" aria-label={t('bell.title')}>
          <div className="d-flex justify-content-between align-items-center px-3 py-2 border-bottom">
            <h2 className="h6 mb-0">{t('bell.title')}</h2>
            <button type="button" className="btn btn-link btn-sm px-0 py-1" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
              {t('bell.markAll')}
            </button>
          </div>
          {items.length === 0 ? (
            <p className="px-3 py-3 mb-0 small">{t('bell.empty')}</p>
          ) : (
            <ul className="list-unstyled mb-0 notification-list">
              {items.map((n) => (
                <li key={n.id} className={n.read ? 'notification-item' : 'notification-item unread'}>
                  <Link to={`/ticket/${n.ticketId}`} onClick={() => !n.read && markRead.mutate({ ids: [n.id] })}>
                    {!n.read && <span className="visually-hidden">{t('bell.unreadItem')} </span>}
                    <span className="d-block fw-semibold">{text(n)}</span>
                    <span className="d-block small">
                      <span className="font-monospace">{n.protocol}</span> · {formatDateTime(n.createdAt)}
                    </span>
                  </Link>
                  {!n.read && (
                    <button type="button" className="btn btn-link btn-sm px-0 py-1 ms-3" onClick={() => markRead.mutate({ ids: [n.id] })}>
                      {t('bell.markRead')}
                      <span className="visually-hidden"> {n.protocol}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p className="px-3 py-1 mb-0 border-top">
            <Link to="/profilo" className="d-inline-block py-2">
              {t('bell.preferences')}
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
