import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button } from 'design-react-kit';
import { PseudonymisedSchema } from '@cit/shared';
import { apiRequest } from '../api/client';
import { ErrorAlert } from '../ui/ErrorAlert';
import { adminKeys } from './api';

/**
 * In the user's admin dialog, the GDPR duties (issue 19 point 7): download everything kept about the person (zip)
 * to answer an access request, and pseudonymise a person who left, after an explicit confirmation.
 */
export function UserPersonalDataSection({ userId, name, isSelf }: { userId: string; name: string; isSelf: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const pseudonymise = useMutation({
    mutationFn: () => apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/pseudonymise`, { method: 'POST', schema: PseudonymisedSchema }),
    onSuccess: () => {
      setConfirming(false);
      return client.invalidateQueries({ queryKey: adminKeys.users });
    },
  });
  return (
    <section aria-labelledby={`personal-data-${userId}`}>
      <h3 className="h6" id={`personal-data-${userId}`}>
        {t('admin.personalData.title')}
      </h3>
      <p className="small">{t('admin.personalData.exportText')}</p>
      <a className="btn btn-outline-primary btn-sm" href={`/api/admin/users/${encodeURIComponent(userId)}/export`} download>
        {t('admin.personalData.export')}
        <span className="visually-hidden"> {name}</span>
      </a>
      <p className="small mt-3">{t('admin.personalData.pseudonymiseText')}</p>
      {pseudonymise.isSuccess ? (
        <p role="status" className="small text-success mb-0">
          {t('admin.personalData.done', { name: pseudonymise.data.name })}
        </p>
      ) : !confirming ? (
        <Button color="danger" outline size="sm" disabled={isSelf} onClick={() => setConfirming(true)}>
          {t('admin.personalData.pseudonymise')}
        </Button>
      ) : (
        <Alert color="warning" fade={false} className="mb-0">
          <p className="fw-semibold mb-2">{t('admin.personalData.confirm', { name })}</p>
          <div className="d-flex gap-2 flex-wrap">
            <Button color="danger" size="sm" disabled={pseudonymise.isPending} onClick={() => pseudonymise.mutate()}>
              {t('admin.personalData.confirmButton')}
            </Button>
            <Button color="secondary" outline size="sm" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </Alert>
      )}
      {pseudonymise.isError && <ErrorAlert error={pseudonymise.error} className="mt-2" />}
    </section>
  );
}
