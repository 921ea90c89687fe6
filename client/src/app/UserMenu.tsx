import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, Icon } from 'design-react-kit';
import { useLogout, useMe } from '../auth/session';

/** Who is signed in and the logout button, in the centre header. Nothing when signed out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  if (!me.data) return null;
  return (
    <div className="user-menu">
      {/* The name leads to the profile (preferences); on phones the icon alone does. */}
      <Link to="/profilo" className="user-menu-name user-menu-profile d-inline-flex">
        <Icon icon="it-user" color="white" size="sm" className="me-md-2" />
        <span className="visually-hidden">{t('auth.signedInLabel')}&nbsp;</span>
        <span className="d-none d-md-inline">{me.data.name}</span>
        <span className="visually-hidden">{t('profile.linkSuffix')}</span>
      </Link>
      <Link to="/sessioni" className="btn btn-outline-white btn-sm user-menu-sessions d-none d-md-inline-flex">
        {t('sessions.menuLink')}
      </Link>
      <Button
        color="white"
        outline
        size="sm"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
        className="user-menu-logout"
      >
        <Icon icon="it-logout" color="white" size="sm" className="me-1" />
        {t('auth.logout')}
      </Button>
      {logout.isError && (
        <span role="alert" className="user-menu-error">
          {t('auth.logoutFailed')}
        </span>
      )}
    </div>
  );
}
