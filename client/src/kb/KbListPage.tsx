import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from 'design-react-kit';
import { can } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useKbArticles, useKbDeflection } from './api';

/** /kb: the articles the user may read, a search box (Italian full text) and, for the staff, the deflection figure. */
export function KbListPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = can(user, 'kb.manage');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const articles = useKbArticles(q);
  const inputId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-start gap-2 mb-3">
        <PageTitle>{t('kb.title')}</PageTitle>
        {staff && (
          <Link to="/kb/nuovo" className="btn btn-primary">
            {t('kb.newArticle')}
          </Link>
        )}
      </div>
      <p className="lead">{t('kb.intro')}</p>
      {staff && <DeflectionCard />}
      <form role="search" onSubmit={submit} className="d-flex gap-2 mb-4" noValidate>
        <label htmlFor={inputId} className="visually-hidden">
          {t('kb.searchLabel')}
        </label>
        <input id={inputId} type="search" className="form-control" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} placeholder={t('kb.searchPlaceholder')} />
        <Button type="submit" color="primary">
          <Icon icon="it-search" color="white" size="sm" className="me-1" aria-hidden="true" />
          {t('kb.search')}
        </Button>
      </form>
      <div aria-live="polite">
        {articles.isPending ? (
          <Loading />
        ) : articles.isError ? (
          <ErrorAlert error={articles.error} onRetry={() => void articles.refetch()} />
        ) : articles.data.items.length === 0 ? (
          <p>{q ? t('kb.noResults', { q }) : t('kb.empty')}</p>
        ) : (
          <ul className="list-unstyled kb-list">
            {articles.data.items.map((a) => (
              <li key={a.id} className="mb-3 pb-3 border-bottom">
                <Link to={`/kb/${a.id}`} className="h5 d-inline-block mb-1">
                  {a.title}
                </Link>
                <div className="small text-muted">
                  {[staff && a.status === 'draft' && t('kb.statuses.draft'), a.category, a.serviceCode, a.reviewedOn && t('kb.reviewedOn', { date: a.reviewedOn }), staff && t(`kb.audiences.${a.audience}`)].filter(Boolean).join(' · ')}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

/** How often a suggested article answered the question: opened, and no ticket sent from that form. */
function DeflectionCard() {
  const { t } = useTranslation();
  const figures = useKbDeflection(true);
  const headingId = useId();
  if (!figures.data) return null;
  const { formsWithSuggestions, formsOpened, deflected } = figures.data;
  return (
    <section aria-labelledby={headingId} className="card card-bg p-3 mb-4" data-testid="kb-deflection">
      <h2 id={headingId} className="h5">
        {t('kb.deflection.title')}
      </h2>
      <p className="mb-0">{t('kb.deflection.figures', { shown: formsWithSuggestions, opened: formsOpened, deflected })}</p>
    </section>
  );
}
