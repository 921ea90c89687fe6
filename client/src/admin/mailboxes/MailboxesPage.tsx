import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button } from 'design-react-kit';
import { MailboxListSchema, MailboxSchema, type Mailbox, type SaveMailbox } from '@cit/shared';
import { apiRequest } from '../../api/client';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useFormatDateTime } from '../../tickets/format';

const KEY = ['admin', 'mailboxes'] as const;

interface Draft {
  name: string;
  kind: 'ordinary' | 'pec';
  host: string;
  port: string;
  tls: boolean;
  username: string;
  secret: string;
  folder: string;
  doneFolder: string;
  defaultGroup: string;
  defaultType: 'request' | 'incident';
  active: boolean;
}

const EMPTY: Draft = { name: '', kind: 'ordinary', host: '', port: '993', tls: true, username: '', secret: '', folder: 'INBOX', doneFolder: '', defaultGroup: '', defaultType: 'request', active: true };

const draftOf = (m: Mailbox): Draft => ({
  name: m.name,
  kind: m.kind,
  host: m.host,
  port: String(m.port),
  tls: m.tls,
  username: m.username,
  secret: '',
  folder: m.folder,
  doneFolder: m.doneFolder ?? '',
  defaultGroup: m.defaultGroup ?? '',
  defaultType: m.defaultType,
  active: m.active,
});

