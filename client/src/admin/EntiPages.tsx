import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Card } from 'design-react-kit';
import { can } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { EntiList } from '../enti/EntiList';
import { useFormatDate } from '../services/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useEnte } from './api';
import { MembershipsSection } from './enti/MembershipsSection';
import { SignatoriesSection } from './enti/SignatoriesSection';
import { PopulationSection } from './enti/PopulationSection';
import { AuditTrail } from './audit/AuditTrail';
import { CapofilaHistory } from './enti/CapofilaHistory';
import { EnteAdminPanel } from './enti/EnteAdminPanel';

export function AdminEntiPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.enti.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.enti.intro')}</p>
      {can(user, 'enti.manage') && (
        <p className="d-flex flex-wrap align-items-center gap-3">
          <Link to="/admin/enti/nuovo" className="btn btn-primary btn-sm">
            {t('admin.enteForm.newTitle')}
          </Link>
          <Link to="/admin/enti/abitanti">{t('admin.popImport.link')}</Link>
        </p>
      )}
      <EntiList linkTo={(id) => `/admin/enti/${id}`} hideTitle />
    </>
  );
}

export function EnteDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const ente = useEnte(id);
  const formatDate = useFormatDate();
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
      {e.mergedInto ? (
        <Alert color="info" fade={false}>
          {t('admin.enti.mergedInto')} <Link to={`/admin/enti/${e.mergedInto.id}`}>{e.mergedInto.name}</Link>{' '}
          {t('admin.enti.mergedSince', { date: formatDate(e.mergedInto.mergedOn) })}
        </Alert>
      ) : (
        !e.active && (
          <Alert color="warning" fade={false}>
            {t('admin.enti.deactivated')}
          </Alert>
        )
      )}
      {can(user, 'enti.manage') && <EnteAdminPanel ente={e} onReload={() => void ente.refetch()} />}
      <Card shadow="sm" rounded className="mb-4">
        <div className="it-card-body">
          <h2 className="h5">{t('admin.enti.registry')}</h2>
          <dl className="admin-facts">
            <dt>{t('enti.colKind')}</dt>
            <dd>{t(`enteKinds.${e.kind}`)}</dd>
            <dt>{t('enti.colFiscalCode')}</dt>
            <dd className="font-monospace">{e.fiscalCode}</dd>
            <dt>{t('admin.enteForm.istatCode')}</dt>
            <dd className="font-monospace">{e.istatCode ?? t('admin.enti.notGiven')}</dd>
            <dt>{t('admin.enteForm.ipaCode')}</dt>
            <dd className="font-monospace">{e.ipaCode ?? t('admin.enti.notGiven')}</dd>
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
            <Link to={`/ticket?enteId=${e.id}`}>{t('admin.enti.tickets')}</Link>
          </p>
        </div>
      </Card>

      <CapofilaHistory ente={e} />

      {/* A merged Ente is history: readable, no longer edited. */}
      <PopulationSection enteId={e.id} canEdit={can(user, 'enti.manage') && !e.mergedInto} />
      <MembershipsSection enteId={e.id} canEdit={can(user, 'enti.manage') && !e.mergedInto} />
      <SignatoriesSection enteId={e.id} canEdit={can(user, 'enti.manage') && !e.mergedInto} />
      {can(user, 'audit.read') && <AuditTrail entity="enti" recordId={e.id} />}
    </>
  );
}
