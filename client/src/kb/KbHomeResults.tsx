import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HomeSearchSourceProps } from '../home/HomeSearch';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { useKbArticles } from './api';

/** The knowledge base as a source of the Ente home's search: the best matching articles and a link to the rest. */
export function KbHomeResults({ q }: HomeSearchSourceProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const search = useKbArticles(q, { match: 'any', limit: 5 });
  return (
    <section aria-labelledby={headingId} className="home-search-source">
      <h3 id={headingId} className="h6 text-uppercase text-muted mb-2">
        {t('kb.home.title')}
      </h3>
      {search.isPending ? (
        <Loading minHeight="3rem" />
      ) : search.isError ? (
        <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />
      ) : search.data.items.length === 0 ? (
        <p className="mb-0">{t('kb.home.none', { q })}</p>
      ) : (
        <>
          <ul className="mb-1">
            {search.data.items.map((a) => (
              <li key={a.id}>
                <Link to={`/kb/${a.id}`}>{a.title}</Link>
              </li>
            ))}
          </ul>
          <Link to={`/kb?${new URLSearchParams({ q }).toString()}`}>{t('kb.home.all')}</Link>
        </>
      )}
    </section>
  );
}
