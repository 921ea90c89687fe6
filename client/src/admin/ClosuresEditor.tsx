import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { closureIssues, type CalendarClosure, type FieldIssue } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { ErrorSummary } from '../tickets/ErrorSummary';
import { ErrorAlert } from '../ui/ErrorAlert';
import { TextField } from '../ui/TextField';
import { useAddClosure, useRemoveClosure } from './calendarApi';

type Kind = 'date' | 'everyYear';

/** "24 dicembre 2027" or "ogni anno il 24 dicembre". */
function useClosureDay(): (c: Pick<CalendarClosure, 'date' | 'everyYear'>) => string {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'it-IT';
  return (c) => {
    if (c.date) return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${c.date}T00:00:00Z`));
    const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`2024-${c.everyYear ?? '01-01'}T00:00:00Z`));
    return t('admin.calendar.everyYearOn', { day });
  };
}

/** The extra closures: listed with their reason, removable, and a form to add one (a date or the same day every year). */
export function ClosuresEditor({ closures, onSaved }: { closures: readonly CalendarClosure[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const add = useAddClosure();
  const remove = useRemoveClosure();
  const dayOf = useClosureDay();
  const [kind, setKind] = useState<Kind>('date');
  const [date, setDate] = useState('');
  const [everyYear, setEveryYear] = useState('');
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = (v: string, of: Kind) => (kind === of && v.trim() !== '' ? v.trim() : null);
    const input = { date: value(date, 'date'), everyYear: value(everyYear, 'everyYear'), reason: reason.trim() };
    // The server decides with the calendar's zone; the browser's day is close enough to warn before sending.
    const today = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const found = closureIssues(input, today);
    setIssues(found);
    if (found.length > 0) {
      setAttempts((n) => n + 1);
      return;
    }
    add.mutate(input, {
      onSuccess: () => {
        setDate('');
        setEveryYear('');
        setReason('');
        onSaved();
      },
      onError: (error) => {
        setIssues(fieldIssues(error));
        setAttempts((n) => n + 1);
      },
    });
  };

  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;
  // A missing day is reported on `date` whichever kind is chosen: it belongs to the field on screen.
  const idOf = (path: string) => (path === 'reason' ? 'closure-reason' : kind === 'date' ? 'closure-date' : 'closure-yearly');
  const listed = issues.map((i) => ({ id: idOf(i.path), message: i.message }));
  const failure = add.error && fieldIssues(add.error).length === 0 ? add.error : null;

  return (
    <section aria-labelledby="closures-title" className="mb-5">
      <h3 id="closures-title" className="h5">
        {t('admin.calendar.closures')}
      </h3>
      <p className="small text-muted">{t('admin.calendar.closuresIntro')}</p>
      {closures.length === 0 ? (
        <p className="text-muted">{t('admin.calendar.noClosures')}</p>
      ) : (
        <table className="table table-sm">
          <caption className="visually-hidden">{t('admin.calendar.closures')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.calendar.day')}</th>
              <th scope="col">{t('admin.calendar.reason')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.calendar.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {closures.map((c) => (
              <tr key={c.id}>
                <td>{dayOf(c)}</td>
                <td>{c.reason}</td>
                <td className="text-end">
                  <Button color="danger" outline size="xs" disabled={remove.isPending} onClick={() => remove.mutate(c.id, { onSuccess: onSaved })} aria-label={t('admin.calendar.removeClosure', { day: dayOf(c) })}>
                    {t('admin.calendar.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {remove.isError && <ErrorAlert error={remove.error} title={t('admin.calendar.notRemoved')} className="mb-3" />}

      <form onSubmit={submit} noValidate aria-labelledby="closure-add-title" aria-busy={add.isPending}>
        <h4 id="closure-add-title" className="h6">
          {t('admin.calendar.addClosure')}
        </h4>
        {attempts > 0 && (listed.length > 0 || failure) && <ErrorSummary title={t('admin.calendar.notAdded')} failure={failure} fields={listed} summaryRef={summaryRef} />}
        <fieldset className="mb-2">
          <legend className="small fw-semibold">{t('admin.calendar.kind')}</legend>
          {(['date', 'everyYear'] as const).map((k) => (
            <div key={k} className="form-check form-check-inline">
              <input id={`closure-kind-${k}`} type="radio" name="closure-kind" checked={kind === k} onChange={() => setKind(k)} />
              <label htmlFor={`closure-kind-${k}`}>{t(k === 'date' ? 'admin.calendar.kindDate' : 'admin.calendar.kindYearly')}</label>
            </div>
          ))}
        </fieldset>
        <div className="d-flex flex-wrap gap-3 align-items-start calendar-fields">
          {kind === 'date' ? (
            <TextField id="closure-date" type="date" label={t('admin.calendar.date')} value={date} onValueChange={setDate} error={errorOf('date')} required />
          ) : (
            <TextField
              id="closure-yearly"
              label={t('admin.calendar.yearly')}
              hint={t('admin.calendar.yearlyHint')}
              value={everyYear}
              onValueChange={setEveryYear}
              error={errorOf('everyYear') ?? errorOf('date')}
              maxLength={5}
              autoComplete="off"
              required
            />
          )}
          <TextField id="closure-reason" label={t('admin.calendar.reason')} value={reason} onValueChange={setReason} error={errorOf('reason')} maxLength={200} required className="flex-grow-1" />
        </div>
        <Button type="submit" color="primary" size="sm" disabled={add.isPending}>
          {add.isPending ? t('admin.saving') : t('admin.calendar.addSubmit')}
        </Button>
      </form>
    </section>
  );
}
