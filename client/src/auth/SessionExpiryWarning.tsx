import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import { sessionExpiresAt, subscribeSessionExpiry } from '../api/sessionExpiry';
import { meQueryKey, useLogout } from './session';

/** How long before the end the warning opens: WCAG 2.2.1 asks for at least 20 seconds to answer; two minutes is kind. */
export const WARN_BEFORE_MS = 2 * 60_000;
/** After the end, one look at the server: another tab may have kept the session alive, or it is gone for good. */
const CHECK_AFTER_END_MS = 5_000;

/**
 * Warns a signed-in user before the session runs out and offers to extend it (WCAG 2.2.1, Timing adjustable).
 * "Resta collegato" asks the server who is signed in, which restarts the rolling session; "Esci" signs out.
 * If nobody answers, the page checks once after the end: a 401 then takes the user to the login page with the
 * "session expired" notice, and the reply being written stays in the browser's drafts.
 */
export function SessionExpiryWarning() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const titleId = useId();
  const extendId = useId();
  const expiresAt = useSyncExternalStore(subscribeSessionExpiry, sessionExpiresAt);
  const [now, setNow] = useState(() => Date.now());
  const [extending, setExtending] = useState(false);

  // One timer to the next moment that matters (warning, end), then a tick every 15 s while the warning shows.
  useEffect(() => {
    if (expiresAt === null) return;
    const current = Date.now();
    const warnAt = expiresAt - WARN_BEFORE_MS;
    const next = current < warnAt ? warnAt : current < expiresAt ? Math.min(expiresAt, current + 15_000) : expiresAt + CHECK_AFTER_END_MS;
    const timer = window.setTimeout(() => {
      setNow(Date.now());
      if (Date.now() >= expiresAt + CHECK_AFTER_END_MS) void queryClient.refetchQueries({ queryKey: meQueryKey });
    }, Math.max(0, next - current));
    return () => window.clearTimeout(timer);
  }, [expiresAt, now, queryClient]);

  if (expiresAt === null || now < expiresAt - WARN_BEFORE_MS || now >= expiresAt) return null;

  const minutes = Math.max(1, Math.ceil((expiresAt - now) / 60_000));
  const time = new Date(expiresAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const extend = async () => {
    setExtending(true);
    try {
      await queryClient.refetchQueries({ queryKey: meQueryKey });
    } finally {
      setExtending(false);
      setNow(Date.now());
    }
  };

  return (
    // The safe answer takes the focus, so that Enter keeps the session; Esc, which also extends, cannot end it by accident.
    <Modal
      isOpen
      toggle={() => void extend()}
      labelledBy={titleId}
      centered
      returnFocusAfterClose
      role="alertdialog"
      onOpened={() => document.getElementById(extendId)?.focus()}
    >
      <div className="modal-header">
        <h2 className="modal-title h5" id={titleId}>
          {t('auth.expiry.title')}
        </h2>
      </div>
      <ModalBody>
        <p>{t('auth.expiry.text', { count: minutes, time })}</p>
      </ModalBody>
      <ModalFooter>
        <Button color="secondary" outline onClick={() => logout.mutate()} disabled={logout.isPending}>
          {t('auth.logout')}
        </Button>
        <Button color="primary" onClick={() => void extend()} disabled={extending} id={extendId}>
          {t('auth.expiry.extend')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
