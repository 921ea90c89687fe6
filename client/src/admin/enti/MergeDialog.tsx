import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import { MERGE_MOVED_KEYS, type EnteDetail } from '@cit/shared';
import { fieldIssues } from '../../api/errors';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { TextField } from '../../ui/TextField';
import { useErrorMessage } from '../../ui/errorMessage';
import { EntePicker, type PickedEnte } from '../EntePicker';
import { useMergeEnte, useMergePreview } from './entiAdminApi';

/**
 * The merger of this Ente into another: target (an active Ente), the day it takes effect, and a confirmation
 * listing what moves. One step the admin cannot undo, so the button says what it does.
 */
export function MergeDialog({ ente, onClose }: { ente: EnteDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const errorMessage = useErrorMessage();
  const [target, setTarget] = useState<PickedEnte[]>([]);
  const [mergedOn, setMergedOn] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const preview = useMergePreview(ente.id, true);
  const merge = useMergeEnte(ente.id);
  const issues = new Map(fieldIssues(merge.error).map((i) => [i.path, i.message]));
  const into = target[0];
  const ready = into !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(mergedOn) && confirmed;

  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} size="lg" returnFocusAfterClose>
      <div className="modal-header">
        <h2 className="modal-title h5" id={titleId}>
          {t('admin.enteMerge.title', { name: ente.name })}
        </h2>
      </div>
      <ModalBody>
        <p>{t('admin.enteMerge.intro')}</p>
        <fieldset className="mb-3">
          <legend className="form-legend">{t('admin.enteMerge.target')}</legend>
          <EntePicker id="merge-into" label={t('admin.enteMerge.chooseTarget')} value={target} onChange={setTarget} error={issues.get('intoId')} single />
        </fieldset>
        <TextField id="merge-on" type="date" required label={t('admin.enteMerge.mergedOn')} value={mergedOn} onValueChange={setMergedOn} error={issues.get('mergedOn')} hint={t('admin.enteMerge.mergedOnHint')} />
        <h3 className="h6">{t('admin.enteMerge.whatMoves')}</h3>
        {preview.isPending ? (
          <Loading />
        ) : preview.isError ? (
          <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
        ) : (
          <ul>
            {MERGE_MOVED_KEYS.map((key) => (
              <li key={key}>{t(`admin.enteMerge.moved.${key}`, { count: preview.data[key] })}</li>
            ))}
          </ul>
        )}
        <p className="small">{t('admin.enteMerge.stays')}</p>
        <div className="form-check">
          <input id="merge-confirm" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          <label htmlFor="merge-confirm">
            {into ? t('admin.enteMerge.confirm', { from: ente.name, into: into.name }) : t('admin.enteMerge.confirmNoTarget')}
          </label>
        </div>
        {merge.error && issues.size === 0 && (
          <Alert color="danger" fade={false} className="mt-3 mb-0">
            {errorMessage(merge.error)}
          </Alert>
        )}
      </ModalBody>
      <ModalFooter>
        <Button
          color="danger"
          disabled={!ready || merge.isPending}
          onClick={() => into && merge.mutate({ intoId: into.id, mergedOn, version: ente.version }, { onSuccess: onClose })}
        >
          {merge.isPending ? t('admin.saving') : t('admin.enteMerge.submit')}
        </Button>
        <Button color="secondary" outline onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
