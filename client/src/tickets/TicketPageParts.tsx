import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Modal, ModalBody, ModalFooter } from 'design-react-kit';

/**
 * "Richiesta inviata: protocollo …". The status region is in the page before its text: a region inserted already
 * filled is not announced by some screen readers.
 */
export function CreatedNotice({ protocol, serviceRequest }: { protocol: string; serviceRequest: boolean }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setShown(true), 100);
    return () => window.clearTimeout(timer);
  }, []);
  return (
    <div role="status" className={shown ? 'alert alert-success' : undefined}>
      {shown && (
        <>
          {t('ticket.created_ok', { protocol })}
          {serviceRequest && <> {t('ticket.created_form')}</>}
        </>
      )}
    </div>
  );
}

/** A page's keyboard shortcuts (ticket page, queue), off until the operator turns them on (one choice for both). */
export function ShortcutsCard({
  enabled,
  onChange,
  label,
  keys,
  className,
}: {
  enabled: boolean;
  onChange: (on: boolean) => void;
  /** The switch's text, naming the keys. */
  label: string;
  /** Each line: the keys (shown as <kbd>, separated by "/") and what they do. */
  keys: ReadonlyArray<{ keys: readonly string[]; action: string }>;
  className?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className={['ticket-shortcuts small text-muted', className].filter(Boolean).join(' ')}>
      <p className="fw-semibold mb-1">{t('shortcuts.title')}</p>
      <div className="form-check mb-1">
        <input id={id} type="checkbox" checked={enabled} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{label}</label>
      </div>
      {enabled && (
        <>
          <ul className="list-unstyled mb-0">
            {keys.map((line) => (
              <li key={line.action}>
                {line.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' / '}
                    <kbd>{k}</kbd>
                  </span>
                ))}{' '}
                {line.action}
              </li>
            ))}
          </ul>
          <p className="mb-0 mt-1">{t('shortcuts.note')}</p>
        </>
      )}
    </div>
  );
}

/** What `t` opens: taking charge changes the ticket for everyone, so a keystroke only asks. */
export function ConfirmTakeDialog({ protocol, pending, onConfirm, onCancel }: { protocol: string; pending: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Modal isOpen toggle={onCancel} labelledBy={titleId} centered returnFocusAfterClose>
      <div className="modal-header">
        <h2 className="modal-title h5" id={titleId}>
          {t('shortcuts.confirmTakeTitle')}
        </h2>
      </div>
      <ModalBody>
        <p>{t('shortcuts.confirmTakeText', { protocol })}</p>
      </ModalBody>
      <ModalFooter>
        <Button color="secondary" outline onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button color="primary" onClick={onConfirm} disabled={pending}>
          {t('actions.take_charge')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
