import { useTranslation } from 'react-i18next';
import { Badge, Button } from 'design-react-kit';
import type { ActiveSession } from '@cit/shared';
import { useFormatDateTime } from '../tickets/format';

/** Sessions as a list: device, address, sign-in and last activity; an optional "end" button on each. */
export function SessionList({ sessions, onEnd, pending }: { sessions: readonly ActiveSession[]; onEnd?: (s: ActiveSession) => void; pending?: boolean }) {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  if (sessions.length === 0) return <p className="ticket-empty">{t('sessions.none')}</p>;
  return (
    <ul className="failure-list">
      {sessions.map((s) => {
        const device = s.device || t('sessions.unknownDevice');
        return (
          <li key={s.id} className="failure-item">
            <div className="failure-main">
              <p className="fw-semibold mb-1">
                {device}{' '}
                {s.current && (
                  <Badge color="success" className="ticket-badge">
                    {t('sessions.current')}
                  </Badge>
                )}
              </p>
              <p className="small mb-0">
                {t('sessions.address', { ip: s.ip ?? '–' })} · {t('sessions.lastSeen', { when: format(s.lastSeenAt) })}
                {s.signedInAt && <> · {t('sessions.signedIn', { when: format(s.signedInAt) })}</>}
              </p>
            </div>
            {onEnd && (
              <Button color="danger" outline size="sm" disabled={pending} onClick={() => onEnd(s)}>
                {s.current ? t('sessions.endCurrent') : t('sessions.end')}
                <span className="visually-hidden"> {t('sessions.endWhich', { device, when: format(s.lastSeenAt) })}</span>
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
