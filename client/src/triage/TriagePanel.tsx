import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import { can, SERVICE_CODES, TICKET_CATEGORIES, TICKET_TYPES, URGENCIES, type RetriageRequest, type TicketDetail } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { useCurrentUser } from '../auth/currentUser';
import { useCatalog } from '../services/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useRetriage, useRoutingDryRun } from './api';

/** The ticket's labels (set by routing rules): the API sends them to the CIT staff only. */
export function TicketLabels({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  if (ticket.labels.length === 0) return null;
  return (
    <p className="mb-2">
      <span className="visually-hidden">{t('triage.labels')}: </span>
      {ticket.labels.map((l) => (
        <span key={l} className="badge bg-primary me-1" data-label={l}>
          {l}
        </span>
      ))}
    </p>
  );
}

/** Staff only: the routing dry run and the re-triage dialog. */
export function TriagePanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [asked, setAsked] = useState(false);
  const dry = useRoutingDryRun(ticket.id, asked && can(user, 'routing-rules.dry-run'));
  if (!can(user, 'routing-rules.dry-run')) return null;
  const closed = ticket.status === 'closed' || ticket.status === 'deleted';
  return (
    <section aria-labelledby="triage-title" className="mb-4">
      <h2 id="triage-title" className="h6">
        {t('triage.title')}
      </h2>
      <div className="d-flex flex-wrap gap-2 mb-2">
        {can(user, 'tickets.retriage') && !closed && (
          <Button color="primary" outline size="sm" onClick={() => setOpen(true)}>
            {t('triage.retriage')}
          </Button>
        )}
        <Button color="primary" outline size="sm" onClick={() => (asked ? void dry.refetch() : setAsked(true))}>
          {t('triage.dryRun')}
        </Button>
      </div>
      <div aria-live="polite">
        {dry.data &&
          (dry.data.rule ? (
            <p className="small mb-0" data-testid="dry-run">
              {t('triage.wouldFire', { name: dry.data.rule.name, position: dry.data.rule.position })}
            </p>
          ) : (
            <p className="small mb-0" data-testid="dry-run">
              {t('triage.noRule', { count: dry.data.evaluated })}
            </p>
          ))}
        {dry.isError && <ErrorAlert error={dry.error} />}
      </div>
      {open && <RetriageDialog ticket={ticket} onClose={() => setOpen(false)} />}
    </section>
  );
}

function RetriageDialog({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const retriage = useRetriage(ticket.id);
  const catalog = useCatalog();
  const [type, setType] = useState<string>(ticket.type);
  const [category, setCategory] = useState<string>(ticket.category);
  const [service, setService] = useState<string>(ticket.serviceCode ?? '');
  const [urgency, setUrgency] = useState<string>(ticket.urgency);
  const [reason, setReason] = useState('');
  const issues = fieldIssues(retriage.error);
  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      ...(type !== ticket.type && { type }),
      ...(category !== ticket.category && { category }),
      ...(service !== (ticket.serviceCode ?? '') && { serviceCode: service || null }),
      ...(urgency !== ticket.urgency && { urgency }),
      ...(reason.trim() && { reason: reason.trim() }),
    } as RetriageRequest;
    retriage.mutate(body, { onSuccess: onClose });
  };
  return (
    <Modal isOpen toggle={onClose} labelledBy="retriage-title" centered size="lg" returnFocusAfterClose>
      <form onSubmit={submit} noValidate>
        <div className="modal-header">
          <h2 className="modal-title h5" id="retriage-title">
            {t('triage.dialogTitle')}
          </h2>
        </div>
        <ModalBody>
          <p className="small text-muted">{t('triage.dialogIntro')}</p>
          <SelectField className="mb-4" id="retriage-type" label={t('rules.type')} value={type} onValueChange={setType} options={TICKET_TYPES.map((v) => ({ value: v, label: t(`ticketType.${v}`) }))} error={errorOf('type')} />
          <SelectField className="mb-4" id="retriage-category" label={t('rules.category')} value={category} onValueChange={setCategory} options={TICKET_CATEGORIES.map((v) => ({ value: v, label: t(`ticketCategory.${v}`) }))} error={errorOf('category')} />
          <SelectField
            className="mb-4"
            id="retriage-service"
            label={t('triage.service')}
            value={service}
            onValueChange={setService}
            options={[{ value: '', label: t('rules.none') }, ...SERVICE_CODES.map((c) => ({ value: c, label: catalog.data?.services.find((s) => s.code === c)?.name ?? c }))]}
            error={errorOf('serviceCode')}
          />
          <SelectField className="mb-4" id="retriage-urgency" label={t('rules.urgency')} value={urgency} onValueChange={setUrgency} options={URGENCIES.map((v) => ({ value: v, label: t(`urgency.${v}`) }))} error={errorOf('urgency')} />
          <TextField id="retriage-reason" label={t('triage.reason')} value={reason} onValueChange={setReason} error={errorOf('reason')} />
          {retriage.isError && (issues.length === 0 || issues.every((i) => i.path === '')) && <ErrorAlert error={retriage.error} className="mt-3" />}
        </ModalBody>
        <ModalFooter>
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('groups.cancel')}
          </Button>
          <Button type="submit" color="primary" disabled={retriage.isPending}>
            {retriage.isPending ? t('admin.saving') : t('triage.save')}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
