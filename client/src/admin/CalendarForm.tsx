import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { calendarSettingsIssues, type FieldIssue, type SupportCalendarSettings } from '@cit/shared';
import { fieldIssues, isApiError } from '../api/errors';
import { ErrorSummary } from '../tickets/ErrorSummary';
import { TextField } from '../ui/TextField';
import { FieldMessages, fieldA11y } from '../ui/fieldParts';
import { useUpdateCalendar } from './calendarApi';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The id of the input a problem is about, so the error summary can move the focus there. */
function fieldId(path: string, hours: number): string {
  const [field, index, end] = path.split('.');
  if (field === 'workingDays') return 'cal-day-1';
  if (field === 'patronDay') return 'cal-patron';
  if (field === 'hours' && index !== undefined) return `cal-h-${index}-${end === '1' ? 'close' : 'open'}`;
  return hours > 0 ? 'cal-h-0-open' : 'cal-add-interval';
}

/** Working days, opening hours and the patron's day; the version read goes with the save (409 if someone saved meanwhile). */
export function CalendarForm({ calendar, onReload, onSaved }: { calendar: SupportCalendarSettings; onReload: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateCalendar();
  const [days, setDays] = useState<number[]>(calendar.workingDays);
  const [hours, setHours] = useState<Array<[string, string]>>(calendar.hours);
  const [patron, setPatron] = useState(calendar.patronDay ?? '');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'it-IT';
  // 1 January 2024 was a Monday.
  const dayName = (n: number) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, n)));

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { workingDays: [...days].sort((a, b) => a - b), hours, patronDay: patron.trim() === '' ? null : patron.trim() };
    const found = calendarSettingsIssues(input);
    setIssues(found);
    if (found.length > 0) {
      setAttempts((n) => n + 1);
      return;
    }
    update.mutate(
      { ...input, version: calendar.version },
      {
        onSuccess: onSaved,
        onError: (error) => {
          setIssues(fieldIssues(error));
          setAttempts((n) => n + 1);
        },
      },
    );
  };

  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;
  const daysError = issues.find((i) => i.path.startsWith('workingDays'))?.message;
  const hoursError = errorOf('hours');
  const listed = issues.map((i) => ({ id: fieldId(i.path, hours.length), message: i.message }));
  const failure = update.error && fieldIssues(update.error).length === 0 ? update.error : null;
  const stale = isApiError(update.error, 'stale_version');
  const setHour = (index: number, end: 0 | 1, value: string) =>
    setHours(hours.map((h, i) => (i === index ? (end === 0 ? [value, h[1]] : [h[0], value]) : h)));

  return (
    <form onSubmit={submit} noValidate aria-labelledby="cal-form-title" aria-busy={update.isPending} className="mb-5">
      <h3 id="cal-form-title" className="h5">
        {t('admin.calendar.weekTitle')}
      </h3>
      {attempts > 0 && (listed.length > 0 || failure) && (
        <ErrorSummary title={t('admin.calendar.notSaved')} failure={failure} fields={listed} summaryRef={summaryRef} />
      )}
      {stale && (
        <Button color="primary" outline size="sm" className="mb-3" onClick={onReload}>
          {t('admin.calendar.reload')}
        </Button>
      )}
      <fieldset className="mb-3" {...fieldA11y('cal-days', daysError).aria}>
        <legend className="h6">{t('admin.calendar.days')}</legend>
        <div className="d-flex flex-wrap gap-3 align-items-center">
          {WEEKDAYS.map((d) => (
            <div key={d} className="form-check">
              <input
                id={`cal-day-${d}`}
                type="checkbox"
                checked={days.includes(d)}
                onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))}
              />
              <label htmlFor={`cal-day-${d}`}>{dayName(d)}</label>
            </div>
          ))}
        </div>
        <FieldMessages id="cal-days" error={daysError} block />
      </fieldset>
      <fieldset className="mb-3" {...fieldA11y('cal-hours', hoursError).aria}>
        <legend className="h6">{t('admin.calendar.hours')}</legend>
        <ul className="list-unstyled mb-2">
          {hours.map(([open, close], i) => (
            <li key={i} className="d-flex flex-wrap gap-3 align-items-start calendar-fields">
              <TextField id={`cal-h-${i}-open`} type="time" label={t('admin.calendar.open', { n: i + 1 })} value={open} onValueChange={(v) => setHour(i, 0, v)} error={errorOf(`hours.${i}.0`)} />
              <TextField id={`cal-h-${i}-close`} type="time" label={t('admin.calendar.close', { n: i + 1 })} value={close} onValueChange={(v) => setHour(i, 1, v)} error={errorOf(`hours.${i}.1`)} />
              <Button type="button" color="secondary" outline size="xs" className="mt-1" onClick={() => setHours(hours.filter((_, k) => k !== i))}>
                {t('admin.calendar.removeInterval', { n: i + 1 })}
              </Button>
            </li>
          ))}
        </ul>
        <Button id="cal-add-interval" type="button" color="primary" outline size="sm" className="mt-2" onClick={() => setHours([...hours, ['', '']])}>
          {t('admin.calendar.addInterval')}
        </Button>
        <FieldMessages id="cal-hours" error={hoursError} block />
      </fieldset>
      <TextField
        id="cal-patron"
        label={t('admin.calendar.patron')}
        hint={t('admin.calendar.patronHint')}
        value={patron}
        onValueChange={setPatron}
        error={errorOf('patronDay')}
        maxLength={5}
        autoComplete="off"
        className="calendar-fields patron-field"
      />
      <Button type="submit" color="primary" disabled={update.isPending}>
        {update.isPending ? t('admin.saving') : t('admin.calendar.save')}
      </Button>
    </form>
  );
}
