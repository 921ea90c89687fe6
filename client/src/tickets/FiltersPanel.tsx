import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Col, Row } from 'design-react-kit';
import { TICKET_CATEGORIES, TICKET_COLUMNS, URGENCIES, type TicketColumn } from '@cit/shared';
import { SelectField } from '../ui/SelectField';
import { EnteSelect } from './EnteSelect';
import { GroupLabelFilters } from '../triage/GroupLabelFilters';
import { readFilters, SORTS, type TicketFilters } from './filters';

interface FiltersPanelProps {
  id: string;
  filters: TicketFilters;
  staff: boolean;
  showEnte: boolean;
  defaultSort: string;
  update: (patch: Partial<TicketFilters>) => void;
  onReset: () => void;
}

/** One value read through the address parser: whatever a select sends, only a known value gets in. */
const parsed = <K extends keyof TicketFilters>(key: K, value: string, staff: boolean): TicketFilters[K] => readFilters(new URLSearchParams({ [key]: value }), staff)[key];

/** The "Filtri" panel: the list's filters besides search and status, and (staff) the columns shown. */
export function FiltersPanel({ id, filters, staff, showEnte, defaultSort, update, onReset }: FiltersPanelProps) {
  const { t } = useTranslation();
  const any = (label: string) => ({ value: '', label });
  const toggleColumn = (column: TicketColumn, on: boolean) =>
    update({ columns: on ? [...filters.columns, column] : filters.columns.filter((c) => c !== column) });
  return (
    <section id={id} className="queue-filters" aria-label={t('tickets.filtersLabel')}>
      <form onSubmit={(e: FormEvent) => e.preventDefault()}>
        <Row>
          <Col xs={6} md={4} lg={2}>
            <SelectField
              id="tickets-urgency"
              label={t('tickets.filter.urgency')}
              value={filters.urgency}
              onValueChange={(v) => update({ urgency: parsed('urgency', v, staff) })}
              options={[any(t('tickets.filter.anyUrgency')), ...URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))]}
            />
          </Col>
          <Col xs={6} md={4} lg={2}>
            <SelectField
              id="tickets-category"
              label={t('tickets.filter.category')}
              value={filters.category}
              onValueChange={(v) => update({ category: parsed('category', v, staff) })}
              options={[any(t('tickets.filter.anyCategory')), ...TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`ticketCategory.${c}`) }))]}
            />
          </Col>
          <Col xs={12} md={4} lg={2}>
            <SelectField
              id="tickets-sort"
              label={t('tickets.filter.sort')}
              value={filters.sort || defaultSort}
              onValueChange={(v) => update({ sort: parsed('sort', v, staff) })}
              options={SORTS.map((s) => ({ value: s, label: t(`tickets.sort.${s}`) }))}
            />
          </Col>
          {staff && (
            <Col xs={6} md={4} lg={2}>
              <SelectField
                id="tickets-sla"
                label={t('tickets.filter.sla')}
                value={filters.slaState}
                onValueChange={(v) => update({ slaState: parsed('slaState', v, staff) })}
                options={[any(t('tickets.filter.anySla')), ...(['ok', 'at_risk', 'breached', 'paused', 'met'] as const).map((s) => ({ value: s, label: t(`slaState.${s}`) }))]}
              />
            </Col>
          )}
          {staff && (
            <Col xs={6} md={4} lg={2}>
              <SelectField
                id="tickets-assignee"
                label={t('tickets.filter.assignee')}
                value={filters.assignee}
                onValueChange={(v) => update({ assignee: parsed('assignee', v, staff) })}
                options={[any(t('tickets.filter.anyAssignee')), { value: 'me', label: t('tickets.filter.mine') }, { value: 'none', label: t('tickets.filter.unassigned') }]}
              />
            </Col>
          )}
          {staff && <GroupLabelFilters key={filters.label} group={filters.group} label={filters.label} update={update} />}
          {showEnte && (
            <Col xs={12} md={staff ? 4 : 6} lg={staff ? 2 : 4}>
              <EnteSelect id="tickets-ente" label={t('tickets.filter.ente')} value={filters.enteId} onValueChange={(enteId) => update({ enteId })} emptyLabel={t('tickets.filter.anyEnte')} />
            </Col>
          )}
        </Row>
        <div className="d-flex flex-wrap align-items-center gap-3">
          {staff && (
            <fieldset className="queue-columns">
              <legend>{t('tickets.columns')}</legend>
              {TICKET_COLUMNS.map((c) => (
                <div key={c} className="form-check form-check-inline">
                  <input id={`tickets-col-${c}`} type="checkbox" checked={filters.columns.includes(c)} onChange={(e) => toggleColumn(c, e.target.checked)} />
                  <label htmlFor={`tickets-col-${c}`}>{t(`tickets.col.${c}`)}</label>
                </div>
              ))}
            </fieldset>
          )}
          <Button color="primary" outline size="sm" className="ms-auto" onClick={onReset}>
            {t('tickets.resetFilters')}
          </Button>
        </div>
      </form>
    </section>
  );
}
