import { useTranslation } from 'react-i18next';
import { HomeCard } from './HomeCard';

/** The CIT's announcements to the Enti: the last section of the home. Without announcements it says so. */
export function HomeAnnouncements() {
  const { t } = useTranslation();
  return (
    <HomeCard title={t('enteHome.announcements.title')} className="home-announcements">
      <p className="mb-0">{t('enteHome.announcements.none')}</p>
    </HomeCard>
  );
}
