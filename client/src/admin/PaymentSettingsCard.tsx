import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { TextField } from '../ui/TextField';
import { TextAreaField } from '../tickets/TextAreaField';
import { usePaymentSettings, useSavePaymentSettings } from './api';

/** The payment instructions printed on the statements: beneficiary, Tesoreria Unica account, IBAN, notes. */
export function PaymentSettingsCard() {
  const { t } = useTranslation();
  const settings = usePaymentSettings();
  const save = useSavePaymentSettings();
  const [form, setForm] = useState({ beneficiary: '', treasuryAccount: '', iban: '', notes: '' });
  const data = settings.data;
  useEffect(() => {
    if (data) setForm({ beneficiary: data.beneficiary, treasuryAccount: data.treasuryAccount ?? '', iban: data.iban ?? '', notes: data.notes });
  }, [data]);
  if (settings.isPending) return <Loading minHeight="6rem" />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  const issues = fieldIssues(save.error);
  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...form, treasuryAccount: form.treasuryAccount || null, iban: form.iban || null, version: settings.data.version });
  };
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  return (
    <section aria-labelledby="payment-settings-title" className="admin-card">
      <h2 id="payment-settings-title" className="h5">
        {t('admin.billing.payment.title')}
      </h2>
      <p className="small">{t('admin.billing.payment.intro')}</p>
      <form onSubmit={submit} noValidate>
        <TextField id="payment-beneficiary" label={t('admin.billing.payment.beneficiary')} value={form.beneficiary} onValueChange={set('beneficiary')} error={errorOf('beneficiary')} />
        <TextField
          id="payment-treasury"
          label={t('admin.billing.payment.treasury')}
          hint={t('admin.billing.payment.treasuryHint')}
          inputMode="numeric"
          value={form.treasuryAccount}
          onValueChange={set('treasuryAccount')}
          error={errorOf('treasuryAccount')}
        />
        <TextField id="payment-iban" label={t('admin.billing.payment.iban')} value={form.iban} onValueChange={set('iban')} error={errorOf('iban')} autoComplete="off" />
        <TextAreaField id="payment-notes" label={t('admin.billing.payment.notes')} value={form.notes} onValueChange={set('notes')} rows={2} maxLength={1000} error={errorOf('notes')} />
        <Button type="submit" color="primary" disabled={save.isPending}>
          {t('admin.billing.payment.save')}
        </Button>
      </form>
      <div aria-live="polite">
        {save.isSuccess && (
          <Alert color="success" fade={false} className="mt-3 mb-0">
            {t('admin.billing.payment.saved')}
          </Alert>
        )}
      </div>
      {save.isError && issues.length === 0 && <ErrorAlert error={save.error} />}
    </section>
  );
}
