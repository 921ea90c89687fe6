import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { URGENCIES, type Urgency } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useSla, useUpdateSlaTarget, type SlaTargetRow } from './api';
import { CalendarSection } from './CalendarSection';

const split = (minutes: number) => ({ h: String(Math.floor(minutes / 60)), m: String(minutes % 60) });
const join = (h: string, m: string): number | null => {
  const hours = h.trim() === '' ? 0 : Number(h);
  const mins = m.trim() === '' ? 0 : Number(m);
  if (!Number.isInteger(hours) || !Number.isInteger(mins) || hours < 0 || mins < 0 || mins > 59) return null;
  return hours * 60 + mins;
};

/** "4 h 30 min", "2 h", "45 min". */
export function useFormatDuration(): (minutes: number) => string {
  const { t } = useTranslation();
  return (minutes) => {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return t('admin.sla.min', { m });
    return m === 0 ? t('admin.sla.hours', { h }) : t('admin.sla.hoursMin', { h, m });
  };
}

function DurationInputs({ id, legend, value, onChange, error }: { id: string; legend: string; value: { h: string; m: string }; onChange: (v: { h: string; m: string }) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="duration-inputs" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="d-flex gap-2 align-items-center">
        <label htmlFor={`${id}-h`} className="visually-hidden">
          {t('admin.sla.hoursOf', { what: legend })}
        </label>
        <input id={`${id}-h`} className="form-control duration-input" inputMode="numeric" value={value.h} onChange={(e) => onChange({ ...value, h: e.target.value })} aria-invalid={error ? true : undefined} />
        <span aria-hidden="true">{t('admin.sla.h')}</span>
        <label htmlFor={`${id}-m`} className="visually-hidden">
          {t('admin.sla.minutesOf', { what: legend })}
        </label>
        <input id={`${id}-m`} className="form-control duration-input" inputMode="numeric" value={value.m} onChange={(e) => onChange({ ...value, m: e.target.value })} aria-invalid={error ? true : undefined} />
        <span aria-hidden="true">{t('admin.sla.m')}</span>
      </div>
      {error && (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {error}
        </div>
      )}
    </fieldset>
  );
}

function TargetForm({ target }: { target: SlaTargetRow }) {
  const { t } = useTranslation();
  const update = useUpdateSlaTarget();
  const format = useFormatDuration();
  const [take, setTake] = useState(split(target.takeChargeMinutes));
  const [resolve, setResolve] = useState(split(target.resolveMinutes));
  const [errors, setErrors] = useState<{ take?: string; resolve?: string }>({});
  const [saved, setSaved] = useState(false);
  const id = `sla-${target.urgency}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const takeChargeMinutes = join(take.h, take.m);
    const resolveMinutes = join(resolve.h, resolve.m);
    const next: typeof errors = {};
    if (takeChargeMinutes === null || takeChargeMinutes < 1) next.take = t('admin.sla.invalid');
    if (resolveMinutes === null || resolveMinutes < 1) next.resolve = t('admin.sla.invalid');
    else if (takeChargeMinutes !== null && resolveMinutes < takeChargeMinutes) next.resolve = t('admin.sla.resolveBeforeTake');
    setErrors(next);
    if (next.take || next.resolve || takeChargeMinutes === null || resolveMinutes === null) return;
    update.mutate(
      { urgency: target.urgency, takeChargeMinutes, resolveMinutes, version: target.version },
      {
        onSuccess: () => setSaved(true),
        onError: (error) => {
          const issue = fieldIssues(error).find((i) => i.path === 'resolveMinutes' || i.path === 'takeChargeMinutes');
          if (issue) setErrors(issue.path === 'resolveMinutes' ? { resolve: issue.message } : { take: issue.message });
        },
      },
    );
  };

  return (
    <form className="sla-target" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="h5 mb-1">
        {t(`urgency.${target.urgency}`)}
      </h3>
      <p className="small text-muted mb-2">
        {t('admin.sla.now', { take: format(target.takeChargeMinutes), resolve: format(target.resolveMinutes) })}
      </p>
      <div className="d-flex flex-wrap gap-4 align-items-end">
        <DurationInputs id={`${id}-take`} legend={t('admin.sla.takeCharge')} value={take} onChange={setTake} error={errors.take} />
        <DurationInputs id={`${id}-resolve`} legend={t('admin.sla.resolve')} value={resolve} onChange={setResolve} error={errors.resolve} />
        <Button type="submit" color="primary" size="sm" disabled={update.isPending}>
          {update.isPending ? t('admin.saving') : t('admin.sla.save', { urgency: t(`urgency.${target.urgency}`) })}
        </Button>
      </div>
      <div aria-live="polite">{saved && <p className="text-success small mt-2 mb-0">{t('admin.sla.saved')}</p>}</div>
      {update.isError && fieldIssues(update.error).length === 0 && <ErrorAlert error={update.error} className="mt-2" />}
    </form>
  );
}

export function SlaPage() {
  const { t } = useTranslation();
  const sla = useSla();
  if (sla.isPending) return <Loading />;
  if (sla.isError) return <ErrorAlert error={sla.error} onRetry={() => void sla.refetch()} />;
  const ordered = [...sla.data.targets].sort((a, b) => URGENCIES.indexOf(a.urgency) - URGENCIES.indexOf(b.urgency));
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.sla.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.sla.intro')}</p>
      <section aria-labelledby="sla-targets" className="mb-5">
        <h2 id="sla-targets" className="h4">
          {t('admin.sla.targets')}
        </h2>
        <div className="sla-targets">
          {ordered.map((target) => (
            <TargetForm key={`${target.urgency}-${target.version}`} target={target} />
          ))}
          {ordered.length === 0 && <p className="text-muted">{t('admin.sla.noTargets')}</p>}
        </div>
      </section>
      <CalendarSection />
    </>
  );
}

export type { Urgency };
