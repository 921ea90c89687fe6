import { useId, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';

/** What every source of the home's search receives: the submitted words and the Ente the home is about. */
export interface HomeSearchSourceProps {
  q: string;
  enteId: string;
}

/** One source's section under the search box: its heading, then loading, error, an empty message or its results. */
export function HomeSearchSection<T>({
  title,
  search,
  empty,
  children,
}: {
  title: string;
  search: UseQueryResult<{ items: T[] }>;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="home-search-source">
      <h3 id={headingId} className="h6 text-uppercase text-muted mb-2">
        {title}
      </h3>
      {search.isPending ? (
        <Loading minHeight="3rem" />
      ) : search.isError ? (
        <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />
      ) : search.data.items.length === 0 ? (
        <p className="mb-0">{empty}</p>
      ) : (
        children(search.data.items)
      )}
    </section>
  );
}
