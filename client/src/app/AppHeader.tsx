import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers, Icon } from 'design-react-kit';
import { LanguageSwitch } from './LanguageSwitch';
import { MainNav } from './MainNav';
import { UserMenu } from './UserMenu';
import { NotificationBell } from '../notifications/NotificationBell';

const OWNER_SITE = 'https://www.provincia.brescia.it/';

export function AppHeader() {
  const { t } = useTranslation();
  return (
    <header>
      <Headers>
        <Header type="slim">
          <HeaderContent>
            <HeaderBrand href={OWNER_SITE} responsive lang="it">
              {t('app.owner')}
            </HeaderBrand>
            <HeaderRightZone>
              <LanguageSwitch />
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <Header type="center" small>
          <HeaderContent>
            {/* Same markup as the kit's HeaderBrand, but with a router Link (no full page reload). */}
            <div className="it-brand-wrapper">
              <Link to="/" aria-label={t('app.homeLinkLabel')}>
                <Icon icon="it-pa" />
                <div className="it-brand-text">
                  <div className="it-brand-title" lang="it">
                    {t('app.brandTitle')}
                  </div>
                  <div className="it-brand-tagline d-none d-md-block">{t('app.brandTagline')}</div>
                </div>
              </Link>
            </div>
            <HeaderRightZone>
              <NotificationBell />
              <UserMenu />
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <MainNav />
      </Headers>
    </header>
  );
}
