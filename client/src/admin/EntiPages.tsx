import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card } from 'design-react-kit';
import { EntiList } from '../enti/EntiList';
import { can } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useEnte } from './api';
import { MembershipsSection } from './enti/MembershipsSection';
import { PopulationSection } from './enti/PopulationSection';

export function AdminEntiPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.enti.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.enti.intro')}</p>
      <p>
        <Link to="/admin/enti/abitanti">{t('admin.popImport.link')}</Link>
      </p>
      <EntiList linkTo={(id) => `/admin/enti/${id}`} hideTitle />
    </>
  );
}

export function EnteDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const ente = useEnte(id);
  const user = useCurrentUser();
  if (ente.isPending) return <Loading />;
  if (ente.isError) {
    return (
      <>
        <PageTitle className="mb-3">{t('admin.enti.notFound')}</PageTitle>
        <ErrorAlert error={ente.error} onRetry={() => void ente.refetch()} />
        <Link to="/admin/enti">{t('admin.enti.back')}</Link>
      </>
    );
  }
  const e = ente.data;
  return (
    <>
      <Link to="/admin/enti" className="d-inline-block mb-2 small">
        ← {t('admin.enti.back')}
      </Link>
      <PageTitle className="mb-3">{e.name}</PageTitle>
      <Card shadow="sm" rounded className="mb-4">
        <div className="it-card-body">
          <h2 className="h5">{t('admin.enti.registry')}</h2>
          <dl className="admin-facts">
            <dt>{t('enti.colKind')}</dt>
            <dd>{t(`enteKinds.${e.kind}`)}</dd>
            <dt>{t('enti.colFiscalCode')}</dt>
            <dd className="font-monospace">{e.fiscalCode}</dd>
            <dt>{t('enti.colPec')}</dt>
            <dd className="text-break">{e.pec ?? t('enti.noPec')}</dd>
            {e.capofila && (
              <>
                <dt>{t('admin.enti.capofila')}</dt>
                <dd>
                  <Link to={`/admin/enti/${e.capofila.id}`}>{e.capofila.name}</Link>
                  {e.capofilaPays && <span className="d-block small">{t('admin.enti.capofilaPays')}</span>}
                </dd>
              </>
            )}
            {e.members.length > 0 && (
              <>
                <dt>{t('admin.enti.members')}</dt>
                <dd>
                  <ul className="list-unstyled mb-0">
                    {e.members.map((m) => (
                      <li key={m.id}>
                        <Link to={`/admin/enti/${m.id}`}>{m.name}</Link>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
          <p className="mb-0 small">
            <Link to={`/servizi?ente=${e.id}`}>{t('admin.enti.services')}</Link> · <Link to={`/addebiti?ente=${e.id}`}>{t('admin.enti.billing')}</Link> ·{' '}
            <Link to={`/ticket?ente=${e.id}`}>{t('admin.enti.tickets')}</Link>
          </p>
        </div>
      </Card>

      <PopulationSection enteId={e.id} canEdit={can(user, 'enti.manage')} />
      <MembershipsSection enteId={e.id} canEdit={can(user, 'enti.manage')} />
    </>
  );
}
