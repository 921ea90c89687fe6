import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Container } from 'design-react-kit';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SessionList } from './SessionList';
import { useEndOtherSessions, useEndSession, useMySessions } from './sessionsApi';

/** /sessioni: where I am signed in, and the way to sign out any device (issue 19 point 6). */
export function SessionsPage() {
  const { t } = useTranslation();
  const sessions = useMySessions();
  const endOne = useEndSession();
  const endOthers = useEndOtherSessions();
  const [notice, setNotice] = useState<string | null>(null);
  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current).length;
  return (
    <Container className="py-4 py-lg-5">
      <PageTitle className="mb-2">{t('sessions.title')}</PageTitle>
      <p className="lead mb-4">{t('sessions.intro')}</p>
      <p aria-live="polite" className="text-success">
        {notice}
      </p>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <>
          <SessionList
            sessions={items}
            pending={endOne.isPending}
            onEnd={(s) =>
              endOne.mutate(s.id, {
                onSuccess: () => {
                  // Ending this very session is a logout: the page reloads on the login page.
                  if (s.current) window.location.assign('/accedi');
                  else setNotice(t('sessions.endedOne'));
                },
              })
            }
          />
          {others > 0 && (
            <Button color="danger" className="mt-3" disabled={endOthers.isPending} onClick={() => endOthers.mutate(undefined, { onSuccess: (r) => setNotice(t('sessions.endedOthers', { count: r.ended })) })}>
              {t('sessions.endOthers')}
            </Button>
          )}
          {(endOne.isError || endOthers.isError) && <ErrorAlert error={endOne.error ?? endOthers.error} className="mt-3" />}
        </>
      )}
    </Container>
  );
}
