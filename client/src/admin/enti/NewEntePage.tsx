import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../ui/PageTitle';
import { EnteForm } from './EnteForm';
import { useCreateEnte } from './entiAdminApi';

/** "Nuovo Ente": the registry data and, when it has one, the capofila and from which day. */
export function NewEntePage() {
  const { t } = useTranslation();
  const create = useCreateEnte();
  const navigate = useNavigate();
  return (
    <>
      <Link to="/admin/enti" className="d-inline-block mb-2 small">
        ← {t('admin.enti.back')}
      </Link>
      <PageTitle className="mb-2">{t('admin.enteForm.newTitle')}</PageTitle>
      <p className="lead mb-4">{t('admin.enteForm.newIntro')}</p>
      <div className="admin-form-narrow">
        <EnteForm
          idPrefix="new-ente"
          pending={create.isPending}
          failure={create.error}
          submitLabel={t('admin.enteForm.create')}
          onCancel={() => void navigate('/admin/enti')}
          onSubmit={(input) => create.mutate(input, { onSuccess: (ente) => void navigate(`/admin/enti/${ente.id}`) })}
        />
      </div>
    </>
  );
}
