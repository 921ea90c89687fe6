import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { recordKbSuggestion, useKbArticles } from './api';

const MIN_CHARS = 4;

/**
 * While an Ente types the title of a new ticket: up to three articles matching it, each opened in a new tab so the
 * form stays as it is. Shown and opened articles are recorded with the form's session id (deflection counting).
 */
export function KbSuggestions({ title, formSession }: { title: string; formSession: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const allowed = can(user, 'kb.suggestions');
  const q = useDebouncedValue(title.trim(), 400);
  const search = useKbArticles(q, { match: 'any', limit: 3, status: 'published', enabled: allowed && q.length >= MIN_CHARS });
  const headingId = useId();
  const recorded = useRef(new Set<string>());
  const items = allowed && q.length >= MIN_CHARS ? (search.data?.items ?? []) : [];
  const ids = items.map((a) => a.id).join(',');

  useEffect(() => {
    const fresh = ids ? ids.split(',').filter((id) => !recorded.current.has(id)) : [];
    if (fresh.length === 0) return;
    fresh.forEach((id) => recorded.current.add(id));
    recordKbSuggestion({ formSession, kind: 'shown', articleIds: fresh });
  }, [ids, formSession]);

  return (
    <div aria-live="polite">
      {items.length > 0 && (
        <section aria-labelledby={headingId} className="callout note mt-0 mb-3 kb-suggestions" data-testid="kb-suggestions">
          <h2 id={headingId} className="callout-title h6">
            {t('kb.suggestions.title')}
          </h2>
          <ul className="mb-1">
            {items.map((a) => (
              <li key={a.id}>
                <a href={`/kb/${a.id}`} target="_blank" rel="noopener" onClick={() => recordKbSuggestion({ formSession, kind: 'opened', articleIds: [a.id] })}>
                  {a.title}
                  <span className="visually-hidden"> {t('kb.suggestions.newTab')}</span>
                </a>
              </li>
            ))}
          </ul>
          <p className="small mb-0">{t('kb.suggestions.hint')}</p>
        </section>
      )}
    </div>
  );
}
