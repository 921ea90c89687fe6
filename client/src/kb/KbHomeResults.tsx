import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { HomeSearchSection, type HomeSearchSourceProps } from '../home/HomeSearchSection';
import { useKbArticles } from './api';

/** The knowledge base as a source of the Ente home's search: the best matching articles and a link to the rest. */
export function KbHomeResults({ q }: HomeSearchSourceProps) {
  const { t } = useTranslation();
  const search = useKbArticles(q, { match: 'any', limit: 5, status: 'published' });
  return (
    <HomeSearchSection title={t('kb.home.title')} search={search} empty={t('kb.home.none', { q })}>
      {(items) => (
        <>
          <ul className="mb-1">
            {items.map((a) => (
              <li key={a.id}>
                <Link to={`/kb/${a.id}`}>{a.title}</Link>
              </li>
            ))}
          </ul>
          <Link to={`/kb?${new URLSearchParams({ q }).toString()}`}>{t('kb.home.all')}</Link>
        </>
      )}
    </HomeSearchSection>
  );
}
