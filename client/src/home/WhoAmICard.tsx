import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card } from 'design-react-kit';
import type { Me } from '@cit/shared';

/** "Chi sei": the signed-in user as the server sees them. */
export function WhoAmICard({ user, compact = false }: { user: Me; compact?: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Card tag="section" aria-labelledby={headingId} shadow="sm" rounded className={compact ? 'who-am-i who-am-i-compact' : 'who-am-i'}>
      <h2 id={headingId} className={compact ? 'it-card-title h5' : 'it-card-title h4'}>
        {t('home.whoAmI')}
      </h2>
      <div className="it-card-body">
        <dl className="who-am-i-list">
          <dt>{t('home.name')}</dt>
          <dd>{user.name}</dd>
          <dt>{t('home.email')}</dt>
          <dd className="text-break">{user.email}</dd>
          <dt>{t('home.role')}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
          <dt>{t('home.language')}</dt>
          <dd lang={user.language}>{t(`language.names.${user.language}`)}</dd>
          <dt>{t('home.linkedEnti')}</dt>
          <dd>
            {user.enti.length === 0 ? (
              t('common.none')
            ) : (
              <ul className="list-unstyled mb-0">
                {user.enti.map((ente) => (
                  <li key={ente.id}>
                    {ente.name} <span className="text-muted">({t(`enteKinds.${ente.kind}`)})</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          {user.supplier && (
            <>
              <dt>{t('home.supplier')}</dt>
              <dd>{user.supplier.name}</dd>
            </>
          )}
        </dl>
        <p className="fw-semibold mb-0">{t('home.visibleEnti', { count: user.visibleEnteCount })}</p>
        <p className="mt-2 mb-0">
          <Link to="/sessioni">{t('sessions.cardLink')}</Link>
        </p>
      </div>
    </Card>
  );
}
