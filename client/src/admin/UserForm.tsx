import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { isValidPersonalFiscalCode, ROLES, type Language, type Role } from '@cit/shared';
import { fieldIssues, isApiError } from '../api/errors';
import { ErrorSummary } from '../tickets/ErrorSummary';
import { useSuppliers } from '../tickets/api';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { FieldMessages } from '../ui/fieldParts';
import type { AdminUser, UserInput } from './api';
import { EntePicker, type PickedEnte } from './EntePicker';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const needsEnti = (role: Role) => role === 'ente_user' || role === 'capofila_user';

type Field = 'email' | 'name' | 'fiscalCode' | 'role' | 'enti' | 'supplier';

interface UserFormProps {
  /** Absent: a new user. */
  user?: AdminUser;
  idPrefix: string;
  pending: boolean;
  failure: unknown;
  onSubmit: (input: UserInput) => void;
  onCancel?: () => void;
  submitLabel: string;
}

/** Create or edit a user: e-mail (new only), name, role, Enti or supplier depending on the role, language. */
export function UserForm({ user, idPrefix, pending, failure, onSubmit, onCancel, submitLabel }: UserFormProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role | ''>(user?.role ?? '');
  const [enti, setEnti] = useState<PickedEnte[]>(user?.enti ?? []);
  const [supplierId, setSupplierId] = useState(user?.supplier?.id ?? '');
  const [language, setLanguage] = useState<Language>(user?.language ?? 'it');
  const [fiscalCode, setFiscalCode] = useState(user?.fiscalCode ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  const suppliers = useSuppliers(role === 'supplier_user');
  const ids: Record<Field, string> = {
    email: `${idPrefix}-email`,
    name: `${idPrefix}-name`,
    fiscalCode: `${idPrefix}-fiscal-code`,
    role: `${idPrefix}-role`,
    enti: `${idPrefix}-enti`,
    supplier: `${idPrefix}-supplier`,
  };

  // Server-side problems: the e-mail already used, or field messages.
  useEffect(() => {
    if (!failure) return;
    const next: Partial<Record<Field, string>> = {};
    if (isApiError(failure, 'email_taken')) next.email = failure.message || t('admin.users.errors.emailTaken');
    if (isApiError(failure, 'fiscal_code_taken')) next.fiscalCode = failure.message;
    for (const issue of fieldIssues(failure)) {
      const key = issue.path.split('.')[0];
      const field: Field | undefined =
        key === 'email' || key === 'name' || key === 'role' || key === 'fiscalCode' ? key : key === 'enteIds' ? 'enti' : key === 'supplierId' ? 'supplier' : undefined;
      if (field && !next[field]) next[field] = issue.message;
    }
    setErrors(next);
    setAttempts((n) => n + 1);
  }, [failure, t]);

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!user && !EMAIL.test(email.trim())) next.email = t('admin.users.errors.email');
    if (name.trim().length < 2) next.name = t('admin.users.errors.name');
    const cf = fiscalCode.replace(/\s+/g, '').toUpperCase();
    if (cf && !isValidPersonalFiscalCode(cf)) next.fiscalCode = t('admin.users.errors.fiscalCode');
    if (!role) next.role = t('admin.users.errors.role');
    if (role && needsEnti(role) && enti.length === 0) next.enti = t('admin.users.errors.enti');
    if (role === 'supplier_user' && !supplierId) next.supplier = t('admin.users.errors.supplier');
    setErrors(next);
    if (Object.keys(next).length > 0 || !role) {
      setAttempts((n) => n + 1);
      return;
    }
    onSubmit({
      ...(user ? {} : { email: email.trim() }),
      name: name.trim(),
      role,
      enteIds: needsEnti(role) ? enti.map((e) => e.id) : [],
      ...(role === 'supplier_user' ? { supplierId } : user?.supplier ? { supplierId: null } : {}),
      language,
      // An empty field on an existing user removes the code; on a new one it is simply not sent.
      ...(cf ? { fiscalCode: cf } : user?.fiscalCode ? { fiscalCode: null } : {}),
    });
  };

  const listed = (Object.keys(ids) as Field[]).flatMap((f) => (errors[f] ? [{ id: ids[f], message: errors[f] }] : []));
  const showSummary = attempts > 0 && (listed.length > 0 || (failure !== null && failure !== undefined));
  const otherFailure = failure && !isApiError(failure, 'email_taken') && !isApiError(failure, 'fiscal_code_taken') && fieldIssues(failure).length === 0 ? failure : null;

  return (
    <form onSubmit={submit} noValidate className="user-form" aria-busy={pending}>
      {showSummary && <ErrorSummary title={user ? t('admin.users.errors.notSaved') : t('admin.users.errors.notCreated')} failure={otherFailure} fields={listed} summaryRef={summaryRef} />}
      {!user && (
        <TextField id={ids.email} label={t('admin.users.email')} type="email" autoComplete="off" required maxLength={320} value={email} onValueChange={setEmail} error={errors.email} hint={t('admin.users.emailHint')} />
      )}
      <TextField id={ids.name} label={t('admin.users.name')} required maxLength={200} value={name} onValueChange={setName} error={errors.name} autoComplete="off" />
      <TextField
        id={ids.fiscalCode}
        label={t('identity.fiscalCode')}
        hint={t('identity.fiscalCodeHint')}
        maxLength={20}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        value={fiscalCode}
        onValueChange={setFiscalCode}
        error={errors.fiscalCode}
      />
      <SelectField
        id={ids.role}
        label={t('admin.users.role')}
        value={role}
        onValueChange={(v) => setRole(v as Role | '')}
        error={errors.role}
        required
        options={[{ value: '', label: t('admin.users.chooseRole') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
        className="mb-4"
      />
      {role && needsEnti(role) && (
        <fieldset className="mb-4">
          <legend className="form-legend">{role === 'capofila_user' ? t('admin.users.capofila') : t('admin.users.enti')}</legend>
          <EntePicker id={ids.enti} value={enti} onChange={setEnti} error={errors.enti} single={role === 'capofila_user'} />
        </fieldset>
      )}
      {role === 'supplier_user' && (
        <SelectField
          id={ids.supplier}
          label={t('admin.users.supplier')}
          value={supplierId}
          onValueChange={setSupplierId}
          error={errors.supplier}
          required
          className="mb-4"
          options={[{ value: '', label: t('admin.users.chooseSupplier') }, ...(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]}
        />
      )}
      <SelectField
        id={`${idPrefix}-language`}
        label={t('admin.users.language')}
        value={language}
        onValueChange={(v) => setLanguage(v === 'en' ? 'en' : 'it')}
        options={[
          { value: 'it', label: t('language.names.it') },
          { value: 'en', label: t('language.names.en') },
        ]}
        className="mb-4"
      />
      <FieldMessages id={`${idPrefix}-note`} hint={user ? undefined : t('admin.users.inviteNote')} />
      <div className="d-flex flex-wrap gap-2 mt-3">
        <Button type="submit" color="primary" disabled={pending}>
          {pending ? t('admin.saving') : submitLabel}
        </Button>
        {onCancel && (
          <Button type="button" color="secondary" outline onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
