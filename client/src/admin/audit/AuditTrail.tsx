import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { AuditedEntity } from '@cit/shared';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { AuditEntries } from './AuditEntries';
import { useAuditLog } from './auditApi';

/** The history of one record, for its page: every change with its author, newest first. */
export function AuditTrail({ entity, recordId, headingLevel = 2 }: { entity: AuditedEntity; recordId: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const log = useAuditLog({ entity, recordId }, 10);
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`audit-${entity}-${recordId}`} className="mt-4">
      <Heading id={`audit-${entity}-${recordId}`} className="h4">
        {t('audit.trailTitle')}
      </Heading>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <p className="text-muted">{t('audit.none')}</p>
      ) : (
        <>
          <AuditEntries entries={entries} showRecord={false} />
          {log.hasNextPage && (
            <Button color="primary" outline size="sm" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {t('audit.more')}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
