import { useEffect } from 'react';
import { Outlet } from 'react-router';
import { useMe } from '../auth/session';
import { SessionExpiryWarning } from '../auth/SessionExpiryWarning';
import { followProfileLanguage } from '../i18n';
import { AppFooter } from './AppFooter';
import { AppHeader } from './AppHeader';
import { AnnouncementBanners } from '../announcements/AnnouncementBanners';
import { MAIN_CONTENT_ID } from './mainContent';
import { SkipLink } from './SkipLink';
import { useFocusOnNavigation } from './useFocusOnNavigation';

export function Layout() {
  const me = useMe();
  const profileLanguage = me.data?.language;
  useFocusOnNavigation();

  useEffect(() => {
    if (profileLanguage) followProfileLanguage(profileLanguage);
  }, [profileLanguage]);

  return (
    <div className="app-shell">
      <SkipLink />
      <AppHeader />
      <AnnouncementBanners signedIn={Boolean(me.data)} />
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="app-main">
        <Outlet />
      </main>
      <AppFooter />
      {me.data && <SessionExpiryWarning />}
    </div>
  );
}
