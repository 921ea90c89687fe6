import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Icon, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import { ApprovalDecisionSchema, formatEuro, formRequirement, type CatalogService, type FormRequirement, type TicketDetail } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { TextAreaField } from '../tickets/TextAreaField';
import { useDecideApproval, useServiceOf, useServiceRecords } from './api';
import { ApprovalBadge } from './badges';
import { CostPreview } from './CostPreview';
import { capitalise, useFormatDate } from './format';
import { SignedFormChecks } from './SignedFormCheckView';
import { FormVerdictCard } from './FormVerdictView';
import { NotAppliedAlert } from './NotAppliedAlert';

export const canDecide = (role: string) => role === 'approver' || role === 'admin';

/** The worker's history line ("pec n. 1 (gratuita); …") in words, with the service's name and Italian dates. */
export function useAppliedText() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (ticket: Pick<TicketDetail, 'category' | 'serviceCode'>, service: CatalogService | undefined, raw: string | null): string => {
    let details = raw ?? '';
    if (service && ticket.serviceCode) details = details.split(`${ticket.serviceCode} n.`).join(`${service.name} n.`);
    details = details.replace(/(\d{4}-\d{2}-\d{2})/g, (iso) => formatDate(iso));
    const key = ticket.category === 'cancellation' ? 'approval.applied.cancellation' : 'approval.applied.activation';
    return details ? t(key, { details }) : t('approval.applied.nothing');
  };
}

/** The signed-form rule on every file of the ticket, as the server re-checks it at approval. */
export function ticketFormRequirement(ticket: TicketDetail): FormRequirement {
  return formRequirement(ticket.attachments.map((a) => ({ fileName: a.fileName, kind: a.kind, check: a.signedFormCheck })));
}

/** The approver's override of a failing form check, with its reason (history field `approval_override`). */
function overrideEntry(ticket: TicketDetail) {
  const entry = ticket.timeline.find((e) => e.kind === 'history' && e.field === 'approval_override');
  return entry?.kind === 'history' ? entry : undefined;
}

/** The worker's outcome, once the approved request has been applied (history field `applied`). */
export function appliedEntry(ticket: TicketDetail) {
  return ticket.timeline.find((e) => e.kind === 'history' && e.field === 'applied') as
    | Extract<TicketDetail['timeline'][number], { kind: 'history' }>
    | undefined;
}

