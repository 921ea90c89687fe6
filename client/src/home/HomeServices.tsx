import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { catalogService, SERVICE_CODES, type EnteHome, type ServiceCode } from '@cit/shared';
import { UsageItem } from '../services/UsageItem';
import { HomeCard } from './HomeCard';

const isServiceCode = (code: string): code is ServiceCode => (SERVICE_CODES as readonly string[]).includes(code);

/** The Ente's services in the convention in force, each with what it has used of its free allowance. */
export function HomeServices({ services }: { services: EnteHome['services'] }) {
  const { t } = useTranslation();
  return (
    <HomeCard title={t('enteHome.services.title')} className="home-services">
      <p className="small text-muted mb-3">{t('enteHome.services.convention', { period: services.conventionPeriod })}</p>
      {services.usage.length === 0 ? (
        <p className="mb-0">{t('enteHome.services.none')}</p>
      ) : (
        <ul className="usage-list">
          {services.usage.map((u) => (
            <UsageItem key={u.serviceCode} usage={u} service={isServiceCode(u.serviceCode) ? catalogService(u.serviceCode) : undefined} />
          ))}
        </ul>
      )}
      <Link to="/servizi" className="d-inline-block mt-3">
        {t('enteHome.services.all')}
      </Link>
    </HomeCard>
  );
}
