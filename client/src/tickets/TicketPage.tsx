import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Breadcrumb, BreadcrumbItem, Card, Col, Container, Row } from 'design-react-kit';
import { can, canWorkTickets, isStaff, type TicketAction, type TicketDetail } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { useServiceOf } from '../services/api';
import { ApprovalBadge } from '../services/badges';
import { ServiceRequestSection } from '../services/ServiceRequestSection';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { ActionPanel, type DialogAction } from './ActionPanel';
import { TicketLabels, TriagePanel } from '../triage/TriagePanel';
import { useTicket, useTicketAction } from './api';
import { SlaBadge, StatusBadge, UrgencyLabel } from './badges';
import { useFormatDateTime } from './format';
import { FollowUpForm } from './FollowUpForm';
import { useWatchTicket } from './live';
import { slaView, useNow } from './sla';
import { AttachmentList, Timeline } from './Timeline';
import { ConfirmTakeDialog, CreatedNotice, ShortcutsCard } from './TicketPageParts';
import { TicketRelations } from './TicketRelations';
import { KbDraftFromTicket } from '../kb/KbDraftFromTicket';
import { TicketActionBar } from './TicketActionBar';
import { typing, useShortcutsEnabled } from './shortcuts';
import { focusWhenRendered } from '../ui/focus';
import { FollowButton } from '../notifications/FollowButton';
import { RequesterCard } from '../notifications/RequesterCard';
import { useMarkTicketRead } from '../notifications/useMarkTicketRead';

const STATUS_LINE_ID = 'ticket-status-now';

