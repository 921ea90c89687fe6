import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import type { StatementDto } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { TextField } from '../ui/TextField';
import { useSetPagoPa } from './api';

/** Sets or removes the pagoPA notice code of one statement; the server renders it again (same number, next version). */
export function PagoPaDialog({ statement, label, onClose }: { statement: StatementDto; label: string; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [code, setCode] = useState(statement.pagopaNoticeCode ?? '');
  const mutation = useSetPagoPa();
  const issue = fieldIssues(mutation.error).find((i) => i.path === 'noticeCode')?.message;
  const send = (noticeCode: string | null) => mutation.mutate({ id: statement.id, noticeCode }, { onSuccess: onClose });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(code.trim() === '' ? null : code);
  };
  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} centered returnFocusAfterClose onOpened={() => document.getElementById('pagopa-code')?.focus()}>
      <form onSubmit={submit} noValidate>
        <div className="modal-header">
          <h2 className="modal-title h5" id={titleId}>
            {t('statements.pagopa.title', { statement: label })}
          </h2>
        </div>
        <ModalBody>
          <p className="small">{t('statements.pagopa.intro')}</p>
          <TextField id="pagopa-code" label={t('statements.pagopa.code')} hint={t('statements.pagopa.hint')} inputMode="numeric" value={code} onValueChange={setCode} error={issue} />
          {mutation.isError && !issue && <ErrorAlert error={mutation.error} />}
        </ModalBody>
        <ModalFooter>
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {statement.pagopaNoticeCode && (
            <Button type="button" color="secondary" outline onClick={() => send(null)} disabled={mutation.isPending}>
              {t('statements.pagopa.remove')}
            </Button>
          )}
          <Button type="submit" color="primary" disabled={mutation.isPending}>
            {t('statements.pagopa.save')}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
