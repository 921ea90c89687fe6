import { useTranslation } from 'react-i18next';
import { SelectField } from '../ui/SelectField';
import { useSupportGroups } from './api';

/** Who a shared view is for: all the CIT staff (''), or the members of one of the caller's groups. */
export function ShareWithGroup({ value, onChange }: { value: string; onChange: (groupKey: string) => void }) {
  const { t } = useTranslation();
  const groups = useSupportGroups();
  const mine = (groups.data?.items ?? []).filter((g) => groups.data?.mine.includes(g.key));
  if (mine.length === 0) return null;
  return (
    <SelectField
      className="mt-3"
      id="view-share-group"
      label={t('views.shareWith')}
      value={value}
      onValueChange={onChange}
      options={[{ value: '', label: t('views.shareWithAll') }, ...mine.map((g) => ({ value: g.key, label: t('views.shareWithGroup', { name: g.name }) }))]}
    />
  );
}