function Facts({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const service = useServiceOf(ticket.serviceCode);
  return (
    <dl className="ticket-facts">
      <dt>{t('ticket.ente')}</dt>
      <dd>{ticket.ente.name}</dd>
      <dt>{t('ticket.type')}</dt>
      <dd>
        {t(`ticketType.${ticket.type}`)} · {t(`ticketCategory.${ticket.category}`)}
      </dd>
      {ticket.serviceCode && (
        <>
          <dt>{t('ticket.service')}</dt>
          <dd>{service?.name ?? <span className="font-monospace">{ticket.serviceCode}</span>}</dd>
        </>
      )}
      <dt>{t('ticket.requester')}</dt>
      <dd>
        {ticket.requester.name}
        {ticket.openedBy.id !== ticket.requester.id && <span className="text-muted"> ({t('ticket.openedBy', { name: ticket.openedBy.name })})</span>}
      </dd>
      <dt>{t('ticket.created')}</dt>
      <dd>{formatDateTime(ticket.createdAt)}</dd>
      <dt>{t('ticket.assignee')}</dt>
      <dd>
        {ticket.assignee?.name ?? t('ticket.nobody')}
        {ticket.groupName && <> · {ticket.groupName}</>}
        {ticket.supplier && <> · {t('ticket.supplier', { name: ticket.supplier.name })}</>}
      </dd>
      {ticket.plannedFor && (
        <>
          <dt>{t('ticket.plannedFor')}</dt>
          <dd>{formatDateTime(ticket.plannedFor)}</dd>
        </>
      )}
    </dl>
  );
}

function SlaBox({ ticket, now }: { ticket: TicketDetail; now: Date }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const view = slaView(ticket, now);
  return (
    <div className="ticket-sla">
      <p className="fw-semibold mb-2">{t('ticket.sla')}</p>
      <SlaBadge view={view} />
      <ul className="list-unstyled small mt-2 mb-0">
        {ticket.takeChargeDue && (
          <li>{t('ticket.takeChargeDue', { when: formatDateTime(ticket.takeChargeDue) })}</li>
        )}
        {ticket.resolveDue && <li>{t('ticket.resolveDue', { when: formatDateTime(ticket.resolveDue) })}</li>}
        {ticket.status === 'pending' && <li>{t('ticket.slaPaused')}</li>}
      </ul>
    </div>
  );
}

export function TicketPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  const worker = canWorkTickets(user.role);
  const location = useLocation();
  const created = (location.state as { created?: unknown } | null)?.created === true;
  const ticket = useTicket(id);
  const action = useTicketAction(id);
  const now = useNow();
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const [dialog, setDialog] = useState<DialogAction | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useWatchTicket(id);
  useMarkTicketRead(id);

  const data = ticket.data;
  const status = data?.status;
  const lastStatus = useRef<string | undefined>(undefined);
  useEffect(() => {
    // Live: say it when the status changes while the page is open.
    if (status && lastStatus.current && lastStatus.current !== status) {
      setAnnouncement(t('ticket.statusNow', { status: t(`ticketStatus.${status}`) }));
    }
    lastStatus.current = status;
  }, [status, t]);
  const approvalState = data?.approvalState;
  const lastApproval = useRef<string | undefined>(undefined);
  useEffect(() => {
    // The same for the approval decision, taken elsewhere.
    if (approvalState && lastApproval.current && lastApproval.current !== approvalState && approvalState !== 'none') {
      setAnnouncement(t('approval.stateNow', { state: t(`approval.state.${approvalState}`) }));
    }
    lastApproval.current = approvalState;
  }, [approvalState, t]);

  const allowed = data?.allowedActions;
  const [shortcuts, setShortcuts] = useShortcutsEnabled();
  const [confirmTake, setConfirmTake] = useState(false);
  useEffect(() => {
    if (!worker || !allowed || !shortcuts) return;
    const onKey = (event: KeyboardEvent) => {
      if (typing(event)) return;
      // A key never changes the ticket by itself: `t` asks first, in a dialog that Esc or "Annulla" dismisses.
      if (event.key === 't' && allowed.includes('take_charge') && !action.isPending) {
        event.preventDefault();
        setConfirmTake(true);
      } else if (event.key === 'r') {
        event.preventDefault();
        replyRef.current?.focus();
      } else if (event.key === 's' && allowed.includes('solve')) {
        event.preventDefault();
        setDialog('solve');
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [worker, allowed, action, shortcuts]);

  if (ticket.isPending) return <Loading minHeight="50vh" />;
  if (!data) {
    return (
      <Container className="py-5">
        <PageTitle className="mb-3">{t('ticket.notFoundTitle')}</PageTitle>
        <ErrorAlert error={ticket.error} onRetry={() => void ticket.refetch()} />
        <Link to="/ticket">{t('ticket.backToList')}</Link>
      </Container>
    );
  }

  const onDone = (done: TicketAction) => {
    setDialog(null);
    setAnnouncement(t('actions.done', { action: t(`actions.${done}`) }));
    // The button just used may be gone (or disabled): the status line is where the result is read.
    focusWhenRendered(STATUS_LINE_ID);
  };
  const mainAttachments = data.attachments.filter((a) => a.followUpId === null);
  const serviceRequest = data.category === 'activation' || data.category === 'cancellation';

  return (
    <Container className="py-4 py-lg-5 ticket-page">
      <Breadcrumb className="mb-2">
        <BreadcrumbItem>
          <Link to="/ticket">{t('nav.tickets')}</Link>
          <span className="separator">/</span>
        </BreadcrumbItem>
        <BreadcrumbItem active aria-current="page">
          {data.protocol}
        </BreadcrumbItem>
      </Breadcrumb>

      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      {created && <CreatedNotice protocol={data.protocol} serviceRequest={serviceRequest} />}

      <header className="ticket-header">
        <p className="ticket-protocol font-monospace mb-1">{data.protocol}</p>
        <PageTitle documentTitle={`${data.protocol} – ${data.title}`} className="mb-3">
          {data.title}
        </PageTitle>
        <div className="d-flex flex-wrap align-items-center gap-3 mb-3">
          <span className="ticket-status-now" aria-live="polite" id={STATUS_LINE_ID} tabIndex={-1}>
            <span className="visually-hidden">{t('ticket.status')}: </span>
            <StatusBadge status={data.status} />
          </span>
          <span>
            <span className="text-muted">{t('ticket.urgency')}: </span>
            <UrgencyLabel urgency={data.urgency} />
          </span>
          {data.approvalState !== 'none' && (
            <span className="ticket-approval-now" aria-live="polite">
              <span className="visually-hidden">{t('approval.label')}: </span>
              <ApprovalBadge state={data.approvalState} />
            </span>
          )}
        </div>
      </header>

      <Row className="g-4">
        <Col xs={12} lg={8}>
          {serviceRequest && (
            <div className="mb-4">
              <ServiceRequestSection ticket={data} onDecided={setAnnouncement} />
            </div>
          )}
          <Card className="ticket-section" shadow="sm" rounded>
            <div className="it-card-body">
              <h2 className="h5">{t('ticket.description')}</h2>
              <p className="ticket-description">{data.description}</p>
              {data.pendingReason && data.status === 'pending' && (
                <div className="alert alert-warning mb-0 mt-3">
                  <p className="fw-semibold mb-1">{t('ticket.pendingReason')}</p>
                  <p className="ticket-description mb-0">{data.pendingReason}</p>
                </div>
              )}
              {data.solution && (data.status === 'solved' || data.status === 'closed' || data.status === 'to_test') && (
                <div className="alert alert-success mb-0 mt-3">
                  <p className="fw-semibold mb-1">{data.status === 'to_test' ? t('ticket.fixToTest') : t('ticket.solution')}</p>
                  <p className="ticket-description mb-0">{data.solution}</p>
                </div>
              )}
              {mainAttachments.length > 0 && (
                <>
                  <h3 className="h6 mt-4">{t('ticket.attachments')}</h3>
                  <AttachmentList ticketId={data.id} attachments={mainAttachments} />
                </>
              )}
            </div>
          </Card>

          <section className="mt-4" aria-labelledby="timeline-title">
            <h2 id="timeline-title" className="h4">
              {t('timeline.title')}
            </h2>
            <Timeline ticket={data} staff={staff} />
          </section>

          {data.status !== 'deleted' && (
            <div className="mt-4">
              <FollowUpForm ticketId={data.id} staff={staff} replyRef={replyRef} />
            </div>
          )}
        </Col>
        <Col xs={12} lg={4}>
          <div className="ticket-aside">
            <ActionPanel ticket={data} dialog={dialog} onDialogChange={setDialog} onDone={onDone} action={action} />
            <FollowButton ticketId={data.id} />
            <TicketLabels ticket={data} />
            <TriagePanel ticket={data} />
            <SlaBox ticket={data} now={now} />
            <Facts ticket={data} />
            {can(user, 'tickets.link') && <TicketRelations ticket={data} />}
            {can(user, 'kb.manage') && <KbDraftFromTicket ticketId={data.id} />}
            <RequesterCard ticketId={data.id} />
            {worker && (
              <ShortcutsCard
                enabled={shortcuts}
                onChange={setShortcuts}
                label={t('shortcuts.enable')}
                keys={[
                  { keys: ['t'], action: t('shortcuts.take') },
                  { keys: ['r'], action: t('shortcuts.reply') },
                  { keys: ['s'], action: t('shortcuts.solve') },
                ]}
              />
            )}
          </div>
        </Col>
      </Row>
      <TicketActionBar ticket={data} replyRef={replyRef} action={action} onDialogChange={setDialog} onDone={onDone} />
      {confirmTake && (
        <ConfirmTakeDialog
          protocol={data.protocol}
          pending={action.isPending}
          onCancel={() => setConfirmTake(false)}
          onConfirm={() =>
            action.mutate(
              { action: 'take_charge' },
              {
                onSuccess: () => {
                  setConfirmTake(false);
                  onDone('take_charge');
                },
              },
            )
          }
        />
      )}
    </Container>
  );
}
