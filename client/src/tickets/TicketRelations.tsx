import './operator-tools.css';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import { TicketRefInputSchema, type TicketDetail, type TicketLinkRef } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { TextField } from '../ui/TextField';
import { StatusBadge } from './badges';
import { useLinkTicket, useMergeTicket, useTicketLinks, useUnlinkTicket } from './relationsApi';

function RefLink({ item }: { item: TicketLinkRef }) {
  return (
    <span>
      <Link to={`/ticket/${item.id}`} className="font-monospace">
        {item.protocol}
      </Link>{' '}
      <span className="small">{item.title}</span> <StatusBadge status={item.status} short />
    </span>
  );
}

/** The message of a protocol field: the shared rule first, the server's field message after a refusal. */
const protocolError = (value: string, fallback: string) => {
  const parsed = TicketRefInputSchema.safeParse(value);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? fallback);
};

/**
 * Linked tickets on the ticket page (operators and admins): related tickets (shown on both), where a duplicate was
 * merged and what was merged here; link or unlink by protocol; merge this ticket into another of the same Ente.
 */
export function TicketRelations({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const links = useTicketLinks(ticket.id, true);
  const link = useLinkTicket(ticket.id);
  const unlink = useUnlinkTicket(ticket.id);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const [merging, setMerging] = useState(false);
  const data = links.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = protocolError(other, t('bulk.invalid'));
    if (problem) {
      setError(problem);
      return;
    }
    setError(undefined);
    link.mutate(other.trim(), {
      onSuccess: () => {
        setAnnouncement(t('relations.linked', { protocol: other.trim() }));
        setOther('');
      },
      onError: (e) => setError(fieldIssues(e)[0]?.message),
    });
  };

  const canMerge = !data?.mergedInto && ticket.status !== 'closed' && ticket.status !== 'deleted';
  return (
    <section className="ticket-relations mt-4" aria-labelledby={headingId}>
      <h2 id={headingId} className="h5">
        {t('relations.title')}
      </h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {links.isError && <ErrorAlert error={links.error} onRetry={() => void links.refetch()} />}
      {data?.mergedInto && (
        <p className="mb-2">
          {t('relations.mergedInto')}: <RefLink item={data.mergedInto} />
        </p>
      )}
      {data && data.mergedFrom.length > 0 && (
        <>
          <h3 className="h6">{t('relations.mergedFrom')}</h3>
          <ul>
            {data.mergedFrom.map((m) => (
              <li key={m.id}>
                <RefLink item={m} />
              </li>
            ))}
          </ul>
        </>
      )}
      {data && data.related.length === 0 && <p className="small">{t('relations.none')}</p>}
      {data && data.related.length > 0 && (
        <ul aria-label={t('relations.title')}>
          {data.related.map((r) => (
            <li key={r.id}>
              <RefLink item={r} />
              <Button
                color="secondary"
                outline
                size="xs"
                disabled={unlink.isPending}
                aria-label={t('relations.unlink', { protocol: r.protocol })}
                onClick={() => unlink.mutate(r.id, { onSuccess: () => setAnnouncement(t('relations.unlinked', { protocol: r.protocol })) })}
              >
                ✕
              </Button>
            </li>
          ))}
        </ul>
      )}
      {unlink.isError && <ErrorAlert error={unlink.error} />}
      <form onSubmit={submit} noValidate className="mt-2">
        <TextField id="link-ticket" label={t('relations.linkLabel')} value={other} onValueChange={setOther} error={error} placeholder="2026/000123" maxLength={60} />
        <Button type="submit" color="primary" outline size="sm" disabled={link.isPending}>
          {link.isPending ? t('relations.linking') : t('relations.link')}
        </Button>
      </form>
      {link.isError && !fieldIssues(link.error).length && <ErrorAlert error={link.error} className="mt-2" />}
      {canMerge && (
        <Button color="danger" outline size="sm" className="mt-3" onClick={() => setMerging(true)}>
          {t('relations.merge')}
        </Button>
      )}
      {merging && <MergeDialog ticket={ticket} onClose={() => setMerging(false)} />}
    </section>
  );
}

function MergeDialog({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const titleId = useId();
  const merge = useMergeTicket(ticket.id);
  const [into, setInto] = useState('');
  const [error, setError] = useState<string | undefined>();
  const field = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = protocolError(into, t('bulk.invalid'));
    if (problem) {
      setError(problem);
      field.current?.focus();
      return;
    }
    setError(undefined);
    merge.mutate(into.trim(), {
      onSuccess: ({ intoId }) => {
        onClose();
        void navigate(`/ticket/${intoId}`);
      },
      onError: (e) => setError(fieldIssues(e)[0]?.message),
    });
  };

  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} centered returnFocusAfterClose onOpened={() => field.current?.focus()}>
      <form onSubmit={submit} noValidate>
        <div className="modal-header">
          <h2 className="modal-title h5" id={titleId}>
            {t('relations.mergeTitle', { protocol: ticket.protocol })}
          </h2>
        </div>
        <ModalBody>
          <p className="small">{t('relations.mergeIntro')}</p>
          <TextField id="merge-into" inputRef={field} label={t('relations.mergeInto')} value={into} onValueChange={setInto} error={error} placeholder="2026/000123" maxLength={60} required />
          {merge.isError && !fieldIssues(merge.error).length && <ErrorAlert error={merge.error} title={t('actions.failed')} />}
        </ModalBody>
        <ModalFooter>
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="danger" disabled={merge.isPending}>
            {merge.isPending ? t('relations.merging') : t('relations.mergeConfirm')}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
