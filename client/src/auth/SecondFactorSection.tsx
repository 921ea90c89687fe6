import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card } from 'design-react-kit';
import { SecondFactorStatusSchema } from '@cit/shared';
import { z } from 'zod';
import { apiRequest } from '../api/client';
import { ErrorAlert } from '../ui/ErrorAlert';
import { CodeForm, RecoveryCodes, TotpEnrolment } from './TotpEnrolment';

const statusKey = ['auth', 'second-factor'] as const;
const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

/** On /profilo: the authenticator app (enrol, new recovery codes, switch off where the role allows). */
export function SecondFactorSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: statusKey, queryFn: ({ signal }) => apiRequest('/api/auth/second-factor', { schema: SecondFactorStatusSchema, signal }) });
  const [mode, setMode] = useState<'idle' | 'enrol' | 'renew' | 'disable'>('idle');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const done = () => {
    setMode('idle');
    setError(null);
    void queryClient.invalidateQueries({ queryKey: statusKey });
  };
  const act = (path: string, code: string) => {
    setBusy(true);
    setError(null);
    const request =
      path === 'disable'
        ? apiRequest('/api/auth/second-factor/disable', { method: 'POST', body: { code } }).then(() => null)
        : apiRequest('/api/auth/second-factor/recovery-codes', { method: 'POST', body: { code }, schema: RecoveryCodesSchema }).then((r) => r.recoveryCodes);
    request
      .then((c) => {
        setCodes(c);
        done();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Card className="card-bg p-3 mt-4" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title" className="h4">
        {t('identity.sectionTitle')}
      </h2>
      {status.error ? <ErrorAlert error={status.error} onRetry={() => void status.refetch()} /> : null}
      {status.data && (
        <>
          <p>
            {status.data.enrolled ? t('identity.enrolled', { count: status.data.recoveryCodesLeft }) : t('identity.notEnrolled')}{' '}
            {status.data.required ? t('identity.requiredForRole') : t('identity.optional')}
          </p>
          {codes && <RecoveryCodes codes={codes} />}
          {mode === 'enrol' && (
            <TotpEnrolment
              onConfirmed={(r) => {
                setCodes(r.recoveryCodes);
                done();
              }}
            />
          )}
          {(mode === 'renew' || mode === 'disable') && (
            <CodeForm id="profile-totp-code" busy={busy} error={error} submitLabel={mode === 'renew' ? t('identity.renew') : t('identity.disable')} onSubmit={(c) => act(mode, c)} />
          )}
          {mode === 'idle' && (
            <div className="d-flex flex-wrap gap-2">
              {!status.data.enrolled && (
                <Button color="primary" onClick={() => setMode('enrol')}>
                  {t('identity.enrol')}
                </Button>
              )}
              {status.data.enrolled && (
                <Button color="primary" outline onClick={() => setMode('renew')}>
                  {t('identity.renew')}
                </Button>
              )}
              {status.data.enrolled && !status.data.required && (
                <Button color="danger" outline onClick={() => setMode('disable')}>
                  {t('identity.disable')}
                </Button>
              )}
            </div>
          )}
        </>
      )}
    </Card>
  );
}
