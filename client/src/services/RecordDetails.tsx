import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { formatEuro, ServiceRecordNotesSchema, type ServiceRecordDto } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FieldMessages, fieldA11y } from '../ui/fieldParts';
import { useSaveRecordNotes } from './api';
import { useFormatDate } from './format';

/** The CIT staff's notes on a record: a textarea saved on its own; the Ente reads them. */
function NotesForm({ record, idPrefix }: { record: ServiceRecordDto; idPrefix: string }) {
  const { t } = useTranslation();
  const [notes, setNotes] = useState(record.notes ?? '');
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const save = useSaveRecordNotes(record.id);
  const input = useRef<HTMLTextAreaElement>(null);
  const id = `${idPrefix}-notes`;
  const { aria } = fieldA11y(id, error, t('services.details.notesHint'));
  useEffect(() => setNotes(record.notes ?? ''), [record.notes]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const parsed = ServiceRecordNotesSchema.safeParse({ notes: notes.trim() === '' ? null : notes });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      input.current?.focus();
      return;
    }
    setError(undefined);
    save.mutate(parsed.data.notes, {
      onSuccess: () => setSaved(true),
      onError: (failure) => {
        setError(fieldIssues(failure)[0]?.message);
        input.current?.focus();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="mt-2" aria-busy={save.isPending}>
      <div className="form-group mb-2">
        <label htmlFor={id} className="active">
          {t('services.details.notes')}
        </label>
        <textarea ref={input} id={id} className={error ? 'form-control is-invalid' : 'form-control'} rows={3} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} {...aria} />
        <FieldMessages id={id} hint={t('services.details.notesHint')} error={error} />
      </div>
      <Button type="submit" color="primary" outline size="sm" disabled={save.isPending}>
        {save.isPending ? t('services.details.saving') : t('services.details.saveNotes')}
      </Button>
      <span aria-live="polite" className="ms-2 small">
        {saved && t('services.details.notesSaved')}
      </span>
      {save.isError && fieldIssues(save.error).length === 0 && <ErrorAlert error={save.error} className="mt-2" />}
    </form>
  );
}

/**
 * What SoftwareCit showed on a service: request date and form, technology partner, cancellation, one-off amount and
 * notes. A native disclosure, so keyboard and screen readers get it for free.
 */
export function RecordDetails({ record, canEditNotes, where }: { record: ServiceRecordDto; canEditNotes: boolean; where: 'table' | 'card' }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const idPrefix = `record-${where}-${useId().replace(/:/g, '')}`;
  return (
    <details className="record-details">
      <summary className="small">{t('services.details.summary')}</summary>
      <dl className="ticket-card-facts mt-2 mb-0">
        <dt>{t('services.details.requestDate')}</dt>
        <dd>{formatDate(record.requestDate)}</dd>
        <dt>{t('services.details.form')}</dt>
        <dd>
          {record.formAttachmentId && record.requestTicketId ? (
            <a href={`/api/tickets/${record.requestTicketId}/attachments/${record.formAttachmentId}`}>{t('services.details.downloadForm')}</a>
          ) : (
            <span className="text-muted">{t('services.details.noForm')}</span>
          )}
        </dd>
        <dt>{t('services.details.supplier')}</dt>
        <dd>{record.supplier?.name ?? <span className="text-muted">{t('services.details.noSupplier')}</span>}</dd>
        <dt>{t('services.details.oneOff')}</dt>
        <dd>{formatEuro(record.oneOffCents)}</dd>
        {record.cancellationProtocol && (
          <>
            <dt>{t('services.details.cancellation')}</dt>
            <dd>
              {record.cancellationRequestedOn
                ? t('services.details.cancellationOn', { protocol: record.cancellationProtocol, date: formatDate(record.cancellationRequestedOn) })
                : record.cancellationProtocol}
            </dd>
          </>
        )}
        {!canEditNotes && (
          <>
            <dt>{t('services.details.notes')}</dt>
            <dd className="text-break">{record.notes ?? <span className="text-muted">{t('services.details.noNotes')}</span>}</dd>
          </>
        )}
      </dl>
      {canEditNotes && <NotesForm record={record} idPrefix={idPrefix} />}
    </details>
  );
}
