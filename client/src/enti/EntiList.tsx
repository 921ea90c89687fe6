import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Col, Row } from 'design-react-kit';
import { ENTE_KINDS, EnteKindSchema, type EnteKind } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { EntiCardList } from './EntiCardList';
import { EntiTable } from './EntiTable';
import { focusEnte } from './focusEnte';
import { useEntiList } from './useEntiList';
import { ExportButtons } from '../exports/ExportButtons';

const SEARCH_DELAY_MS = 350;

/** The Enti visible to the signed-in user, with search by name / fiscal code, kind filter and "load more". */
interface EntiListProps {
  /** Makes each name a link (the admin area opens the Ente's page). */
  linkTo?: (id: string) => string;
  /** The page already has a heading saying "Enti": keep this one for screen readers only. */
  hideTitle?: boolean;
}

export function EntiList({ linkTo, hideTitle = false }: EntiListProps = {}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<EnteKind | ''>('');
  const q = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const list = useEntiList({ q, kind });

  const enti = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  /** After "Carica altri": index of the first new Ente, which gets the focus once rendered. */
  const focusFrom = useRef<number | null>(null);

  useEffect(() => {
    const index = focusFrom.current;
    const ente = index === null ? undefined : enti[index];
    if (!ente) return;
    focusFrom.current = null;
    focusEnte(ente.id);
  }, [enti]);

  const loadMore = () => {
    focusFrom.current = enti.length;
    void list.fetchNextPage();
  };
  const changeSearch = (value: string) => {
    focusFrom.current = null;
    setSearch(value);
  };
  const changeKind = (value: string) => {
    focusFrom.current = null;
    setKind(EnteKindSchema.safeParse(value).data ?? '');
  };
  const total = list.data?.pages[0]?.total ?? 0;
  /** A new search is running: the previous results stay on screen meanwhile. */
  const refreshing = list.isPlaceholderData;

  const kindOptions = [
    { value: '', label: t('enti.allKinds') },
    ...ENTE_KINDS.map((value) => ({ value, label: t(`enteKinds.${value}`) })),
  ];

  return (
    <section aria-labelledby={headingId} className={hideTitle ? undefined : 'mt-5'}>
      <h2 id={headingId} className={hideTitle ? 'visually-hidden' : 'h3 mb-3'}>
        {t('enti.title')}
      </h2>

      <form
        role="search"
        aria-label={t('enti.filtersLabel')}
        className="enti-filters"
        onSubmit={(e: FormEvent) => e.preventDefault()}
      >
        <Row>
          <Col xs={12} md={7}>
            <TextField
              id="enti-search"
              type="search"
              label={t('enti.search')}
              value={search}
              onValueChange={changeSearch}
              maxLength={100}
              autoComplete="off"
            />
          </Col>
          <Col xs={12} md={5}>
            <SelectField
              id="enti-kind"
              label={t('enti.kind')}
              value={kind}
              onValueChange={changeKind}
              options={kindOptions}
            />
          </Col>
        </Row>
      </form>

      <ExportButtons path="/api/enti" query={{ q: q || undefined, kind: kind || undefined }} className="mb-3" />
      {list.isPending ? (
        <Loading />
      ) : list.isError && enti.length === 0 ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <p className="enti-status" aria-live="polite" aria-atomic="true">
            {refreshing ? (
              t('enti.updating')
            ) : (
              <>
                {t('enti.total', { count: total })}
                {enti.length < total && <> – {t('enti.shown', { shown: enti.length, total })}</>}
              </>
            )}
          </p>
          {enti.length === 0 ? (
            <p className="text-muted">{t('enti.empty')}</p>
          ) : (
            <>
              <EntiTable enti={enti} busy={refreshing} linkTo={linkTo} />
              <EntiCardList enti={enti} busy={refreshing} linkTo={linkTo} />
            </>
          )}
          {list.isFetchNextPageError && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
          {list.hasNextPage && (
            <div className="text-center mt-3">
              <Button
                color="primary"
                outline
                onClick={loadMore}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? t('enti.loadingMore') : t('enti.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
