import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card } from 'design-react-kit';
import type { EnteDetail } from '@cit/shared';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { EnteForm } from './EnteForm';
import { MergeDialog } from './MergeDialog';
import { useSetEnteActive, useUpdateEnte } from './entiAdminApi';

/**
 * What an admin does on an Ente's page: edit it (with the version read), deactivate or reactivate it, merge it
 * into another. A merged Ente is read-only, so none of this is offered for it.
 */
export function EnteAdminPanel({ ente, onReload }: { ente: EnteDetail; onReload: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [confirmingActive, setConfirmingActive] = useState(false);
  const update = useUpdateEnte(ente.id);
  const setActive = useSetEnteActive(ente.id);
  if (ente.mergedInto) return null;

  const toggleActive = () =>
    setActive.mutate({ active: !ente.active, version: ente.version }, { onSuccess: () => setConfirmingActive(false) });

  return (
    <Card shadow="sm" rounded className="mb-4">
      <div className="it-card-body">
        <h2 className="h5">{t('admin.enteAdmin.title')}</h2>
        {editing ? (
          <EnteForm
            key={ente.version}
            ente={ente}
            idPrefix="edit-ente"
            pending={update.isPending}
            failure={update.error}
            submitLabel={t('admin.enteForm.save')}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
            onReload={() => {
              update.reset();
              onReload();
            }}
            onSubmit={(input) => update.mutate({ ...input, version: ente.version }, { onSuccess: () => setEditing(false) })}
          />
        ) : (
          <div className="d-flex flex-wrap gap-2">
            <Button color="primary" size="sm" onClick={() => setEditing(true)}>
              {t('admin.enteAdmin.edit')}
            </Button>
            <Button color={ente.active ? 'danger' : 'primary'} outline size="sm" onClick={() => setConfirmingActive(true)}>
              {ente.active ? t('admin.enteAdmin.deactivate') : t('admin.enteAdmin.reactivate')}
            </Button>
            {ente.active && (
              <Button color="danger" outline size="sm" onClick={() => setMerging(true)}>
                {t('admin.enteAdmin.merge')}
              </Button>
            )}
          </div>
        )}
        {confirmingActive && !editing && (
          <Alert color="warning" fade={false} className="mt-3 mb-0">
            <p className="fw-semibold mb-2">
              {ente.active ? t('admin.enteAdmin.confirmDeactivate', { name: ente.name }) : t('admin.enteAdmin.confirmReactivate', { name: ente.name })}
            </p>
            {setActive.error !== null && <ErrorAlert error={setActive.error} onRetry={onReload} />}
            <div className="d-flex gap-2 flex-wrap">
              <Button color={ente.active ? 'danger' : 'primary'} size="sm" disabled={setActive.isPending} onClick={toggleActive}>
                {ente.active ? t('admin.enteAdmin.deactivateConfirm') : t('admin.enteAdmin.reactivateConfirm')}
              </Button>
              <Button
                color="secondary"
                outline
                size="sm"
                onClick={() => {
                  setActive.reset();
                  setConfirmingActive(false);
                }}
              >
                {t('common.cancel')}
              </Button>
            </div>
          </Alert>
        )}
        {merging && <MergeDialog ente={ente} onClose={() => setMerging(false)} />}
      </div>
    </Card>
  );
}
