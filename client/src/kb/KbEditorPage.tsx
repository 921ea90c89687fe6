import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { KB_AUDIENCES, KB_STATUSES, SaveKbArticleSchema, type KbArticle } from '@cit/shared';
import { renderKbMarkdown } from '@cit/shared/kb-markdown';
import { fieldIssues } from '../api/errors';
import { TextAreaField } from '../tickets/TextAreaField';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useKbArticle, useSaveKbArticle } from './api';

type Field = 'title' | 'body' | 'serviceCode' | 'category' | 'audience' | 'status' | 'reviewedOn';
const EMPTY: Record<Field, string> = { title: '', body: '', serviceCode: '', category: '', audience: 'enti', status: 'published', reviewedOn: '' };

/** /kb/nuovo and /kb/:id/modifica: the staff's editor, a Markdown textarea with its preview (the same renderer as the server). */
export function KbEditorPage() {
  const { id } = useParams();
  const article = useKbArticle(id);
  if (id && article.isPending) return <Loading />;
  if (id && article.isError) return <ErrorAlert error={article.error} onRetry={() => void article.refetch()} />;
  return <KbEditor key={id ?? 'new'} article={article.data ?? null} />;
}

function KbEditor({ article }: { article: KbArticle | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveKbArticle();
  const previewId = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState<Record<Field, string>>(() =>
    article
      ? {
          title: article.title,
          body: article.body,
          serviceCode: article.serviceCode ?? '',
          category: article.category ?? '',
          audience: article.audience,
          status: article.status,
          reviewedOn: article.reviewedOn ?? '',
        }
      : EMPTY,
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [preview, setPreview] = useState(form.body);
  // The preview follows the text after a short pause, not at every key.
  useEffect(() => {
    const timer = setTimeout(() => setPreview(form.body), 300);
    return () => clearTimeout(timer);
  }, [form.body]);
  const html = useMemo(() => renderKbMarkdown(preview), [preview]);
  const set = (key: Field) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { ...form, serviceCode: form.serviceCode || null, category: form.category || null, reviewedOn: form.reviewedOn || null };
    const parsed = SaveKbArticleSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      titleRef.current?.focus();
      return;
    }
    setErrors({});
    save.mutate(
      { id: article?.id ?? null, article: article ? { ...parsed.data, version: article.version } : parsed.data },
      {
        onSuccess: (saved) => void navigate(`/kb/${saved.id}`),
        onError: (e) => setErrors(Object.fromEntries(fieldIssues(e).map((i) => [i.path, i.message]))),
      },
    );
  };

  return (
    <>
      <PageTitle className="mb-3">{article ? t('kb.editor.editTitle', { title: article.title }) : t('kb.editor.newTitle')}</PageTitle>
      <form onSubmit={submit} noValidate aria-busy={save.isPending}>
        <TextField id="kb-title" inputRef={titleRef} label={t('kb.editor.title')} value={form.title} onValueChange={set('title')} error={errors.title} maxLength={200} required />
        <div className="row g-3">
          <div className="col-md-3">
            <SelectField
              id="kb-status"
              label={t('kb.editor.status')}
              value={form.status}
              onValueChange={set('status')}
              error={errors.status}
              options={KB_STATUSES.map((s) => ({ value: s, label: t(`kb.statuses.${s}`) }))}
            />
          </div>
          <div className="col-md-3">
            <SelectField
              id="kb-audience"
              label={t('kb.editor.audience')}
              value={form.audience}
              onValueChange={set('audience')}
              error={errors.audience}
              options={KB_AUDIENCES.map((a) => ({ value: a, label: t(`kb.audiences.${a}`) }))}
            />
          </div>
          <div className="col-md-3">
            <TextField id="kb-category" label={t('kb.editor.category')} value={form.category} onValueChange={set('category')} error={errors.category} maxLength={80} />
          </div>
          <div className="col-md-3">
            <TextField id="kb-service" label={t('kb.editor.serviceCode')} value={form.serviceCode} onValueChange={set('serviceCode')} error={errors.serviceCode} maxLength={40} />
          </div>
        </div>
        <p className="small text-muted">{t('kb.editor.statusHint')}</p>
        <TextField id="kb-reviewed" type="date" label={t('kb.editor.reviewedOn')} value={form.reviewedOn} onValueChange={set('reviewedOn')} error={errors.reviewedOn} />
        <TextAreaField id="kb-body" label={t('kb.editor.body')} hint={t('kb.editor.bodyHint')} value={form.body} onValueChange={set('body')} error={errors.body} rows={14} maxLength={100_000} required />
        <section aria-labelledby={previewId} className="border rounded p-3 mt-3">
          <h2 id={previewId} className="h5">
            {t('kb.editor.preview')}
          </h2>
          {/* Safe: the same renderer as the server (markdown-it, raw HTML disabled, unsafe links dropped). */}
          <div className="kb-body" data-testid="kb-preview" dangerouslySetInnerHTML={{ __html: html }} />
        </section>
        {save.isError && !fieldIssues(save.error).length && <ErrorAlert error={save.error} className="mt-3" />}
        <div className="d-flex gap-2 mt-3">
          <Button type="submit" color="primary" disabled={save.isPending}>
            {save.isPending ? t('kb.editor.saving') : t('kb.editor.save')}
          </Button>
          <Button type="button" color="secondary" outline onClick={() => void navigate(article ? `/kb/${article.id}` : '/kb')}>
            {t('kb.editor.cancel')}
          </Button>
        </div>
      </form>
    </>
  );
}
