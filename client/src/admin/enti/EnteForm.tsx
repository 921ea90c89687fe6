import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { ENTE_KINDS, isValidNumericFiscalCode, type CreateEnte, type EnteDetail, type EnteKind } from '@cit/shared';
import { fieldIssues, isApiError } from '../../api/errors';
import { ErrorSummary } from '../../tickets/ErrorSummary';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { EntePicker, type PickedEnte } from '../EntePicker';

const FIELDS = ['name', 'kind', 'fiscalCode', 'istatCode', 'ipaCode', 'pec', 'capofilaId', 'capofilaFrom'] as const;
type Field = (typeof FIELDS)[number];
const isField = (key: string | undefined): key is Field => (FIELDS as readonly string[]).includes(key ?? '');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface EnteFormProps {
  /** Absent: a new Ente. */
  ente?: EnteDetail;
  idPrefix: string;
  pending: boolean;
  failure: unknown;
  submitLabel: string;
  /** The body to send; an edit adds the version it read. */
  onSubmit: (input: CreateEnte) => void;
  onCancel: () => void;
  /** After a 409 stale_version: read the Ente again (the form restarts from the saved data). */
  onReload?: () => void;
}

/** Registry data of an Ente and its capofila relation, with the day a new relation starts. */
export function EnteForm({ ente, idPrefix, pending, failure, submitLabel, onSubmit, onCancel, onReload }: EnteFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(ente?.name ?? '');
  const [kind, setKind] = useState<EnteKind | ''>(ente?.kind ?? '');
  const [fiscalCode, setFiscalCode] = useState(ente?.fiscalCode ?? '');
  const [istatCode, setIstatCode] = useState(ente?.istatCode ?? '');
  const [ipaCode, setIpaCode] = useState(ente?.ipaCode ?? '');
  const [pec, setPec] = useState(ente?.pec ?? '');
  const [capofila, setCapofila] = useState<PickedEnte[]>(ente?.capofila ? [ente.capofila] : []);
  const [capofilaPays, setCapofilaPays] = useState(ente?.capofilaPays ?? false);
  const [capofilaFrom, setCapofilaFrom] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  const id = (f: Field) => `${idPrefix}-${f}`;

  const capofilaId = capofila[0]?.id ?? null;
  const relationChanged = capofilaId !== (ente?.capofila?.id ?? null) || (capofilaId !== null && capofilaPays !== (ente?.capofilaPays ?? false));

  useEffect(() => {
    if (!failure) return;
    const next: Partial<Record<Field, string>> = {};
    for (const issue of fieldIssues(failure)) {
      const key = issue.path.split('.')[0];
      const field = key === 'capofilaPays' ? 'capofilaId' : key;
      if (isField(field) && !next[field]) next[field] = issue.message;
    }
    setErrors(next);
    setAttempts((n) => n + 1);
  }, [failure]);

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (name.trim().length < 2) next.name = t('admin.enteForm.errors.name');
    if (!kind) next.kind = t('admin.enteForm.errors.kind');
    if (!isValidNumericFiscalCode(fiscalCode.trim())) next.fiscalCode = t('admin.enteForm.errors.fiscalCode');
    if (istatCode.trim() && !/^\d{6}$/.test(istatCode.trim())) next.istatCode = t('admin.enteForm.errors.istatCode');
    if (ipaCode.trim() && !/^[a-z0-9_]{2,20}$/i.test(ipaCode.trim())) next.ipaCode = t('admin.enteForm.errors.ipaCode');
    if (pec.trim() && !EMAIL.test(pec.trim())) next.pec = t('admin.enteForm.errors.pec');
    setErrors(next);
    if (Object.keys(next).length > 0 || !kind) {
      setAttempts((n) => n + 1);
      return;
    }
    onSubmit({
      name: name.trim(),
      kind,
      fiscalCode: fiscalCode.trim(),
      istatCode: istatCode.trim() || null,
      ipaCode: ipaCode.trim() || null,
      pec: pec.trim() || null,
      capofilaId,
      capofilaPays: capofilaId !== null && capofilaPays,
      ...(relationChanged && capofilaFrom ? { capofilaFrom } : {}),
    });
  };

  const listed = FIELDS.flatMap((f) => (errors[f] ? [{ id: id(f), message: errors[f] }] : []));
  const stale = isApiError(failure, 'stale_version');
  const otherFailure = failure && fieldIssues(failure).length === 0 ? failure : null;
  const showSummary = attempts > 0 && (listed.length > 0 || otherFailure !== null);

  return (
    <form onSubmit={submit} noValidate aria-busy={pending} className="ente-form">
      {showSummary && (
        <ErrorSummary title={ente ? t('admin.enteForm.notSaved') : t('admin.enteForm.notCreated')} failure={otherFailure} fields={listed} summaryRef={summaryRef} />
      )}
      {stale && onReload && (
        <p>
          <Button type="button" color="primary" outline size="sm" onClick={onReload}>
            {t('admin.enteForm.reload')}
          </Button>
        </p>
      )}
      <TextField id={id('name')} label={t('admin.enteForm.name')} required maxLength={200} value={name} onValueChange={setName} error={errors.name} autoComplete="off" />
      <SelectField
        id={id('kind')}
        label={t('enti.colKind')}
        value={kind}
        onValueChange={(v) => setKind(v as EnteKind | '')}
        error={errors.kind}
        required
        className="mb-4"
        options={[{ value: '', label: t('admin.enteForm.chooseKind') }, ...ENTE_KINDS.map((k) => ({ value: k, label: t(`enteKinds.${k}`) }))]}
      />
      <TextField id={id('fiscalCode')} label={t('enti.colFiscalCode')} required inputMode="numeric" maxLength={11} value={fiscalCode} onValueChange={setFiscalCode} error={errors.fiscalCode} hint={t('admin.enteForm.fiscalCodeHint')} autoComplete="off" />
      <TextField id={id('istatCode')} label={t('admin.enteForm.istatCode')} inputMode="numeric" maxLength={6} value={istatCode} onValueChange={setIstatCode} error={errors.istatCode} hint={t('admin.enteForm.istatHint')} autoComplete="off" />
      <TextField id={id('ipaCode')} label={t('admin.enteForm.ipaCode')} maxLength={20} value={ipaCode} onValueChange={setIpaCode} error={errors.ipaCode} hint={t('admin.enteForm.ipaHint')} autoComplete="off" />
      <TextField id={id('pec')} label={t('enti.colPec')} type="email" maxLength={200} value={pec} onValueChange={setPec} error={errors.pec} hint={t('admin.enteForm.pecHint')} autoComplete="off" />
      <fieldset className="mb-4">
        <legend className="form-legend">{t('admin.enti.capofila')}</legend>
        <EntePicker id={id('capofilaId')} label={t('admin.enteForm.chooseCapofila')} value={capofila} onChange={setCapofila} error={errors.capofilaId} single />
        {capofilaId && (
          <div className="form-check mt-2">
            <input id={`${idPrefix}-capofilaPays`} type="checkbox" checked={capofilaPays} onChange={(e) => setCapofilaPays(e.target.checked)} />
            <label htmlFor={`${idPrefix}-capofilaPays`}>{t('admin.enti.capofilaPays')}</label>
          </div>
        )}
        {relationChanged && (capofilaId !== null || ente?.capofila) && (
          <TextField
            id={id('capofilaFrom')}
            type="date"
            className="mt-3"
            label={t('admin.enteForm.capofilaFrom')}
            value={capofilaFrom}
            onValueChange={setCapofilaFrom}
            error={errors.capofilaFrom}
            hint={t('admin.enteForm.capofilaFromHint')}
          />
        )}
      </fieldset>
      <div className="d-flex flex-wrap gap-2 mt-3">
        <Button type="submit" color="primary" disabled={pending}>
          {pending ? t('admin.saving') : submitLabel}
        </Button>
        <Button type="button" color="secondary" outline onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
