import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { SurveyAnswerListSchema } from '@cit/shared';
import { apiRequest } from '../api/client';
import { ExportButtons } from '../exports/ExportButtons';
import { useFormatDateTime } from '../tickets/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';

interface SurveyFilters {
  from?: string;
  to?: string;
  score?: string;
}

/** GET /api/surveys/answers: newest first, a page at a time (keyset cursor). */
function useSurveyAnswers(filters: SurveyFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: ['survey-answers', filters, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => apiRequest('/api/surveys/answers', { query: { ...filters, limit, cursor: pageParam }, signal, schema: SurveyAnswerListSchema }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** /admin/questionari: the satisfaction survey answers one by one (score and comment), with their export. */
export function SurveysPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [score, setScore] = useState('');
  const filters: SurveyFilters = { from: from || undefined, to: to || undefined, score: score || undefined };
  const answers = useSurveyAnswers(filters);
  const items = answers.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.surveys.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.surveys.intro')}</p>
      <form className="row g-3 mb-3" role="search" aria-label={t('surveys.filters')} onSubmit={(e) => e.preventDefault()}>
        <TextField id="surveys-from" className="col-md-4" type="date" label={t('surveys.fromDay')} value={from} onValueChange={setFrom} />
        <TextField id="surveys-to" className="col-md-4" type="date" label={t('surveys.toDay')} value={to} onValueChange={setTo} />
        <SelectField
          id="surveys-score"
          className="col-md-4"
          label={t('surveys.score')}
          value={score}
          onValueChange={setScore}
          options={[{ value: '', label: t('surveys.allScores') }, ...['5', '4', '3', '2', '1'].map((s) => ({ value: s, label: s }))]}
        />
      </form>
      {/* After the filters: the floating labels of the date fields would cover buttons placed right above them. */}
      <ExportButtons path="/api/surveys/answers" query={{ ...filters }} className="mb-3" />
      {answers.isPending ? (
        <Loading />
      ) : answers.isError ? (
        <ErrorAlert error={answers.error} onRetry={() => void answers.refetch()} />
      ) : items.length === 0 ? (
        <p aria-live="polite">{t('surveys.none')}</p>
      ) : (
        <div aria-busy={answers.isFetching}>
          <div className="table-responsive">
            <table className="table align-middle">
              <caption className="visually-hidden">{t('surveys.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('surveys.col.answeredAt')}</th>
                  <th scope="col">{t('surveys.col.ticket')}</th>
                  <th scope="col">{t('surveys.col.ente')}</th>
                  <th scope="col">{t('surveys.col.operator')}</th>
                  <th scope="col" className="text-end">
                    {t('surveys.col.score')}
                  </th>
                  <th scope="col">{t('surveys.col.comment')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.ticketId}>
                    <td className="text-nowrap">{formatDateTime(a.answeredAt)}</td>
                    <th scope="row" className="fw-normal">
                      <Link to={`/ticket/${a.ticketId}`}>{a.protocol}</Link>
                      <span className="d-block small text-muted">{a.title}</span>
                    </th>
                    <td>{a.ente}</td>
                    <td>{a.operatorName ?? '—'}</td>
                    <td className="text-end">{a.score}</td>
                    <td>{a.comment ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {answers.hasNextPage && (
            <Button color="primary" outline onClick={() => void answers.fetchNextPage()} disabled={answers.isFetchingNextPage}>
              {t('surveys.more')}
            </Button>
          )}
        </div>
      )}
    </>
  );
}
