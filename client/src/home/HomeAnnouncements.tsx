import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from 'design-react-kit';

/** The CIT's announcements to the Enti: the last section of the home. Without announcements it says so. */
export function HomeAnnouncements() {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Card tag="section" aria-labelledby={headingId} shadow="sm" rounded className="h-100 home-card home-announcements">
      <div className="it-card-body">
        <h2 id={headingId} className="h4 mb-2">
          {t('enteHome.announcements.title')}
        </h2>
        <p className="mb-0">{t('enteHome.announcements.none')}</p>
      </div>
    </Card>
  );
}
