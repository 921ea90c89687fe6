import { useTranslation } from 'react-i18next';
import { useCurrentAnnouncements } from '../announcements/api';
import { HomeCard } from './HomeCard';

/**
 * The CIT's announcements to the Enti: the last section of the home. The same answer as the banners above the page
 * (one cached query, no request of its own), kept here as a list the referent can come back to.
 */
export function HomeAnnouncements() {
  const { t, i18n } = useTranslation();
  const current = useCurrentAnnouncements(true);
  const items = current.data?.items ?? [];
  const until = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Rome' });
  return (
    <HomeCard title={t('enteHome.announcements.title')} className="home-announcements">
      {items.length === 0 ? (
        <p className="mb-0">{t('enteHome.announcements.none')}</p>
      ) : (
        <ul className="list-unstyled mb-0">
          {items.map((a) => (
            <li key={a.id} className="mb-2">
              <p className="fw-semibold mb-0">
                <span className="visually-hidden">{t(`announcements.severity.${a.severity}`)}: </span>
                {a.title}
              </p>
              <p className="small mb-0">{t('announcements.until', { when: until.format(new Date(a.endsAt)) })}</p>
            </li>
          ))}
        </ul>
      )}
    </HomeCard>
  );
}
