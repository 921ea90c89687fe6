import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button } from 'design-react-kit';
import { ThrottleListSchema, type ThrottleEntry } from '@cit/shared';
import { apiRequest } from '../api/client';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useFormatDateTime } from '../tickets/format';

const KEY = ['admin', 'throttle'] as const;

/** /admin/accessi: addresses refused and accounts slowed by the login throttling, with "unblock" (issue 19 point 5). */
export function ThrottlePage() {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  const client = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: ({ signal }) => apiRequest('/api/admin/throttle', { schema: ThrottleListSchema, signal }) });
  const [done, setDone] = useState<string | null>(null);
  const unblock = useMutation({
    mutationFn: (e: ThrottleEntry) => apiRequest('/api/admin/throttle/unblock', { method: 'POST', body: { kind: e.kind, key: e.key } }),
    onSuccess: (_r, e) => {
      setDone(t('admin.throttle.unblocked', { key: e.key }));
      return client.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.throttle.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.throttle.intro')}</p>
      <p aria-live="polite" className="text-success">
        {done}
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="ticket-empty">{t('admin.throttle.empty')}</p>
      ) : (
        <ul className="failure-list">
          {list.data.items.map((e) => (
            <li key={`${e.kind}:${e.key}`} className="failure-item">
              <div className="failure-main">
                <p className="fw-semibold mb-1 text-break">
                  {e.key}{' '}
                  <Badge color={e.state === 'blocked' ? 'danger' : 'warning'} className="ticket-badge">
                    {t(`admin.throttle.state.${e.state}`)}
                  </Badge>
                </p>
                <p className="small mb-0">
                  {t(`admin.throttle.kind.${e.kind}`)} · {t('admin.throttle.count', { count: e.count })}
                  {e.state === 'slowed' && <> · {t('admin.throttle.delay', { seconds: (e.delayMs / 1000).toLocaleString() })}</>} ·{' '}
                  {t('admin.throttle.until', { when: format(e.until) })}
                </p>
              </div>
              <Button color="primary" outline size="sm" disabled={unblock.isPending} onClick={() => unblock.mutate(e)}>
                {t('admin.throttle.unblock')}
                <span className="visually-hidden"> {e.key}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {unblock.isError && <ErrorAlert error={unblock.error} className="mt-2" />}
    </>
  );
}
