import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Col } from 'design-react-kit';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useSupportGroups } from './api';

/** The queue's staff filters on support group (a group, or «my groups») and label; the label applies on Enter or blur. */
export function GroupLabelFilters({ group, label, update }: { group: string; label: string; update: (patch: { group?: string; label?: string }) => void }) {
  const { t } = useTranslation();
  const groups = useSupportGroups();
  const [text, setText] = useState(label);
  const apply = () => {
    if (text.trim() !== label) update({ label: text.trim() });
  };
  return (
    <>
      <Col xs={6} md={4} lg={2}>
        <SelectField
          id="tickets-group"
          label={t('tickets.filter.group')}
          value={group}
          onValueChange={(v) => update({ group: v })}
          options={[
            { value: '', label: t('tickets.filter.anyGroup') },
            { value: 'mine', label: t('tickets.filter.myGroups') },
            ...(groups.data?.items ?? []).map((g) => ({ value: g.key, label: g.name })),
          ]}
        />
      </Col>
      <Col xs={6} md={4} lg={2}>
        <TextField
          id="tickets-label"
          label={t('tickets.filter.label')}
          value={text}
          onValueChange={setText}
          maxLength={40}
          onBlur={apply}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              apply();
            }
          }}
        />
      </Col>
    </>
  );
}