function TargetRecords({ ticket, service }: { ticket: TicketDetail; service: CatalogService | undefined }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const records = useServiceRecords({ enteId: ticket.ente.id, serviceCode: ticket.serviceCode ?? undefined, status: 'all' }, ticket.targetRecordIds.length > 0);
  const found = (records.data?.items ?? []).filter((r) => ticket.targetRecordIds.includes(r.id));
  if (found.length === 0) return <>{t('serviceRequest.recordsCount', { count: ticket.targetRecordIds.length })}</>;
  return (
    <ul className="list-unstyled mb-0">
      {found.map((r) => (
        <li key={r.id}>
          {capitalise(service?.unit.singular ?? r.serviceCode)} n. {r.unitIndex}
          {r.unitLabel && <> – {r.unitLabel}</>}
          <span className="small text-muted">
            {' · '}
            {r.free ? t('services.free') : r.annualCents !== null ? t('quote.perYear', { amount: formatEuro(r.annualCents) }) : t('services.paid')}
            {r.endsOn && <> · {t('services.endsOn', { date: formatDate(r.endsOn) })}</>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Activation/cancellation tickets: what is asked, the approval state and outcome, the check of the signed form,
 * and, for approvers while the request waits, the cost preview and the decision.
 */
export function ServiceRequestSection({ ticket, onDecided }: { ticket: TicketDetail; onDecided: (message: string) => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const service = useServiceOf(ticket.serviceCode);
  const appliedText = useAppliedText();
  // After a decision the buttons are gone: the focus goes to the section, which now shows the outcome.
  const decided = (message: string) => {
    onDecided(message);
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };
  const applied = appliedEntry(ticket);
  const variant = service?.variants.find((v) => v.code === ticket.serviceVariant);
  const waiting = ticket.approvalState === 'requested';
  const decider = canDecide(user.role) && waiting;

  return (
    <Card className="ticket-section service-request-card" shadow="sm" rounded>
      <section className="it-card-body" aria-labelledby={headingId}>
        <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
          <h2 id={headingId} ref={headingRef} tabIndex={-1} className="h5 mb-0">
            {ticket.category === 'cancellation' ? t('approval.sectionCancellation') : t('approval.sectionActivation')}
          </h2>
          <ApprovalBadge state={ticket.approvalState} />
        </div>

        {ticket.approvalState === 'rejected' && (
          <div className="alert alert-danger approval-outcome" role="status">
            <p className="fw-semibold mb-1">{t('approval.rejectedTitle')}</p>
            <p className="mb-0 ticket-description">{ticket.approvalReason ?? t('approval.noReason')}</p>
          </div>
        )}
        {ticket.approvalState === 'approved' && !applied && ticket.applyFailure && <NotAppliedAlert ticket={ticket} onReapplied={decided} />}
        {ticket.approvalState === 'approved' && (applied || !ticket.applyFailure) && (
          <div className={applied ? 'alert alert-success approval-outcome' : 'alert alert-info approval-outcome'} role="status">
            <p className="fw-semibold mb-1">{applied ? appliedText(ticket, service, applied.to) : t('approval.approvedPending')}</p>
            {ticket.approvalReason && <p className="mb-0 ticket-description">{t('approval.note', { note: ticket.approvalReason })}</p>}
            {overrideEntry(ticket) && (
              <p className="mb-0 mt-1 ticket-description approval-override">{t('approval.overridden', { reason: overrideEntry(ticket)?.to ?? '' })}</p>
            )}
          </div>
        )}
        {waiting && !decider && <p className="text-muted">{t('approval.waitingText')}</p>}

        <dl className="service-request-facts">
          <dt>{t('ticket.service')}</dt>
          <dd>
            {service?.name ?? ticket.serviceCode}
            {variant && <> {variant.label}</>}
          </dd>
          {ticket.category === 'activation' ? (
            <>
              <dt>{t('serviceRequest.quantityShort')}</dt>
              <dd>
                {ticket.quantity} {service ? (ticket.quantity === 1 ? service.unit.singular : service.unit.plural) : ''}
              </dd>
              {ticket.unitLabels.length > 0 && (
                <>
                  <dt>{service?.unitLabel ?? t('serviceRequest.labels')}</dt>
                  <dd>
                    <ul className="list-unstyled mb-0">
                      {ticket.unitLabels.map((l, i) => (
                        <li key={i} className="text-break">
                          {l}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
            </>
          ) : (
            <>
              <dt>{t('serviceRequest.toCancel')}</dt>
              <dd>
                <TargetRecords ticket={ticket} service={service} />
              </dd>
            </>
          )}
        </dl>

        <h3 className="h6 mt-4 mb-2">{t('signedForm.title')}</h3>
        {ticket.formVerdict && <FormVerdictCard verdict={ticket.formVerdict} headingLevel={4} />}
        <SignedFormChecks ticket={ticket} headingLevel={4} />

        {waiting && ticket.category === 'activation' && ticket.serviceCode && (
          <div className="mt-4">
            <CostPreview
              params={{ serviceCode: ticket.serviceCode, quantity: ticket.quantity, variant: ticket.serviceVariant ?? undefined, enteId: ticket.ente.id }}
              service={service}
              debounce={false}
              headingLevel={3}
            />
          </div>
        )}

        {decider && <DecisionButtons ticket={ticket} onDecided={decided} />}
      </section>
    </Card>
  );
}

type Decision = 'approve' | 'reject';

function DecisionButtons({ ticket, onDecided }: { ticket: TicketDetail; onDecided: (message: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Decision | null>(null);
  const decide = useDecideApproval(ticket.id);
  const approveRef = useRef<HTMLButtonElement>(null);
  const rejectRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="approval-decision mt-4">
      <h3 className="h6">{t('approval.decisionTitle')}</h3>
      <p className="small text-muted">{t('approval.decisionHint')}</p>
      <div className="d-flex flex-wrap gap-2">
        <Button color="success" innerRef={approveRef} onClick={() => setOpen('approve')} disabled={decide.isPending}>
          <Icon icon="it-check" size="sm" color="white" aria-hidden="true" className="me-1" />
          {t('approval.approve')}
        </Button>
        <Button color="danger" outline innerRef={rejectRef} onClick={() => setOpen('reject')} disabled={decide.isPending}>
          <Icon icon="it-close" size="sm" color="danger" aria-hidden="true" className="me-1" />
          {t('approval.reject')}
        </Button>
      </div>
      {decide.isError && !open && <ErrorAlert error={decide.error} title={t('approval.failed')} className="mt-3" />}
      {open && (
        <DecisionDialog
          ticket={ticket}
          decision={open}
          mutation={decide}
          onClose={() => {
            const trigger = open === 'approve' ? approveRef : rejectRef;
            setOpen(null);
            decide.reset();
            window.setTimeout(() => trigger.current?.focus(), 0);
          }}
          onDone={(d) => {
            setOpen(null);
            onDecided(d === 'approve' ? t('approval.doneApproved') : t('approval.doneRejected'));
          }}
        />
      )}
    </div>
  );
}

interface DecisionDialogProps {
  ticket: TicketDetail;
  decision: Decision;
  mutation: ReturnType<typeof useDecideApproval>;
  onClose: () => void;
  onDone: (decision: Decision) => void;
}

/** Confirmation, with the reason (required to reject, optional note to approve). */
function DecisionDialog({ ticket, decision, mutation, onClose, onDone }: DecisionDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const [overrideError, setOverrideError] = useState<string | undefined>();
  const field = useRef<HTMLTextAreaElement>(null);
  const requirement = decision === 'approve' ? ticketFormRequirement(ticket) : null;
  const needsOverride = requirement !== null && !requirement.passes;
  const overrideField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (overrideError) overrideField.current?.focus();
  }, [overrideError]);

  useEffect(() => {
    if (error) field.current?.focus();
  }, [error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ApprovalDecisionSchema.safeParse(
      decision === 'reject'
        ? { decision, reason }
        : { decision, ...(reason.trim() ? { reason } : {}), ...(needsOverride ? { override, overrideReason: overrideReason.trim() || undefined } : {}) },
    );
    // Without a passing form the approver must tick the override and explain it (the server refuses otherwise).
    if (needsOverride && (!override || !parsed.success)) {
      setOverrideError(t('approval.overrideRequired'));
      return;
    }
    if (!parsed.success) {
      setError(reason.trim() === '' ? t('approval.reasonRequired') : (parsed.error.issues[0]?.message ?? t('approval.reasonRequired')));
      return;
    }
    setError(undefined);
    mutation.mutate(parsed.data, { onSuccess: () => onDone(decision) });
  };

  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} centered returnFocusAfterClose={false} onOpened={() => field.current?.focus()}>
      <form onSubmit={submit} noValidate>
        <div className="modal-header">
          <h2 className="modal-title h5" id={titleId}>
            {decision === 'approve' ? t('approval.confirmApproveTitle') : t('approval.confirmRejectTitle')}
          </h2>
        </div>
        <ModalBody>
          <p className="small text-muted">{t('actions.dialogTicket', { protocol: ticket.protocol, title: ticket.title })}</p>
          <p>{decision === 'approve' ? t('approval.confirmApproveText', { ente: ticket.ente.name }) : t('approval.confirmRejectText')}</p>
          {requirement && (needsOverride || requirement.warnings.length > 0) && (
            <div className={`alert ${needsOverride ? 'alert-danger' : 'alert-warning'} approval-form-warning`} role="note">
              <p className="fw-semibold mb-1">{needsOverride ? t('approval.formFailsTitle') : t('approval.formWarningsTitle')}</p>
              <ul className="small mb-0">
                {(needsOverride ? requirement.problems : requirement.warnings).map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <TextAreaField
            id={`approval-${decision}-reason`}
            textareaRef={field}
            label={decision === 'approve' ? t('approval.noteLabel') : t('approval.reasonLabel')}
            value={reason}
            onValueChange={(v) => {
              setReason(v);
              setError(undefined);
            }}
            required={decision === 'reject'}
            rows={3}
            maxLength={2000}
            error={error}
          />
          {needsOverride && (
            <>
              <div className="form-check mb-3">
                <input
                  id="approval-override"
                  type="checkbox"
                  className="form-check-input"
                  checked={override}
                  onChange={(e) => {
                    setOverride(e.target.checked);
                    setOverrideError(undefined);
                  }}
                />
                <label htmlFor="approval-override" className="form-check-label">
                  {t('approval.override')}
                </label>
              </div>
              <TextAreaField
                id="approval-override-reason"
                textareaRef={overrideField}
                label={t('approval.overrideReason')}
                hint={t('approval.overrideHint')}
                value={overrideReason}
                onValueChange={(v) => {
                  setOverrideReason(v);
                  setOverrideError(undefined);
                }}
                required
                rows={3}
                maxLength={2000}
                error={overrideError}
              />
            </>
          )}
          {mutation.isError && <ErrorAlert error={mutation.error} title={t('approval.failed')} />}
        </ModalBody>
        <ModalFooter>
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color={decision === 'approve' ? 'success' : 'danger'} disabled={mutation.isPending}>
            {mutation.isPending ? t('actions.working') : decision === 'approve' ? t('approval.confirmApprove') : t('approval.confirmReject')}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
