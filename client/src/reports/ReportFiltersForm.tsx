import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { CATALOG, REPORT_FIRST_DAY, REPORT_LAST_DAY, SERVICE_CODES, type ReportFilters } from '@cit/shared';
import { EnteSelect } from '../tickets/EnteSelect';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useSupportGroups } from '../triage/api';

interface Props {
  value: ReportFilters;
  onApply: (f: ReportFilters) => void;
  /** CIT staff filter by support group too (the Enti do not see the groups). */
  staff: boolean;
}

/** Period, Ente, service and (staff) group; applied together with one button, kept in the address. */
export function ReportFiltersForm({ value, onApply, staff }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ReportFilters>(value);
  const groups = useSupportGroups(staff);
  const set = (key: keyof ReportFilters) => (v: string) => setDraft((d) => ({ ...d, [key]: v === '' ? undefined : v }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="report-filters card card-bg p-3 mb-4" onSubmit={submit} noValidate aria-label={t('reports.filters.label')}>
      <div className="row g-3 align-items-end">
        <div className="col-12 col-sm-6 col-lg-2">
          <TextField id="report-from" type="date" label={t('reports.filters.from')} value={draft.from ?? ''} onValueChange={set('from')} min={REPORT_FIRST_DAY} max={REPORT_LAST_DAY} />
        </div>
        <div className="col-12 col-sm-6 col-lg-2">
          <TextField id="report-to" type="date" label={t('reports.filters.to')} value={draft.to ?? ''} onValueChange={set('to')} min={REPORT_FIRST_DAY} max={REPORT_LAST_DAY} />
        </div>
        <div className="col-12 col-lg-4">
          <EnteSelect id="report-ente" label={t('reports.filters.ente')} value={draft.enteId ?? ''} onValueChange={set('enteId')} emptyLabel={t('reports.filters.allEnti')} />
        </div>
        <div className="col-12 col-sm-6 col-lg-2">
          <SelectField
            id="report-service"
            label={t('reports.filters.service')}
            value={draft.serviceCode ?? ''}
            onValueChange={set('serviceCode')}
            options={[{ value: '', label: t('reports.filters.allServices') }, ...SERVICE_CODES.map((c) => ({ value: c, label: CATALOG[c].name }))]}
          />
        </div>
        {staff && (
          <div className="col-12 col-sm-6 col-lg-2">
            <SelectField
              id="report-group"
              label={t('reports.filters.group')}
              value={draft.group ?? ''}
              onValueChange={set('group')}
              options={[{ value: '', label: t('reports.filters.allGroups') }, ...(groups.data?.items ?? []).map((g) => ({ value: g.key, label: g.name }))]}
            />
          </div>
        )}
        <div className="col-12">
          <Button type="submit" color="primary">
            {t('reports.filters.apply')}
          </Button>
        </div>
      </div>
    </form>
  );
}
