import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { SupportGroupDto } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { useAssignable } from '../admin/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { TextField } from '../ui/TextField';
import { useSaveSupportGroup, useSupportGroups } from './api';

/** One group's form (a new one when `group` is null): key (new only), name, active, members. */
function GroupForm({ group, onDone }: { group: SupportGroupDto | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveSupportGroup();
  const staff = useAssignable(true);
  const [key, setKey] = useState(group?.key ?? '');
  const [name, setName] = useState(group?.name ?? '');
  const [active, setActive] = useState(group?.active ?? true);
  const [members, setMembers] = useState<string[]>(group?.members.map((m) => m.id) ?? []);
  const issues = fieldIssues(save.error);
  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;
  const id = `group-${group?.key ?? 'new'}`;
  const people = [...(staff.data ?? []), ...(group?.members ?? []).filter((m) => !(staff.data ?? []).some((s) => s.id === m.id))];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      group
        ? { key: group.key, create: null, update: { version: group.version, name, active, memberIds: members } }
        : { key, create: { key, name, active, memberIds: members }, update: null },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="card card-body mb-4" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h5">
        {group ? t('groups.edit', { name: group.name }) : t('groups.new')}
      </h2>
      {!group && <TextField id={`${id}-key`} label={t('groups.key')} hint={t('groups.keyHint')} value={key} onValueChange={setKey} error={errorOf('key')} required />}
      <TextField id={`${id}-name`} label={t('groups.name')} value={name} onValueChange={setName} error={errorOf('name')} required />
      <div className="form-check mb-3">
        <input id={`${id}-active`} type="checkbox" className="form-check-input" checked={active} onChange={(e) => setActive(e.target.checked)} />
        <label htmlFor={`${id}-active`} className="form-check-label">
          {t('groups.active')}
        </label>
      </div>
      <fieldset className="mb-3" aria-describedby={errorOf('memberIds') ? `${id}-members-error` : undefined}>
        <legend className="h6">{t('groups.members')}</legend>
        {people.map((p) => (
          <div className="form-check" key={p.id}>
            <input
              id={`${id}-m-${p.id}`}
              type="checkbox"
              className="form-check-input"
              checked={members.includes(p.id)}
              onChange={(e) => setMembers(e.target.checked ? [...members, p.id] : members.filter((m) => m !== p.id))}
            />
            <label htmlFor={`${id}-m-${p.id}`} className="form-check-label">
              {p.name} ({t(`roles.${p.role}`)})
            </label>
          </div>
        ))}
        {errorOf('memberIds') && (
          <div id={`${id}-members-error`} className="invalid-feedback d-block">
            {errorOf('memberIds')}
          </div>
        )}
      </fieldset>
      {save.isError && issues.length === 0 && <ErrorAlert error={save.error} className="mb-3" />}
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" size="sm" disabled={save.isPending}>
          {save.isPending ? t('admin.saving') : t('groups.save')}
        </Button>
        <Button type="button" color="secondary" outline size="sm" onClick={onDone}>
          {t('groups.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Admin page of the support groups: list, create, edit, deactivate, members. */
export function SupportGroupsPage() {
  const { t } = useTranslation();
  const groups = useSupportGroups();
  const [editing, setEditing] = useState<string | null>(null);
  if (groups.isPending) return <Loading />;
  if (groups.isError) return <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />;
  const current = groups.data.items.find((g) => g.key === editing) ?? null;
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.groups.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.groups.intro')}</p>
      {editing === null && (
        <Button color="primary" size="sm" className="mb-4" onClick={() => setEditing('')}>
          {t('groups.new')}
        </Button>
      )}
      {editing !== null && <GroupForm key={editing} group={current} onDone={() => setEditing(null)} />}
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">{t('admin.sections.groups.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('groups.name')}</th>
              <th scope="col">{t('groups.key')}</th>
              <th scope="col">{t('groups.state')}</th>
              <th scope="col">{t('groups.members')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('groups.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.data.items.map((g) => (
              <tr key={g.key}>
                <td>{g.name}</td>
                <td>
                  <code>{g.key}</code>
                </td>
                <td>{g.active ? t('groups.activeState') : t('groups.inactiveState')}</td>
                <td>{g.members.map((m) => m.name).join(', ') || '—'}</td>
                <td>
                  <Button color="primary" outline size="xs" onClick={() => setEditing(g.key)}>
                    {t('groups.editButton')}
                    <span className="visually-hidden"> {g.name}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
