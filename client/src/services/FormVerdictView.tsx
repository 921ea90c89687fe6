import { useTranslation } from 'react-i18next';
import { Badge, Icon } from 'design-react-kit';
import type { FormVerdict } from '@cit/shared';

const STYLE: Record<FormVerdict['outcome'], { color: string; icon: string; white: boolean }> = {
  conforme: { color: 'success', icon: 'it-check-circle', white: true },
  da_verificare: { color: 'warning', icon: 'it-warning-circle', white: false },
  non_conforme: { color: 'danger', icon: 'it-error', white: true },
};

/** "Conforme" / "Da verificare" / "Non conforme": icon and words, never colour alone. */
export function FormVerdictBadge({ verdict }: { verdict: FormVerdict }) {
  const { t } = useTranslation();
  const style = STYLE[verdict.outcome];
  return (
    <Badge color={style.color} className={`ticket-badge form-verdict-badge form-verdict-${verdict.outcome}`}>
      <Icon icon={style.icon} size="xs" color={style.white ? 'white' : undefined} aria-hidden="true" className="me-1" />
      {t(`formVerdict.outcome.${verdict.outcome}`)}
    </Badge>
  );
}

/** The approver's single verdict on the signed form, with the reasons and who signed in which capacity. */
export function FormVerdictCard({ verdict, headingLevel }: { verdict: FormVerdict; headingLevel: 3 | 4 }) {
  const { t } = useTranslation();
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="form-verdict-card mb-3" aria-labelledby="form-verdict-title">
      <Heading id="form-verdict-title" className="h6 mb-2">
        {t('formVerdict.title')} <FormVerdictBadge verdict={verdict} />
      </Heading>
      {verdict.signer && (
        <p className="small mb-1">
          {t('formVerdict.signer', { name: verdict.signer.name ?? '—', fiscalCode: verdict.signer.fiscalCode ?? '—' })} {t(`formVerdict.capacity.${verdict.signer.capacity}`)}
        </p>
      )}
      {verdict.reasons.length > 0 && (
        <ul className="small mb-0">
          {verdict.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
