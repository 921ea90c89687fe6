import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Icon } from 'design-react-kit';
import type { AnnouncementSeverity } from '@cit/shared';
import { announcementKeys, useCurrentAnnouncements, useDismissAnnouncement } from './api';
import './announcements.css';

const ALERT_CLASS: Record<AnnouncementSeverity, string> = { info: 'alert-info', warning: 'alert-warning', critical: 'alert-danger' };
/** setTimeout takes at most 2^31-1 ms (about 24 days); beyond it the periodic refetch takes over. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The banners published for the signed-in user (outages, maintenance, deadlines), above every page. They arrive
 * live (the socket's hint refetches them) and leave at their end time by themselves (a timer on `nextChangeAt`);
 * the user may close one, and it stays closed for them.
 */
export function AnnouncementBanners({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const current = useCurrentAnnouncements(signedIn);
  const dismiss = useDismissAnnouncement();
  const nextChangeAt = current.data?.nextChangeAt ?? null;

  useEffect(() => {
    if (!nextChangeAt) return;
    const wait = Math.max(0, new Date(nextChangeAt).getTime() - Date.now()) + 500;
    if (wait > MAX_TIMER_MS) return;
    const timer = window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: announcementKeys.current }), wait);
    return () => window.clearTimeout(timer);
  }, [nextChangeAt, queryClient]);

  const items = signedIn ? (current.data?.items ?? []) : [];
  const until = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Rome' });
  return (
    // Always in the page, so that a screen reader announces a banner that arrives while the page is open.
    <section className="announcement-banners" aria-label={t('announcements.region')} aria-live="polite">
      {items.map((a) => (
        <div key={a.id} className={`alert ${ALERT_CLASS[a.severity]} announcement-banner mb-0`} data-announcement={a.id}>
          <div className="container-xxl d-flex align-items-start gap-3">
            <div className="flex-grow-1">
              <p className="fw-semibold mb-1">
                <span className="visually-hidden">{t(`announcements.severity.${a.severity}`)}: </span>
                {a.title}
              </p>
              {a.body && <p className="mb-1 announcement-body">{a.body}</p>}
              <p className="small mb-0">{t('announcements.until', { when: until.format(new Date(a.endsAt)) })}</p>
            </div>
            <button type="button" className="btn btn-link p-0 announcement-close" disabled={dismiss.isPending} onClick={() => dismiss.mutate(a.id)}>
              <Icon icon="it-close" size="sm" aria-hidden="true" />
              <span className="visually-hidden">{t('announcements.dismiss', { title: a.title })}</span>
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
