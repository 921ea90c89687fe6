import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { BillingAccountingSchema, type BillingAccounting } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { ErrorSummary } from '../tickets/ErrorSummary';
import { TextField } from '../ui/TextField';
import { useSetAccounting } from './api';

type Field = 'budgetChapter' | 'assessmentNumber' | 'assessmentDate';
const FIELDS: readonly Field[] = ['budgetChapter', 'assessmentNumber', 'assessmentDate'];

export interface AccountingValues {
  budgetChapter: string | null;
  assessmentNumber: string | null;
  assessmentDate: string | null;
}

interface AccountingFormProps {
  idPrefix: string;
  /** The entries to update: one (edit) or a selection (bulk). */
  entryIds: string[];
  /** Current values of a single entry; a selection starts empty. */
  initial?: AccountingValues;
  /** What the form is about, read out as its name («Quota di adesione 2026», «3 addebiti selezionati»). */
  title: string;
  /** Called with how many entries were updated. */
  onDone: (updated: number) => void;
  onCancel: () => void;
}

/**
 * Capitolo and accertamento of billing entries, for the CIT accounting. An empty field leaves the value as it is,
 * unless the entry had one (then it is cleared); the shared schema checks what the server checks, with its messages.
 */
export function AccountingForm({ idPrefix, entryIds, initial, title, onDone, onCancel }: AccountingFormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({
    budgetChapter: initial?.budgetChapter ?? '',
    assessmentNumber: initial?.assessmentNumber ?? '',
    assessmentDate: initial?.assessmentDate ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  const save = useSetAccounting();
  const ids: Record<Field, string> = {
    budgetChapter: `${idPrefix}-chapter`,
    assessmentNumber: `${idPrefix}-number`,
    assessmentDate: `${idPrefix}-date`,
  };

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  const fromFailure = (failure: unknown) => {
    const next: Partial<Record<Field, string>> = {};
    for (const issue of fieldIssues(failure)) {
      const key = issue.path.split('.').find((k): k is Field => (FIELDS as readonly string[]).includes(k));
      if (key && !next[key]) next[key] = issue.message;
    }
    return next;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = (f: Field): string | null | undefined => {
      const v = values[f].trim();
      if (v) return v;
      return initial?.[f] ? null : undefined;
    };
    const input: BillingAccounting = { budgetChapter: value('budgetChapter'), assessmentNumber: value('assessmentNumber'), assessmentDate: value('assessmentDate') };
    const parsed = BillingAccountingSchema.safeParse(input);
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = (issue.path[0] as Field | undefined) ?? 'budgetChapter';
        if (!next[key]) next[key] = issue.message;
      }
      setErrors(next);
      setAttempts((n) => n + 1);
      return;
    }
    setErrors({});
    save.mutate(
      { ids: entryIds, accounting: parsed.data },
      {
        onSuccess: (result) => onDone(result.updated),
        onError: (failure) => {
          setErrors(fromFailure(failure));
          setAttempts((n) => n + 1);
        },
      },
    );
  };

  const listed = FIELDS.flatMap((f) => (errors[f] ? [{ id: ids[f], message: errors[f] }] : []));
  const otherFailure = save.isError && fieldIssues(save.error).length === 0 ? save.error : null;
  const set = (f: Field) => (v: string) => setValues((old) => ({ ...old, [f]: v }));

  return (
    <form onSubmit={submit} noValidate className="accounting-form" aria-label={title} aria-busy={save.isPending}>
      {attempts > 0 && (listed.length > 0 || otherFailure) && (
        <ErrorSummary title={t('billing.accounting.notSaved')} failure={otherFailure} fields={listed} summaryRef={summaryRef} />
      )}
      <p className="small text-muted mb-3">{entryIds.length > 1 ? t('billing.accounting.bulkHint', { count: entryIds.length }) : t('billing.accounting.hint')}</p>
      <TextField
        id={ids.budgetChapter}
        label={t('billing.accounting.chapter')}
        hint={t('billing.accounting.chapterHint')}
        maxLength={200}
        value={values.budgetChapter}
        onValueChange={set('budgetChapter')}
        error={errors.budgetChapter}
        autoComplete="off"
      />
      <div className="d-flex flex-wrap gap-3">
        <TextField
          id={ids.assessmentNumber}
          label={t('billing.accounting.number')}
          hint={t('billing.accounting.numberHint')}
          maxLength={40}
          value={values.assessmentNumber}
          onValueChange={set('assessmentNumber')}
          error={errors.assessmentNumber}
          autoComplete="off"
        />
        <TextField
          id={ids.assessmentDate}
          label={t('billing.accounting.date')}
          type="date"
          min="2000-01-01"
          max="2200-12-31"
          value={values.assessmentDate}
          onValueChange={set('assessmentDate')}
          error={errors.assessmentDate}
        />
      </div>
      <div className="d-flex flex-wrap gap-2">
        <Button type="submit" color="primary" size="sm" disabled={save.isPending}>
          {save.isPending ? t('billing.accounting.saving') : t('billing.accounting.save')}
        </Button>
        <Button type="button" color="secondary" outline size="sm" onClick={onCancel}>
          {t('billing.accounting.cancel')}
        </Button>
      </div>
    </form>
  );
}