/** /admin/caselle: the IMAP mailboxes (ordinary and PEC) the product reads tickets from (issue 21). */
export function MailboxesPage() {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  const client = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: ({ signal }) => apiRequest('/api/mailboxes', { schema: MailboxListSchema, signal }) });
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (d: Draft) => {
      const body: SaveMailbox = {
        name: d.name,
        kind: d.kind,
        host: d.host,
        port: Number(d.port),
        tls: d.tls,
        username: d.username,
        ...(d.secret ? { secret: d.secret } : {}),
        folder: d.folder,
        doneFolder: d.doneFolder || null,
        defaultGroup: d.defaultGroup || null,
        defaultType: d.defaultType,
        active: d.active,
        ...(editing && editing !== 'new' ? { version: editing.version } : {}),
      };
      return editing && editing !== 'new'
        ? apiRequest(`/api/mailboxes/${editing.id}`, { method: 'PUT', body, schema: MailboxSchema })
        : apiRequest('/api/mailboxes', { method: 'POST', body, schema: MailboxSchema });
    },
    onSuccess: (m) => {
      setDone(t('admin.mailboxes.saved', { name: m.name }));
      setEditing(null);
      return client.invalidateQueries({ queryKey: KEY });
    },
  });
  const remove = useMutation({
    mutationFn: (m: Mailbox) => apiRequest(`/api/mailboxes/${m.id}`, { method: 'DELETE' }),
    onSuccess: (_r, m) => {
      setDone(t('admin.mailboxes.removed', { name: m.name }));
      return client.invalidateQueries({ queryKey: KEY });
    },
  });
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const yesNo = [
    { value: 'true', label: t('admin.mailboxes.yes') },
    { value: 'false', label: t('admin.mailboxes.no') },
  ];

  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.mailboxes.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.mailboxes.intro')}</p>
      <p aria-live="polite" className="text-success">
        {done}
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <p className="ticket-empty">{t('admin.mailboxes.empty')}</p>
      ) : (
        <ul className="failure-list">
          {list.data.map((m) => (
            <li key={m.id} className="failure-item">
              <div className="failure-main">
                <p className="fw-semibold mb-1 text-break">
                  {m.name}{' '}
                  <Badge color={m.kind === 'pec' ? 'primary' : 'secondary'} className="ticket-badge">
                    {t(`admin.mailboxes.kind.${m.kind}`)}
                  </Badge>{' '}
                  {!m.active && (
                    <Badge color="warning" className="ticket-badge">
                      {t('admin.mailboxes.inactive')}
                    </Badge>
                  )}
                </p>
                <p className="small mb-0 text-break">
                  {m.username}@{m.host}:{m.port} · {m.folder} · {m.lastSyncAt ? t('admin.mailboxes.lastSync', { when: format(m.lastSyncAt) }) : t('admin.mailboxes.neverSynced')}
                </p>
                {m.lastError && <p className="small mb-0 text-danger">{t('admin.mailboxes.lastError', { error: m.lastError })}</p>}
              </div>
              <div className="d-flex gap-2">
                <Button
                  color="primary"
                  outline
                  size="sm"
                  onClick={() => {
                    setEditing(m);
                    setDraft(draftOf(m));
                  }}
                >
                  {t('admin.mailboxes.edit')}
                  <span className="visually-hidden"> {m.name}</span>
                </Button>
                <Button color="danger" outline size="sm" disabled={remove.isPending} onClick={() => remove.mutate(m)}>
                  {t('admin.mailboxes.delete')}
                  <span className="visually-hidden"> {m.name}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorAlert error={remove.error} className="mt-2" />}
      {editing === null ? (
        <Button
          color="primary"
          className="mt-3"
          onClick={() => {
            setEditing('new');
            setDraft(EMPTY);
          }}
        >
          {t('admin.mailboxes.add')}
        </Button>
      ) : (
        <form onSubmit={submit} className="mt-4" noValidate>
          <h2 className="h4">{editing === 'new' ? t('admin.mailboxes.add') : t('admin.mailboxes.editTitle', { name: editing.name })}</h2>
          <TextField id="mb-name" label={t('admin.mailboxes.fields.name')} value={draft.name} onValueChange={set('name')} required />
          <SelectField
            id="mb-kind"
            label={t('admin.mailboxes.fields.kind')}
            value={draft.kind}
            onValueChange={(v) => set('kind')(v === 'pec' ? 'pec' : 'ordinary')}
            options={[
              { value: 'ordinary', label: t('admin.mailboxes.kind.ordinary') },
              { value: 'pec', label: t('admin.mailboxes.kind.pec') },
            ]}
          />
          <TextField id="mb-host" label={t('admin.mailboxes.fields.host')} value={draft.host} onValueChange={set('host')} required />
          <TextField id="mb-port" label={t('admin.mailboxes.fields.port')} value={draft.port} onValueChange={set('port')} inputMode="numeric" required />
          <SelectField id="mb-tls" label={t('admin.mailboxes.fields.tls')} value={String(draft.tls)} onValueChange={(v) => set('tls')(v === 'true')} options={yesNo} />
          <TextField id="mb-user" label={t('admin.mailboxes.fields.username')} value={draft.username} onValueChange={set('username')} autoComplete="off" required />
          <TextField
            id="mb-secret"
            type="password"
            label={t('admin.mailboxes.fields.secret')}
            hint={editing !== 'new' && editing.hasSecret ? t('admin.mailboxes.secretKept') : undefined}
            value={draft.secret}
            onValueChange={set('secret')}
            autoComplete="new-password"
          />
          <TextField id="mb-folder" label={t('admin.mailboxes.fields.folder')} value={draft.folder} onValueChange={set('folder')} />
          <TextField id="mb-done" label={t('admin.mailboxes.fields.doneFolder')} hint={t('admin.mailboxes.doneFolderHint')} value={draft.doneFolder} onValueChange={set('doneFolder')} />
          <TextField id="mb-group" label={t('admin.mailboxes.fields.defaultGroup')} hint={t('admin.mailboxes.defaultGroupHint')} value={draft.defaultGroup} onValueChange={set('defaultGroup')} />
          <SelectField
            id="mb-type"
            label={t('admin.mailboxes.fields.defaultType')}
            value={draft.defaultType}
            onValueChange={(v) => set('defaultType')(v === 'incident' ? 'incident' : 'request')}
            options={[
              { value: 'request', label: t('ticketType.request') },
              { value: 'incident', label: t('ticketType.incident') },
            ]}
          />
          <SelectField id="mb-active" label={t('admin.mailboxes.fields.active')} value={String(draft.active)} onValueChange={(v) => set('active')(v === 'true')} options={yesNo} />
          {save.isError && <ErrorAlert error={save.error} className="mt-2" />}
          <div className="d-flex gap-2 mt-3">
            <Button color="primary" type="submit" disabled={save.isPending}>
              {t('admin.mailboxes.save')}
            </Button>
            <Button color="secondary" outline type="button" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
