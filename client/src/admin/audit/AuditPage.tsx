import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { AUDITED_ENTITIES, type AuditedEntity } from '@cit/shared';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { ExportButtons } from '../../exports/ExportButtons';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useAdminUsers } from '../api';
import { AuditEntries } from './AuditEntries';
import { useAuditLog, type AuditFilters } from './auditApi';

/** /admin/registro: every recorded change, searchable by archive, record, author and days. */
export function AuditPage() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState('');
  const [recordId, setRecordId] = useState('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const users = useAdminUsers({ role: '', q: '' });
  const filters: AuditFilters = {
    entity: (entity || undefined) as AuditedEntity | undefined,
    recordId: recordId.trim() || undefined,
    actorId: actorId || undefined,
    from: from || undefined,
    to: to || undefined,
  };
  const log = useAuditLog(filters);
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const total = log.data?.pages[0]?.total;
  const people = users.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.audit.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.audit.intro')}</p>
      <ExportButtons path="/api/admin/audit" query={{ ...filters }} className="mb-3" />
      <form className="row g-3 mb-3" role="search" aria-label={t('audit.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          id="audit-entity"
          className="col-md-6"
          label={t('audit.entity')}
          value={entity}
          onValueChange={setEntity}
          options={[{ value: '', label: t('audit.allEntities') }, ...AUDITED_ENTITIES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))]}
        />
        <SelectField
          id="audit-actor"
          className="col-md-6"
          label={t('audit.actor')}
          value={actorId}
          onValueChange={setActorId}
          options={[{ value: '', label: t('audit.allActors') }, ...people.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))]}
        />
        <TextField id="audit-record" className="col-md-4" label={t('audit.recordId')} value={recordId} onValueChange={setRecordId} />
        <TextField id="audit-from" className="col-md-4" type="date" label={t('audit.fromDay')} value={from} onValueChange={setFrom} />
        <TextField id="audit-to" className="col-md-4" type="date" label={t('audit.toDay')} value={to} onValueChange={setTo} />
      </form>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <>
          <p aria-live="polite">{t('audit.count', { count: total ?? entries.length })}</p>
          {entries.length > 0 && <AuditEntries entries={entries} showRecord />}
          {log.hasNextPage && (
            <Button color="primary" outline onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {t('audit.more')}
            </Button>
          )}
        </>
      )}
    </>
  );
}
