import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { changedFields, type AuditEntry } from '@cit/shared';
import { useFormatDateTime } from '../../tickets/format';

const show = (v: unknown): string => (v === undefined || v === null ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
const field = (snapshot: unknown, key: string): unknown =>
  snapshot && typeof snapshot === 'object' ? (snapshot as Record<string, unknown>)[key] : undefined;

/** The page of the record, where there is one: the Ente, or the ticket whose documents were downloaded. */
function recordLink(entry: AuditEntry): string | null {
  if (entry.entity === 'enti') return `/admin/enti/${entry.recordId}`;
  if (entry.entity === 'signed_forms' || entry.entity === 'identity_documents') return `/ticket/${entry.recordId}`;
  return null;
}

/** One entry: who, when, from where, and each changed field as "before → after" (the full JSON on demand). */
function EntryItem({ entry, showRecord }: { entry: AuditEntry; showRecord: boolean }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const fields = changedFields(entry.before, entry.after);
  const when = formatDateTime(entry.at, true);
  const link = recordLink(entry);
  return (
    <li className="audit-entry">
      <p className="mb-1">
        <strong>{t(`audit.actions.${entry.action}`)}</strong>
        {showRecord && (
          <>
            {' · '}
            {t(`audit.entities.${entry.entity}`)}{' '}
            {link ? (
              <Link to={link} className="font-monospace">
                {entry.recordId}
              </Link>
            ) : (
              <span className="font-monospace">{entry.recordId}</span>
            )}
          </>
        )}
        {' · '}
        <time dateTime={entry.at}>{when}</time>
        {' · '}
        {entry.actor.name}
        {entry.actor.email ? ` (${entry.actor.email})` : ''}
        {entry.ip ? ` · ${t('audit.from')} ${entry.ip}` : ''}
      </p>
      {fields.length > 0 && (
        <table className="table table-sm audit-diff">
          <caption className="visually-hidden">{t('audit.changes')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.field')}</th>
              <th scope="col">{t('audit.before')}</th>
              <th scope="col">{t('audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f}>
                <th scope="row" className="font-monospace">
                  {f}
                </th>
                <td className="text-break">{show(field(entry.before, f))}</td>
                <td className="text-break">{show(field(entry.after, f))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>{t('audit.json')}</summary>
        <pre className="audit-json">{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
      </details>
    </li>
  );
}

export function AuditEntries({ entries, showRecord }: { entries: readonly AuditEntry[]; showRecord: boolean }) {
  return (
    <ol className="list-unstyled audit-entries">
      {entries.map((e) => (
        <EntryItem key={e.id} entry={e} showRecord={showRecord} />
      ))}
    </ol>
  );
}
