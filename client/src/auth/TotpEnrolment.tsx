import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { TotpConfirmedSchema, TotpEnrolmentSchema, type TotpConfirmed, type TotpEnrolment as Enrolment } from '@cit/shared';
import { apiRequest } from '../api/client';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { TextField } from '../ui/TextField';

/** A form asking one code (6 digits of the app, or a recovery code). */
export function CodeForm({ id, busy, error, submitLabel, onSubmit }: { id: string; busy: boolean; error: unknown; submitLabel: string; onSubmit: (code: string) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy && code.trim()) onSubmit(code);
  };
  // A wrong code is a field problem: said next to the field; anything else (expired login) above the form.
  const fieldMessage = error ? fieldIssues(error).find((i) => i.path === 'code')?.message : undefined;
  return (
    <form noValidate onSubmit={submit} aria-busy={busy} className="pt-3">
      {error !== null && error !== undefined && !fieldMessage && <ErrorAlert error={error} className="mb-3" />}
      <TextField
        id={id}
        label={t('identity.code')}
        hint={t('identity.codeHint')}
        inputMode="text"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={40}
        required
        value={code}
        onValueChange={setCode}
        error={fieldMessage}
      />
      <Button type="submit" color="primary" disabled={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}

/** The ten recovery codes, shown once after an enrolment or a renewal. */
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="recovery-codes-title" className="mb-3">
      <h2 id="recovery-codes-title" className="h5">
        {t('identity.recoveryTitle')}
      </h2>
      <p>{t('identity.recoveryIntro')}</p>
      <ul className="list-unstyled font-monospace fs-5" aria-label={t('identity.recoveryTitle')}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </section>
  );
}

/** Enrolment of an authenticator app: the QR code (and the secret as text), then a first code to confirm it. */
export function TotpEnrolment({ onConfirmed }: { onConfirmed: (result: TotpConfirmed) => void }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let cancelled = false;
    apiRequest('/api/auth/second-factor/enrolment', { method: 'POST', body: {}, schema: TotpEnrolmentSchema })
      .then((e) => !cancelled && setEnrolment(e))
      .catch((e: unknown) => !cancelled && setError(e));
    return () => {
      cancelled = true;
    };
  }, []);
  if (!enrolment) return error ? <ErrorAlert error={error} /> : <Loading minHeight="20vh" />;
  const confirm = (code: string) => {
    setBusy(true);
    apiRequest('/api/auth/second-factor/enrolment/confirm', { method: 'POST', body: { code }, schema: TotpConfirmedSchema })
      .then(onConfirmed)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <div>
      <p>{t('identity.enrolIntro')}</p>
      <img src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`} width={200} height={200} alt={t('identity.qrAlt')} />
      <p className="mt-2">
        {t('identity.secretText')} <code className="text-break">{enrolment.secret}</code>
      </p>
      <CodeForm id="totp-enrol-code" busy={busy} error={error} submitLabel={t('identity.confirm')} onSubmit={confirm} />
    </div>
  );
}
