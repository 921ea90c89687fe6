import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { CANNED_PLACEHOLDERS, CANNED_STATUSES, can, SaveCannedReplySchema, type CannedReply } from '@cit/shared';
import { useSupportGroups } from '../triage/api';
import { fieldIssues } from '../api/errors';
import { useCurrentUser } from '../auth/currentUser';
import { TextAreaField } from '../tickets/TextAreaField';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useCannedReplies, useDeleteCannedReply, useSaveCannedReply } from './api';

type Errors = Partial<Record<'name' | 'body' | 'shared' | 'setStatus' | 'setGroup', string>>;
const EMPTY = { name: '', body: '', shared: false, setStatus: '', setGroup: '' };

/**
 * Canned replies: every operator keeps their own; the admins also manage the shared ones (the others read them).
 * One form creates or edits; the lists below show the texts with their actions.
 */
export function CannedRepliesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const mayShare = can(user, 'canned-replies.share');
  const replies = useCannedReplies();
  const save = useSaveCannedReply();
  const remove = useDeleteCannedReply();
  const groups = useSupportGroups();
  const groupName = (key: string) => groups.data?.items.find((g) => g.key === key)?.name ?? key;
  const formId = useId();
  const [editing, setEditing] = useState<CannedReply | null>(null);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);
  const items = replies.data?.items ?? [];

  const edit = (reply: CannedReply | null) => {
    setEditing(reply);
    setErrors({});
    setForm(reply ? { name: reply.name, body: reply.body, shared: reply.shared, setStatus: reply.setStatus ?? '', setGroup: reply.setGroup ?? '' } : EMPTY);
    nameRef.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = SaveCannedReplySchema.safeParse({ ...form, setStatus: form.setStatus || null, setGroup: form.setGroup || null });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      nameRef.current?.focus();
      return;
    }
    setErrors({});
    save.mutate(
      { id: editing?.id ?? null, reply: parsed.data },
      {
        onSuccess: (saved) => {
          setDone(t('canned.page.saved', { name: saved.name }));
          setEditing(null);
          setForm(EMPTY);
        },
        onError: (e) => setErrors(Object.fromEntries(fieldIssues(e).map((i) => [i.path, i.message]))),
      },
    );
  };

  const changeable = (r: CannedReply) => r.mine || (r.shared && mayShare);
  const table = (list: readonly CannedReply[], title: string) => (
    <section className="mt-4" aria-label={title}>
      <h2 className="h4">{title}</h2>
      {list.length === 0 ? (
        <p>{t('canned.page.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table align-middle admin-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('canned.page.name')}</th>
                <th scope="col">{t('canned.page.body')}</th>
                <th scope="col">{t('canned.page.actions')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('canned.page.commands')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name}</th>
                  <td className="text-break small" style={{ whiteSpace: 'pre-wrap' }}>
                    {r.body}
                  </td>
                  <td className="small">
                    {[r.setGroup && groupName(r.setGroup), r.setStatus && t(`canned.page.statuses.${r.setStatus}`)].filter(Boolean).join(' · ') || '–'}
                  </td>
                  <td className="text-nowrap">
                    {changeable(r) && (
                      <>
                        <Button color="primary" outline size="sm" className="me-2" onClick={() => edit(r)} aria-label={t('canned.page.edit', { name: r.name })}>
                          {t('canned.page.editShort')}
                        </Button>
                        <Button
                          color="danger"
                          outline
                          size="sm"
                          disabled={remove.isPending}
                          aria-label={t('canned.page.delete', { name: r.name })}
                          onClick={() => remove.mutate(r.id, { onSuccess: () => setDone(t('canned.page.deleted', { name: r.name })) })}
                        >
                          {t('canned.page.deleteShort')}
                        </Button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );

  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.cannedReplies.title')}</PageTitle>
      <p className="lead mb-4">{t('canned.page.intro', { placeholders: CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', '), interpolation: { escapeValue: false } })}</p>
      <p className="text-success fw-semibold" role="status">
        {done}
      </p>
      <form id={formId} onSubmit={submit} noValidate aria-busy={save.isPending} className="mb-4">
        <h2 className="h4">{editing ? t('canned.page.editTitle', { name: editing.name }) : t('canned.page.newTitle')}</h2>
        <TextField id="canned-name" inputRef={nameRef} label={t('canned.page.name')} value={form.name} onValueChange={(name) => setForm({ ...form, name })} error={errors.name} maxLength={80} required />
        <TextAreaField id="canned-body" label={t('canned.page.body')} value={form.body} onValueChange={(body) => setForm({ ...form, body })} error={errors.body} rows={5} maxLength={5000} required />
        <div className="row g-3">
          <div className="col-md-6">
            <SelectField
              id="canned-status"
              label={t('canned.page.status')}
              value={form.setStatus}
              onValueChange={(setStatus) => setForm({ ...form, setStatus })}
              error={errors.setStatus}
              options={[{ value: '', label: t('canned.page.noStatus') }, ...CANNED_STATUSES.map((s) => ({ value: s, label: t(`canned.page.statuses.${s}`) }))]}
            />
          </div>
          <div className="col-md-6">
            <SelectField
              id="canned-group"
              label={t('canned.page.group')}
              value={form.setGroup}
              onValueChange={(setGroup) => setForm({ ...form, setGroup })}
              error={errors.setGroup}
              options={[{ value: '', label: t('canned.page.noGroup') }, ...(groups.data?.items ?? []).filter((g) => g.active).map((g) => ({ value: g.key, label: g.name }))]}
            />
          </div>
        </div>
        {mayShare && !editing && (
          <div className="form-check mt-3">
            <input id="canned-shared" type="checkbox" checked={form.shared} onChange={(e) => setForm({ ...form, shared: e.target.checked })} />
            <label htmlFor="canned-shared">{t('canned.page.shareIt')}</label>
          </div>
        )}
        {errors.shared && (
          <p className="text-danger small" role="alert">
            {errors.shared}
          </p>
        )}
        {save.isError && !fieldIssues(save.error).length && <ErrorAlert error={save.error} className="mt-3" />}
        <div className="d-flex gap-2 mt-3">
          <Button type="submit" color="primary" disabled={save.isPending}>
            {save.isPending ? t('canned.page.saving') : t('canned.page.save')}
          </Button>
          {editing && (
            <Button type="button" color="secondary" outline onClick={() => edit(null)}>
              {t('canned.page.cancel')}
            </Button>
          )}
        </div>
      </form>
      {remove.isError && <ErrorAlert error={remove.error} />}
      {replies.isPending ? (
        <Loading />
      ) : replies.isError ? (
        <ErrorAlert error={replies.error} onRetry={() => void replies.refetch()} />
      ) : (
        <>
          {table(items.filter((r) => r.mine), t('canned.page.mine'))}
          {table(items.filter((r) => r.shared), t('canned.page.sharedTitle'))}
          {!mayShare && <p className="small">{t('canned.page.sharedReadOnly')}</p>}
        </>
      )}
    </>
  );
}
