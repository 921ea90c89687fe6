import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { can } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useDeleteKbArticle, useKbArticle } from './api';

/** /kb/:id: one article; its HTML comes from the server's safe renderer (raw HTML escaped, unsafe links dropped). */
export function KbArticlePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const user = useCurrentUser();
  const staff = can(user, 'kb.manage');
  const article = useKbArticle(id);
  const remove = useDeleteKbArticle();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  if (article.isPending) return <Loading />;
  if (article.isError) return <ErrorAlert error={article.error} onRetry={() => void article.refetch()} />;
  const a = article.data;
  return (
    <article>
      <p className="mb-2">
        <Link to="/kb">{t('kb.back')}</Link>
      </p>
      <PageTitle className="mb-2">{a.title}</PageTitle>
      <p className="small text-muted">
        {[staff && a.status === 'draft' && t('kb.statuses.draft'), a.category, a.serviceCode, a.reviewedOn && t('kb.reviewedOn', { date: a.reviewedOn }), staff && t(`kb.audiences.${a.audience}`)].filter(Boolean).join(' · ')}
      </p>
      {/* Safe: rendered by markdown-it with raw HTML disabled and links limited to http(s), mailto, tel, relative. */}
      <div className="kb-body" dangerouslySetInnerHTML={{ __html: a.html }} />
      {staff && (
        <div className="d-flex gap-2 mt-4">
          <Link to={`/kb/${a.id}/modifica`} className="btn btn-primary">
            {t('kb.edit')}
          </Link>
          {confirming ? (
            <Button color="danger" disabled={remove.isPending} onClick={() => remove.mutate(a.id, { onSuccess: () => void navigate('/kb') })}>
              {t('kb.confirmDelete')}
            </Button>
          ) : (
            <Button color="danger" outline onClick={() => setConfirming(true)}>
              {t('kb.delete')}
            </Button>
          )}
        </div>
      )}
      {remove.isError && <ErrorAlert error={remove.error} className="mt-3" />}
    </article>
  );
}
