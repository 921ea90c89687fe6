import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from 'design-react-kit';
import type { FormCheckResult, RequestFormDraft } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { TextField } from '../ui/TextField';
import { FileDrop } from '../tickets/FileDrop';
import { useFormCheck, useRequestForm } from './api';
import { SignedFormHelp } from './ServiceRequestFields';

export const SIGNATORY_FIELD_IDS = { signatoryName: 'form-signatory-name', signatoryRole: 'form-signatory-role' } as const;

export interface Signatory {
  name: string;
  role: string;
}

interface SignedFormStepProps {
  signatory: Signatory;
  onSignatoryChange: (patch: Partial<Signatory>) => void;
  /** Validates the wizard's draft for the form (errors go to the page's summary); null when something is missing. */
  formDraft: () => RequestFormDraft | null;
  errors: { signatoryName?: string | undefined; signatoryRole?: string | undefined; attachments?: string | undefined };
  filesId: string;
  files: readonly File[];
  onFilesChange: (files: File[]) => void;
  /** The check of exactly these files, or null while none (or a stale one) is known. */
  check: FormCheckResult | null;
  onCheck: (result: FormCheckResult | null) => void;
  progress: number | null;
  disabled: boolean;
}

/**
 * Step 3 of the service-request wizard: who signs, the pre-filled form to download, the signed files to upload;
 * the server checks them at once and the verdict is announced before the user can submit.
 */
export function SignedFormStep(props: SignedFormStepProps) {
  const { t } = useTranslation();
  const { signatory, errors, files, check, disabled } = props;
  const download = useRequestForm();
  const checker = useFormCheck();
  const [downloaded, setDownloaded] = useState(false);
  // Files picked in quick succession: only the answer for the latest choice counts.
  const latest = useRef(0);

  const onDownload = () => {
    const draft = props.formDraft();
    if (!draft) return;
    download.mutate(draft, {
      onSuccess: (blob) => {
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = `modulo-richiesta-${draft.serviceCode}.pdf`;
        document.body.append(link);
        link.click();
        link.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
        setDownloaded(true);
      },
    });
  };

  const onFiles = (next: File[]) => {
    props.onFilesChange(next);
    props.onCheck(null);
    const ticket = ++latest.current;
    if (next.length === 0) {
      checker.reset();
      return;
    }
    checker.mutate(next, {
      onSuccess: (result) => {
        if (ticket === latest.current) props.onCheck(result);
      },
    });
  };

  return (
    <>
      <p>{t('wizard.signatoryIntro')}</p>
      <TextField
        id={SIGNATORY_FIELD_IDS.signatoryName}
        label={t('wizard.signatoryName')}
        value={signatory.name}
        onValueChange={(name) => props.onSignatoryChange({ name })}
        required
        maxLength={200}
        autoComplete="name"
        error={errors.signatoryName}
      />
      <TextField
        id={SIGNATORY_FIELD_IDS.signatoryRole}
        label={t('wizard.signatoryRole')}
        hint={t('wizard.signatoryRoleHint')}
        value={signatory.role}
        onValueChange={(role) => props.onSignatoryChange({ role })}
        required
        maxLength={200}
        autoComplete="organization-title"
        error={errors.signatoryRole}
      />
      <div className="mb-4">
        <Button type="button" color="primary" outline onClick={onDownload} disabled={download.isPending || disabled}>
          <Icon icon="it-download" size="sm" color="primary" aria-hidden="true" className="me-1" />
          {download.isPending ? t('wizard.downloading') : t('wizard.download')}
        </Button>
        <p className="small mt-2 mb-0" role="status">
          {downloaded && !download.isPending ? t('wizard.downloaded') : ''}
        </p>
        {download.isError && <ErrorAlert error={download.error} title={t('wizard.downloadFailed')} className="mt-2" />}
      </div>

      <h3 className="h6">{t('wizard.uploadTitle')}</h3>
      <p className="small">{t('wizard.uploadHint')}</p>
      <SignedFormHelp />
      <FileDrop id={props.filesId} files={files} onFilesChange={onFiles} progress={props.progress} disabled={disabled} error={errors.attachments} />

      <div className="form-verdict-region mt-3" role="status" aria-live="polite" aria-atomic="true">
        {checker.isPending && <p className="mb-0">{t('wizard.checking')}</p>}
        {!checker.isPending && check && <FormVerdict result={check} />}
      </div>
      {checker.isError && <ErrorAlert error={checker.error} title={t('wizard.checkFailed')} className="mt-2" />}
    </>
  );
}

/** The rule's outcome for the files chosen: words, colour and icon, the problems and what the approver will check. */
export function FormVerdict({ result }: { result: FormCheckResult }) {
  const { t } = useTranslation();
  const { requirement } = result;
  const tone = requirement.outcome === 'digital_ok' ? 'success' : requirement.passes ? 'warning' : 'danger';
  return (
    <div className={`alert alert-${tone} form-verdict form-verdict-${requirement.outcome} mb-0`}>
      <p className="fw-semibold mb-1">
        {t('wizard.verdictTitle')}: {t(`wizard.outcome.${requirement.outcome}`)}
      </p>
      <p className="mb-1">{requirement.message}</p>
      {[...requirement.problems.filter((p) => p !== requirement.message), ...requirement.warnings.filter((w) => w !== requirement.message)].length > 0 && (
        <ul className="small mb-1">
          {requirement.problems
            .filter((p) => p !== requirement.message)
            .map((p, i) => (
              <li key={`p${i}`}>{p}</li>
            ))}
          {requirement.warnings
            .filter((w) => w !== requirement.message)
            .map((w, i) => (
              <li key={`w${i}`}>{w}</li>
            ))}
        </ul>
      )}
      <ul className="list-unstyled small mb-0">
        {result.files.map((f, i) => (
          <li key={i}>
            <span className="fw-semibold">{f.fileName}</span>
            {f.check ? ` – ${t(`signedForm.verdict.${f.check.verdict}`)}` : ''}
            {f.check?.signature.signer?.commonName ? ` (${t('signedForm.signer')}: ${f.check.signature.signer.commonName})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
