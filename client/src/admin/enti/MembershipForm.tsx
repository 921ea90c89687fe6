import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { isValidPersonalFiscalCode, RECORDED_QUOTA_PERIOD, type MembershipRecord } from '@cit/shared';
import { ErrorSummary } from '../../tickets/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { EntePicker, type PickedEnte } from '../EntePicker';
import { useCreateMembership, useUpdateMembership } from './enteDataApi';
import { useFormErrors } from './useServerErrors';

type Field = 'period' | 'signer' | 'signerFiscalCode' | 'signedOn' | 'resolutionNumber' | 'resolutionDate' | 'joinedOn' | 'leftOn' | 'payer' | 'recordedQuota';
const FIELDS: readonly Field[] = ['period', 'signer', 'signerFiscalCode', 'signedOn', 'resolutionNumber', 'resolutionDate', 'joinedOn', 'leftOn', 'payer', 'recordedQuota'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** «1.973,63» or «1973.63» → 197363 cents; null when it is not an amount. */
function parseEuroCents(text: string): number | null {
  const clean = text.trim().replace(/\s|€/g, '');
  const normalised = clean.includes(',') ? clean.replace(/\./g, '').replace(',', '.') : clean;
  return /^\d{1,9}(\.\d{1,2})?$/.test(normalised) ? Math.round(Number(normalised) * 100) : null;
}
const centsText = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2).replace('.', ','));

const serverField = (path: string): Field | undefined =>
  path === 'payerEnteId' ? 'payer' : path === 'recordedQuotaCents' ? 'recordedQuota' : (FIELDS as readonly string[]).includes(path) ? (path as Field) : undefined;

/** Create (no membership) or edit a membership; the version read travels with the edit. */
export function MembershipForm({ enteId, membership, onDone }: { enteId: string; membership: MembershipRecord | null; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateMembership(enteId);
  const update = useUpdateMembership(enteId);
  const pending = create.isPending || update.isPending;
  const [values, setValues] = useState({
    period: membership?.period ?? '',
    signer: membership?.signer ?? '',
    signerFiscalCode: membership?.signerFiscalCode ?? '',
    signedOn: membership?.signedOn ?? '',
    resolutionNumber: membership?.resolutionNumber ?? '',
    resolutionDate: membership?.resolutionDate ?? '',
    joinedOn: membership?.joinedOn ?? '',
    leftOn: membership?.leftOn ?? '',
    recordedQuota: centsText(membership?.recordedQuotaCents ?? null),
  });
  const [payer, setPayer] = useState<PickedEnte[]>(membership?.payer ? [membership.payer] : []);
  const form = useFormErrors<Field>(membership ? update.error : create.error, serverField);
  const id = (f: Field) => `membership-${f}`;
  const set = (f: keyof typeof values) => (v: string) => setValues((old) => ({ ...old, [f]: v }));
  const quotaApplies = values.period === RECORDED_QUOTA_PERIOD;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!membership && !/^\d{4}-\d{4}$/.test(values.period.trim())) next.period = t('admin.membership.errors.period');
    if (!values.signer.trim()) next.signer = t('admin.membership.errors.signer');
    const signerFiscalCode = values.signerFiscalCode.replace(/\s+/g, '').toUpperCase();
    if (signerFiscalCode && !isValidPersonalFiscalCode(signerFiscalCode)) next.signerFiscalCode = t('admin.membership.errors.signerFiscalCode');
    if (!DATE.test(values.signedOn)) next.signedOn = t('admin.membership.errors.date');
    if (!values.resolutionNumber.trim()) next.resolutionNumber = t('admin.membership.errors.resolutionNumber');
    if (!DATE.test(values.resolutionDate)) next.resolutionDate = t('admin.membership.errors.date');
    if (values.joinedOn && !DATE.test(values.joinedOn)) next.joinedOn = t('admin.membership.errors.date');
    if (values.leftOn && !DATE.test(values.leftOn)) next.leftOn = t('admin.membership.errors.date');
    const quota = quotaApplies && values.recordedQuota.trim() ? parseEuroCents(values.recordedQuota) : null;
    if (quotaApplies && values.recordedQuota.trim() && quota === null) next.recordedQuota = t('admin.membership.errors.quota');
    if (!form.check(next)) return;
    const fields = {
      signer: values.signer.trim(),
      signerFiscalCode: signerFiscalCode || null,
      signedOn: values.signedOn,
      resolutionNumber: values.resolutionNumber.trim(),
      resolutionDate: values.resolutionDate,
      joinedOn: values.joinedOn || null,
      leftOn: values.leftOn || null,
      payerEnteId: payer[0]?.id ?? null,
      recordedQuotaCents: quota,
    };
    if (membership) update.mutate({ id: membership.id, version: membership.version, ...fields }, { onSuccess: onDone });
    else create.mutate({ period: values.period.trim(), ...fields }, { onSuccess: onDone });
  };

  const listed = FIELDS.flatMap((f) => (form.errors[f] ? [{ id: id(f), message: form.errors[f] }] : []));
  const title = membership ? t('admin.membership.editTitle', { period: membership.period }) : t('admin.membership.addTitle');
  const text = (f: Exclude<Field, 'payer'>, label: string, extra: { type?: string; hint?: string; required?: boolean } = {}) => (
    <TextField
      id={id(f)}
      label={label}
      type={extra.type ?? 'text'}
      required={extra.required ?? false}
      value={values[f]}
      onValueChange={set(f)}
      error={form.errors[f]}
      hint={extra.hint}
      autoComplete="off"
    />
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="membership-form-title" aria-busy={pending} className="mt-3 admin-inline-form">
      <h3 id="membership-form-title" className="h5">
        {title}
      </h3>
      {form.attempts > 0 && (listed.length > 0 || form.unexplained) && (
        <ErrorSummary title={t('admin.membership.errors.notSaved')} failure={form.unexplained} fields={listed} summaryRef={form.summaryRef} />
      )}
      {!membership && text('period', t('admin.membership.period'), { required: true, hint: t('admin.membership.periodHint') })}
      {text('signer', t('admin.enti.signer'), { required: true })}
      {text('signerFiscalCode', t('admin.membership.signerFiscalCode'), { hint: t('admin.membership.signerFiscalCodeHint') })}
      {text('signedOn', t('admin.enti.signedOn'), { type: 'date', required: true })}
      {text('resolutionNumber', t('admin.membership.resolutionNumber'), { required: true, hint: t('admin.membership.resolutionNumberHint') })}
      {text('resolutionDate', t('admin.membership.resolutionDate'), { type: 'date', required: true })}
      {text('joinedOn', t('admin.membership.joinedOn'), { type: 'date', hint: t('admin.membership.joinedOnHint') })}
      {text('leftOn', t('admin.membership.leftOn'), { type: 'date' })}
      <fieldset className="mb-4">
        <legend className="form-legend">{t('admin.membership.payer')}</legend>
        <EntePicker id={id('payer')} value={payer} onChange={setPayer} error={form.errors.payer} single />
        <small className="form-text">{t('admin.membership.payerHint')}</small>
      </fieldset>
      {quotaApplies && text('recordedQuota', t('admin.membership.recordedQuota'), { hint: t('admin.membership.recordedQuotaHint') })}
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" size="sm" disabled={pending}>
          {pending ? t('admin.saving') : t('admin.membership.save')}
        </Button>
        <Button type="button" color="secondary" outline size="sm" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
