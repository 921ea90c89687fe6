import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Container } from 'design-react-kit';
import { UpdatePreferencesSchema, type Preferences } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { useCurrentUser } from '../auth/currentUser';
import { SecondFactorSection } from '../auth/SecondFactorSection';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { usePreferences, useUpdatePreferences } from './api';

const desktopSupported = () => typeof window !== 'undefined' && 'Notification' in window;

/** /profilo: the user's own preferences (language, e-mail, desktop notifications) and phone. */
export function ProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const preferences = usePreferences();
  if (preferences.isPending) return <Loading minHeight="40vh" />;
  return (
    <Container className="py-4 py-lg-5">
      <PageTitle className="mb-2">{t('profile.title')}</PageTitle>
      <p className="lead mb-4">
        {user.name} · <span className="text-break">{user.email}</span>
      </p>
      {preferences.data ? (
        <ProfileForm initial={preferences.data} />
      ) : (
        <ErrorAlert error={preferences.error} onRetry={() => void preferences.refetch()} />
      )}
      <SecondFactorSection />
    </Container>
  );
}

function ProfileForm({ initial }: { initial: Preferences }) {
  const { t } = useTranslation();
  const update = useUpdatePreferences();
  const mailId = useId();
  const desktopId = useId();
  const [language, setLanguage] = useState(initial.language);
  const [mailOptOut, setMailOptOut] = useState(initial.mailOptOut);
  const [desktop, setDesktop] = useState(initial.desktopNotifications);
  const [phone, setPhone] = useState(initial.phone ?? '');
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [permission, setPermission] = useState(desktopSupported() ? Notification.permission : 'denied');

  useEffect(() => {
    const issue = fieldIssues(update.error).find((i) => i.path === 'phone');
    if (issue) setError(issue.message);
  }, [update.error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const body = UpdatePreferencesSchema.safeParse({ language, mailOptOut, desktopNotifications: desktop, phone: phone.trim() || null });
    if (!body.success) {
      setError(body.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    // The browser asks its own permission once, at the moment the user turns the option on.
    if (desktop && desktopSupported() && Notification.permission === 'default') setPermission(await Notification.requestPermission());
    update.mutate(body.data, { onSuccess: () => setSaved(true) });
  };

  return (
    <Card shadow="sm" rounded className="profile-card">
      <form className="it-card-body" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          className="mb-4"
          id="profile-language"
          label={t('profile.language')}
          value={language}
          onValueChange={(v) => setLanguage(v === 'en' ? 'en' : 'it')}
          options={[
            { value: 'it', label: 'Italiano' },
            { value: 'en', label: 'English' },
          ]}
        />
        <TextField
          className="mb-4"
          id="profile-phone"
          type="tel"
          label={t('profile.phone')}
          hint={t('profile.phoneHint')}
          value={phone}
          onValueChange={setPhone}
          autoComplete="tel"
          error={error}
        />
        <fieldset className="mb-4">
          <legend className="h6">{t('profile.notifications')}</legend>
          <div className="form-check">
            <input id={mailId} type="checkbox" checked={mailOptOut} onChange={(e) => setMailOptOut(e.target.checked)} />
            <label htmlFor={mailId}>{t('profile.mailOptOut')}</label>
          </div>
          <p className="small text-muted ms-5">{t('profile.mailOptOutHint')}</p>
          <div className="form-check">
            <input id={desktopId} type="checkbox" checked={desktop} onChange={(e) => setDesktop(e.target.checked)} disabled={!desktopSupported()} />
            <label htmlFor={desktopId}>{t('profile.desktop')}</label>
          </div>
          <p className="small text-muted ms-5 mb-0">
            {!desktopSupported() ? t('profile.desktopUnsupported') : desktop && permission === 'denied' ? t('profile.desktopDenied') : t('profile.desktopHint')}
          </p>
        </fieldset>
        {update.isError && !fieldIssues(update.error).length && <ErrorAlert error={update.error} title={t('profile.failed')} />}
        {saved && (
          <Alert color="success" fade={false} role="status">
            {t('profile.saved')}
          </Alert>
        )}
        <Button type="submit" color="primary" disabled={update.isPending}>
          {update.isPending ? t('profile.saving') : t('profile.save')}
        </Button>
      </form>
    </Card>
  );
}
