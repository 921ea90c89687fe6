import { useTranslation } from 'react-i18next';
import { Progress } from 'design-react-kit';
import type { CatalogService } from '@cit/shared';

export type Usage = { serviceCode: string; used: number; allowance: number | null; active: number };

/** "Casella PEC: 4 di 4 gratuite usate, più 1 a pagamento", with a bar that is never the only information. */
export function UsageItem({ usage, service }: { usage: Usage; service: CatalogService | undefined }) {
  const { t } = useTranslation();
  const fem = service?.unit.feminine ?? true;
  const name = service?.name ?? usage.serviceCode;
  if (usage.allowance === null) {
    return (
      <li className="usage-item">
        <p className="mb-0">
          <span className="fw-semibold">{name}:</span> {t('services.usageNoAllowance', { count: usage.used })}
        </p>
      </li>
    );
  }
  const freeUsed = Math.min(usage.used, usage.allowance);
  const extra = Math.max(0, usage.used - usage.allowance);
  const text = fem
    ? t('services.usageF', { used: freeUsed, allowance: usage.allowance })
    : t('services.usageM', { used: freeUsed, allowance: usage.allowance });
  const percent = usage.allowance > 0 ? Math.round((freeUsed / usage.allowance) * 100) : 100;
  return (
    <li className="usage-item">
      <p className="mb-1">
        <span className="fw-semibold">{name}:</span> {text}
        {extra > 0 && (
          <>
            , <strong className="usage-extra">{t('services.usageExtra', { count: extra })}</strong>
          </>
        )}
      </p>
      <Progress value={percent} aria-label={`${name}: ${text}`} color={extra > 0 ? 'warning' : percent >= 100 ? 'primary' : 'success'} />
      {usage.used > 0 && <p className="small text-muted mb-0 mt-1">{t('services.usageActive', { count: usage.active, total: usage.used })}</p>}
    </li>
  );
}
