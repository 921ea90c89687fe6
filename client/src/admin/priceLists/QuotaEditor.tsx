import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { QuotaRuleSchema, type QuotaRule } from '@cit/shared';
import { TextField } from '../../ui/TextField';

/** The quota rule as typed: numbers as text (Italian decimal comma accepted), the open band with an empty limit. */
export interface QuotaDraft {
  rule: QuotaRule;
  fixed: string;
  above: string;
  bands: Array<{ upTo: string; coefficient: string }>;
}

export const QUOTA_FIXED_ID = 'pl-quota-fixed';
export const bandId = (i: number, field: 'upTo' | 'coefficient') => `pl-quota-band-${i}-${field}`;

const decimal = (n: number) => String(n).replace('.', ',');
const parse = (text: string): number | null => {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() === '' || !Number.isFinite(n) ? null : n;
};
/** Residents: whole numbers, so any grouping the user types ("5.000", "5,000", "5 000") is a separator. */
const parseCount = (text: string): number | null => parse(text.replace(/[.,\s']/g, ''));

export function quotaDraftOf(rule: QuotaRule): QuotaDraft {
  return {
    rule,
    fixed: decimal(rule.fixedCents / 100),
    above: rule.method === 'recorded' ? String(rule.fixedAboveResidents) : '',
    bands: rule.method === 'residents_coefficient' ? rule.bands.map((b) => ({ upTo: b.upTo === null ? '' : String(b.upTo), coefficient: decimal(b.coefficient) })) : [],
  };
}

/** The rule the draft describes, or the problems keyed by the id of the input at fault. */
export function quotaRuleOf(d: QuotaDraft, messages: { amount: string; residents: string; coefficient: string }): { rule?: QuotaRule; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const fixed = parse(d.fixed);
  if (fixed === null || fixed < 0) errors[QUOTA_FIXED_ID] = messages.amount;
  let rule: QuotaRule;
  if (d.rule.method === 'recorded') {
    const above = parseCount(d.above);
    if (above === null || !Number.isInteger(above) || above < 0) errors['pl-quota-above'] = messages.residents;
    rule = { ...d.rule, fixedCents: Math.round((fixed ?? 0) * 100), fixedAboveResidents: above ?? 0 };
  } else {
    const bands = d.bands.map((b, i) => {
      const upTo = b.upTo.trim() === '' ? null : parseCount(b.upTo);
      const coefficient = parse(b.coefficient);
      if (b.upTo.trim() !== '' && (upTo === null || !Number.isInteger(upTo) || upTo < 0)) errors[bandId(i, 'upTo')] = messages.residents;
      if (coefficient === null || coefficient < 0) errors[bandId(i, 'coefficient')] = messages.coefficient;
      return { upTo, coefficient: coefficient ?? 0 };
    });
    rule = { ...d.rule, fixedCents: Math.round((fixed ?? 0) * 100), bands };
  }
  if (Object.keys(errors).length > 0) return { errors };
  // Order and the closing open band: the schema's own rule and message, shown on the first band.
  const checked = QuotaRuleSchema.safeParse(rule);
  if (!checked.success) return { errors: { [d.rule.method === 'recorded' ? QUOTA_FIXED_ID : bandId(0, 'upTo')]: checked.error.issues[0]?.message ?? '' } };
  return { rule: checked.data, errors };
}

/** The membership quota: the fixed amount, and either the residents bands with their coefficients or the threshold. */
export function QuotaEditor({ value, onChange, errors }: { value: QuotaDraft; onChange: (d: QuotaDraft) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const setBand = (i: number, patch: Partial<QuotaDraft['bands'][number]>) => onChange({ ...value, bands: value.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <div className="quota-editor">
      <p className="small">{value.rule.method === 'recorded' ? t('admin.priceLists.quota.recordedIntro') : t('admin.priceLists.quota.coefficientIntro')}</p>
      <div className="row">
        <div className="col-12 col-md-4">
          <TextField id={QUOTA_FIXED_ID} label={t('admin.priceLists.quota.fixed')} inputMode="decimal" value={value.fixed} onValueChange={(fixed) => onChange({ ...value, fixed })} error={errors[QUOTA_FIXED_ID]} />
        </div>
        {value.rule.method === 'recorded' && (
          <div className="col-12 col-md-4">
            <TextField id="pl-quota-above" label={t('admin.priceLists.quota.above')} inputMode="numeric" value={value.above} onValueChange={(above) => onChange({ ...value, above })} error={errors['pl-quota-above']} />
          </div>
        )}
      </div>
      {value.rule.method === 'residents_coefficient' && (
        <fieldset>
          <legend className="h6">{t('admin.priceLists.quota.bands')}</legend>
          <p className="small text-muted">{t('admin.priceLists.quota.bandsHint')}</p>
          {value.bands.map((b, i) => (
            <div key={i} className="row g-2 align-items-end">
              <div className="col-12 col-sm-5">
                <TextField id={bandId(i, 'upTo')} label={t('admin.priceLists.quota.upTo', { n: i + 1 })} inputMode="numeric" value={b.upTo} onValueChange={(upTo) => setBand(i, { upTo })} error={errors[bandId(i, 'upTo')]} />
              </div>
              <div className="col-12 col-sm-4">
                <TextField id={bandId(i, 'coefficient')} label={t('admin.priceLists.quota.coefficient', { n: i + 1 })} inputMode="decimal" value={b.coefficient} onValueChange={(coefficient) => setBand(i, { coefficient })} error={errors[bandId(i, 'coefficient')]} />
              </div>
              <div className="col-12 col-sm-3 form-group">
                <Button type="button" color="danger" outline size="xs" disabled={value.bands.length === 1} onClick={() => onChange({ ...value, bands: value.bands.filter((_, j) => j !== i) })}>
                  {t('admin.priceLists.quota.removeBand', { n: i + 1 })}
                </Button>
              </div>
            </div>
          ))}
          <Button type="button" color="primary" outline size="xs" onClick={() => onChange({ ...value, bands: [...value.bands, { upTo: '', coefficient: '' }] })}>
            {t('admin.priceLists.quota.addBand')}
          </Button>
        </fieldset>
      )}
    </div>
  );
}
