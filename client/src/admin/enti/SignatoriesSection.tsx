import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { ErrorSummary } from '../../tickets/ErrorSummary';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { TextField } from '../../ui/TextField';
import { useAddSignatory, useRemoveSignatory, useSignatories } from './enteDataApi';
import { useFormErrors } from './useServerErrors';

type Field = 'fullName' | 'fiscalCode' | 'role';
const FIELDS: readonly Field[] = ['fullName', 'fiscalCode', 'role'];
const serverField = (path: string): Field | undefined => ((FIELDS as readonly string[]).includes(path) ? (path as Field) : undefined);

/**
 * The people the Ente declares as authorised to sign its request forms: the approver's verdict matches the codice
 * fiscale of a digital signature against them (issue 20). Every change is audited.
 */
export function SignatoriesSection({ enteId, canEdit }: { enteId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const list = useSignatories(enteId);
  const add = useAddSignatory(enteId);
  const remove = useRemoveSignatory(enteId);
  const form = useFormErrors<Field>(add.error, serverField);
  const [values, setValues] = useState<Record<Field, string>>({ fullName: '', fiscalCode: '', role: '' });
  const id = (f: Field) => `signatory-${f}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    for (const f of FIELDS) if (!values[f].trim()) next[f] = t('formVerdict.signatories.required', { field: t(`formVerdict.signatories.${f}`) });
    if (!form.check(next)) return;
    add.mutate(values, { onSuccess: () => setValues({ fullName: '', fiscalCode: '', role: '' }) });
  };
  const listed = FIELDS.flatMap((f) => (form.errors[f] ? [{ id: id(f), message: form.errors[f] }] : []));

  return (
    <section aria-labelledby="ente-signatories" className="mb-4 ente-signatories">
      <h2 id="ente-signatories" className="h4">
        {t('formVerdict.signatories.title')}
      </h2>
      <p className="text-muted small">{t('formVerdict.signatories.intro')}</p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="text-muted">{t('formVerdict.signatories.none')}</p>
      ) : (
        <ul className="list-unstyled">
          {list.data.items.map((s) => (
            <li key={s.id} className="d-flex flex-wrap align-items-center gap-2 mb-1">
              <span>
                {s.fullName} – {s.role} <span className="text-muted">({s.fiscalCode})</span>
              </span>
              {canEdit && (
                <Button
                  color="danger"
                  outline
                  size="xs"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(t('formVerdict.signatories.confirmRemove', { name: s.fullName }))) remove.mutate(s.id);
                  }}
                >
                  {t('formVerdict.signatories.remove', { name: s.fullName })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorAlert error={remove.error} title={t('formVerdict.signatories.notRemoved')} className="mt-2" />}
      {canEdit && (
        <form onSubmit={submit} noValidate aria-labelledby="signatory-form-title" aria-busy={add.isPending} className="mt-3 admin-inline-form">
          <h3 id="signatory-form-title" className="h5">
            {t('formVerdict.signatories.add')}
          </h3>
          {form.attempts > 0 && (listed.length > 0 || form.unexplained) && (
            <ErrorSummary title={t('formVerdict.signatories.notSaved')} failure={form.unexplained} fields={listed} summaryRef={form.summaryRef} />
          )}
          {FIELDS.map((f) => (
            <TextField
              key={f}
              id={id(f)}
              label={t(`formVerdict.signatories.${f}`)}
              required
              value={values[f]}
              onValueChange={(v: string) => setValues((old) => ({ ...old, [f]: v }))}
              error={form.errors[f]}
              autoComplete="off"
            />
          ))}
          <Button type="submit" color="primary" size="sm" disabled={add.isPending}>
            {t('formVerdict.signatories.add')}
          </Button>
        </form>
      )}
    </section>
  );
}
