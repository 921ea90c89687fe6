import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { SessionList } from '../auth/SessionList';
import { useEndUserSessions, useUserSessions } from '../auth/sessionsApi';

/** In the user's admin dialog: where they are signed in, and a button that signs them out everywhere. */
export function UserSessionsSection({ userId, name }: { userId: string; name: string }) {
  const { t } = useTranslation();
  const sessions = useUserSessions(userId);
  const end = useEndUserSessions(userId);
  return (
    <section aria-labelledby={`sessions-${userId}`}>
      <h3 className="h6" id={`sessions-${userId}`}>
        {t('sessions.adminTitle')}
      </h3>
      {sessions.isPending ? (
        <Loading minHeight="4rem" />
      ) : sessions.isError ? (
        <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <>
          <SessionList sessions={sessions.data.items} />
          {sessions.data.items.length > 0 && (
            <Button color="danger" outline size="sm" className="mt-2" disabled={end.isPending} onClick={() => end.mutate()}>
              {t('sessions.endAllOf', { name })}
            </Button>
          )}
        </>
      )}
      <p aria-live="polite" className="small text-success mb-0">
        {end.isSuccess && t('sessions.endedOthers', { count: end.data.ended })}
      </p>
      {end.isError && <ErrorAlert error={end.error} className="mt-2" />}
    </section>
  );
}
