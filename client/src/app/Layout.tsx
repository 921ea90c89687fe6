import { Suspense, useEffect } from 'react';
import { Outlet } from 'react-router';
import { useMe } from '../auth/session';
import { SessionExpiryWarning } from '../auth/SessionExpiryWarning';
import { followProfileLanguage } from '../i18n';
import { AppFooter } from './AppFooter';
import { AppHeader } from './AppHeader';
import { AnnouncementBanners } from '../announcements/AnnouncementBanners';
import { Loading } from '../ui/Loading';
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

  // Nothing is painted until the session is known: the header then shows the signed-in user's menu at once,
  // instead of growing under a page already drawn (a layout shift of everything below it).
  if (me.isPending) return null;

  return (
    <div className="app-shell">
      <SkipLink />
      <AppHeader />
      <AnnouncementBanners signedIn={Boolean(me.data)} />
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="app-main">
        {/* The pages are loaded on first visit (see router.tsx): header and footer do not wait for them. */}
        <Suspense fallback={<Loading minHeight="50vh" />}>
          <Outlet />
        </Suspense>
      </main>
      <AppFooter />
      {me.data && <SessionExpiryWarning />}
    </div>
  );
}
