import { useTranslation } from 'react-i18next';
import { Badge, Icon } from 'design-react-kit';
import type { ApprovalState, SignedFormCheck } from '@cit/shared';

const APPROVAL_STYLE: Record<Exclude<ApprovalState, 'none'>, { color: string; icon: string }> = {
  requested: { color: 'warning', icon: 'it-clock' },
  approved: { color: 'success', icon: 'it-check-circle' },
  rejected: { color: 'danger', icon: 'it-close-circle' },
};

/** "In attesa di approvazione" / "Approvata" / "Respinta": icon and words, never colour alone. */
export function ApprovalBadge({ state }: { state: ApprovalState }) {
  const { t } = useTranslation();
  if (state === 'none') return null;
  const style = APPROVAL_STYLE[state];
  return (
    <Badge color={style.color} className={`ticket-badge approval-badge approval-${state}`}>
      <Icon icon={style.icon} size="xs" color={state === 'requested' ? undefined : 'white'} aria-hidden="true" className="me-1" />
      {t(`approval.state.${state}`)}
    </Badge>
  );
}

type Verdict = SignedFormCheck['verdict'];
export const VERDICT_STYLE: Record<Verdict, { color: string; icon: string }> = {
  valid: { color: 'success', icon: 'it-check-circle' },
  unsigned: { color: 'warning', icon: 'it-warning-circle' },
  invalid: { color: 'danger', icon: 'it-error' },
  not_pdf: { color: 'danger', icon: 'it-error' },
};

/** The form check's verdict as a badge (icon + words). */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslation();
  const style = VERDICT_STYLE[verdict];
  return (
    <Badge color={style.color} className={`ticket-badge verdict-badge verdict-${verdict}`}>
      <Icon icon={style.icon} size="xs" color={verdict === 'unsigned' ? undefined : 'white'} aria-hidden="true" className="me-1" />
      {t(`signedForm.verdict.${verdict}`)}
    </Badge>
  );
}
