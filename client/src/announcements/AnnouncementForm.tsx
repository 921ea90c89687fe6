import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { ANNOUNCEMENT_SEVERITIES, CreateAnnouncementSchema, type Announcement } from '@cit/shared';
import { EntePicker, type PickedEnte } from '../admin/EntePicker';
import { fieldIssues } from '../api/errors';
import { TextAreaField } from '../tickets/TextAreaField';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useSaveAnnouncement } from './api';

type Field = 'title' | 'body' | 'severity' | 'startsAt' | 'endsAt' | 'enteIds' | 'allEnti' | 'includeStaff';
type Errors = Partial<Record<Field, string>>;

/** `datetime-local` speaks the browser's local time without offset; the API wants an instant. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
};

function initialForm(a: Announcement | null) {
  const now = Date.now();
  return {
    title: a?.title ?? '',
    body: a?.body ?? '',
    severity: a?.severity ?? 'info',
    startsAt: toLocalInput(a?.startsAt ?? new Date(now).toISOString()),
    endsAt: toLocalInput(a?.endsAt ?? new Date(now + 24 * 3_600_000).toISOString()),
    allEnti: a?.allEnti ?? true,
    enti: (a?.enti ?? []) as PickedEnte[],
    includeStaff: a?.includeStaff ?? false,
  };
}

/** Publishes a new announcement, or changes `editing` (with the version read, so a concurrent change is not overwritten). */
export function AnnouncementForm({ editing, onDone }: { editing: Announcement | null; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const save = useSaveAnnouncement();
  const [form, setForm] = useState(() => initialForm(editing));
  const [errors, setErrors] = useState<Errors>({});
  const titleRef = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = CreateAnnouncementSchema.safeParse({
      title: form.title,
      body: form.body,
      severity: form.severity,
      startsAt: fromLocalInput(form.startsAt),
      endsAt: fromLocalInput(form.endsAt),
      allEnti: form.allEnti,
      enteIds: form.allEnti ? [] : form.enti.map((e) => e.id),
      includeStaff: form.includeStaff,
    });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      titleRef.current?.focus();
      return;
    }
    setErrors({});
    save.mutate(
      { id: editing?.id ?? null, version: editing?.version ?? 0, value: parsed.data },
      {
        onSuccess: (saved) => onDone(t(editing ? 'announcements.admin.updated' : 'announcements.admin.published', { title: saved.title })),
        onError: (e) => setErrors(Object.fromEntries(fieldIssues(e).map((i) => [i.path.split('.')[0], i.message]))),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-busy={save.isPending} className="mb-4">
      <h2 className="h4">{editing ? t('announcements.admin.editTitle', { title: editing.title }) : t('announcements.admin.newTitle')}</h2>
      <TextField id="announcement-title" inputRef={titleRef} label={t('announcements.admin.title')} value={form.title} onValueChange={(title) => setForm({ ...form, title })} error={errors.title} maxLength={200} required />
      <TextAreaField id="announcement-body" label={t('announcements.admin.body')} value={form.body} onValueChange={(body) => setForm({ ...form, body })} error={errors.body} rows={3} maxLength={2000} />
      <div className="row g-3">
        <div className="col-md-4">
          <SelectField
            id="announcement-severity"
            label={t('announcements.admin.severity')}
            value={form.severity}
            onValueChange={(severity) => setForm({ ...form, severity: severity as typeof form.severity })}
            error={errors.severity}
            options={ANNOUNCEMENT_SEVERITIES.map((s) => ({ value: s, label: t(`announcements.severity.${s}`) }))}
          />
        </div>
        <div className="col-md-4">
          <TextField id="announcement-starts" type="datetime-local" label={t('announcements.admin.startsAt')} value={form.startsAt} onValueChange={(startsAt) => setForm({ ...form, startsAt })} error={errors.startsAt} required />
        </div>
        <div className="col-md-4">
          <TextField id="announcement-ends" type="datetime-local" label={t('announcements.admin.endsAt')} value={form.endsAt} onValueChange={(endsAt) => setForm({ ...form, endsAt })} error={errors.endsAt} required />
        </div>
      </div>
      <fieldset className="mt-2">
        <legend className="h6">{t('announcements.admin.audience')}</legend>
        <div className="form-check">
          <input id="announcement-all" type="checkbox" checked={form.allEnti} onChange={(e) => setForm({ ...form, allEnti: e.target.checked })} />
          <label htmlFor="announcement-all">{t('announcements.admin.allEnti')}</label>
        </div>
        {!form.allEnti && <EntePicker id="announcement-enti" value={form.enti} onChange={(enti) => setForm({ ...form, enti })} error={errors.enteIds} />}
        <div className="form-check">
          <input id="announcement-staff" type="checkbox" checked={form.includeStaff} onChange={(e) => setForm({ ...form, includeStaff: e.target.checked })} />
          <label htmlFor="announcement-staff">{t('announcements.admin.includeStaff')}</label>
        </div>
      </fieldset>
      {save.isError && !fieldIssues(save.error).length && <ErrorAlert error={save.error} className="mt-3" />}
      <Button type="submit" color="primary" className="mt-3" disabled={save.isPending}>
        {editing ? t('announcements.admin.save') : t('announcements.admin.publish')}
      </Button>
    </form>
  );
}
