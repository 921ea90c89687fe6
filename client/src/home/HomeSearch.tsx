import { useId, useState, type ComponentType, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from 'design-react-kit';
import { StatusBadge } from '../tickets/badges';
import { KbHomeResults } from '../kb/KbHomeResults';
import { HOME_SEARCH_LIMIT, useHomeTicketSearch } from './api';
import { HomeSearchSection, type HomeSearchSourceProps } from './HomeSearchSection';

export type { HomeSearchSourceProps } from './HomeSearchSection';

/** The Ente's own tickets matching the words, and a link to all of them in the ticket list. */
function TicketResults({ q, enteId }: HomeSearchSourceProps) {
  const { t } = useTranslation();
  const search = useHomeTicketSearch(q, enteId);
  const listUrl = `/ticket?${new URLSearchParams({ q, ...(enteId && { enteId }) }).toString()}`;
  return (
    <HomeSearchSection title={t('enteHome.search.tickets')} search={search} empty={t('enteHome.search.noTickets', { q })}>
      {(items) => (
        <>
          <ul className="mini-tickets">
            {items.slice(0, HOME_SEARCH_LIMIT).map((ticket) => (
              <li key={ticket.id}>
                <div className="mini-ticket-main">
                  <Link to={`/ticket/${ticket.id}`} className="fw-semibold">
                    {ticket.title}
                  </Link>
                  <span className="small text-muted font-monospace">{ticket.protocol}</span>
                </div>
                <div className="mini-ticket-side">
                  <StatusBadge status={ticket.status} />
                </div>
              </li>
            ))}
          </ul>
          <Link to={listUrl} className="d-inline-block mt-2">
            {t('enteHome.search.allTickets')}
          </Link>
        </>
      )}
    </HomeSearchSection>
  );
}

/**
 * Where the home's search looks, in this order. The knowledge base adds its articles here as one more source: a
 * component that searches with the same words and renders its own section (heading, results, empty state).
 */
const SEARCH_SOURCES: ReadonlyArray<{ key: string; Results: ComponentType<HomeSearchSourceProps> }> = [
  { key: 'tickets', Results: TicketResults },
  { key: 'kb', Results: KbHomeResults },
];

/** «Come possiamo aiutarti?»: the first thing on the Ente's home; results appear under the box once submitted. */
export function HomeSearch({ enteId }: { enteId: string }) {
  const { t } = useTranslation();
  const ids = { heading: useId(), input: useId(), hint: useId(), error: useId() };
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    setTooShort(q.length < 2);
    if (q.length >= 2) setSubmitted(q);
  };
  return (
    <section aria-labelledby={ids.heading} className="home-search">
      <h2 id={ids.heading} className="h3 mb-2">
        <label htmlFor={ids.input}>{t('enteHome.search.title')}</label>
      </h2>
      <form role="search" aria-labelledby={ids.heading} onSubmit={submit} noValidate>
        <div className="home-search-row">
          <input
            id={ids.input}
            type="search"
            className="form-control"
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={200}
            autoComplete="off"
            aria-describedby={tooShort ? `${ids.hint} ${ids.error}` : ids.hint}
            aria-invalid={tooShort || undefined}
          />
          <Button type="submit" color="primary">
            <Icon icon="it-search" color="white" size="sm" className="me-1" aria-hidden="true" />
            {t('enteHome.search.submit')}
          </Button>
        </div>
        <p id={ids.hint} className="small text-muted mt-1 mb-0">
          {t('enteHome.search.hint')}
        </p>
        {tooShort && (
          <p id={ids.error} className="small text-danger mb-0">
            {t('enteHome.search.tooShort')}
          </p>
        )}
      </form>
      <div aria-live="polite" className="home-search-results">
        {submitted && (
          <>
            <p className="visually-hidden">{t('enteHome.search.resultsFor', { q: submitted })}</p>
            {SEARCH_SOURCES.map(({ key, Results }) => (
              <Results key={key} q={submitted} enteId={enteId} />
            ))}
            <p className="mt-3 mb-0">
              {t('enteHome.search.notFound')} <Link to="/ticket/nuovo">{t('enteHome.search.newTicket')}</Link>
            </p>
          </>
        )}
      </div>
    </section>
  );
}
