import { useTranslation } from 'react-i18next';
import { Col, Icon, Row } from 'design-react-kit';
import { formatEuro, offerFor, type CatalogService } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useCatalog, useServiceRecords } from './api';
import { capitalise, useFormatDate } from './format';

export const MAX_QUANTITY = 100;

export interface ServiceDraft {
  serviceCode: string;
  variant: string;
  quantity: string;
  unitLabels: string[];
  targetRecordIds: string[];
}

export type ServiceFieldErrors = Partial<Record<'serviceCode' | 'variant' | 'quantity' | 'unitLabels' | 'targetRecordIds', string>>;

export const SERVICE_FIELD_IDS = {
  serviceCode: 'ticket-service',
  variant: 'ticket-variant',
  quantity: 'ticket-quantity',
  unitLabels: 'ticket-unit-1',
  targetRecordIds: 'ticket-records',
} as const;

/** The quantity typed, when it is a whole number in range; null otherwise. */
export function quantityOf(draft: ServiceDraft): number | null {
  const n = Number(draft.quantity);
  return Number.isInteger(n) && n >= 1 && n <= MAX_QUANTITY ? n : null;
}

interface ServiceRequestFieldsProps {
  category: 'activation' | 'cancellation';
  draft: ServiceDraft;
  onChange: (patch: Partial<ServiceDraft>) => void;
  errors: ServiceFieldErrors;
  /** The Ente the request is for; undefined = the user's only Ente. null = not chosen yet (staff). */
  enteId: string | undefined | null;
  disabled?: boolean;
}

/** Service, variant, quantity and unit labels (activation) or the active records to end (cancellation). */
export function ServiceRequestFields({ category, draft, onChange, errors, enteId, disabled }: ServiceRequestFieldsProps) {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const requestable = (catalog.data?.services ?? []).filter((s) => s.requestable).sort((a, b) => a.name.localeCompare(b.name, 'it'));
  // Activations follow the price list in force (the server says which and what day it is); a cancellation may end
  // any service the Ente holds, one the new list no longer offers included.
  const offered = new Set<string>(catalog.data?.offered ?? []);
  const services = category === 'activation' ? requestable.filter((s) => offered.has(s.code)) : requestable;
  const notOffered = category === 'activation' && catalog.data ? requestable.filter((s) => !offered.has(s.code)) : [];
  const service = services.find((s) => s.code === draft.serviceCode);
  const today = catalog.data?.today;
  const variants =
    service && today && category === 'activation' ? service.variants.filter((v) => offerFor(today, service.code, v.code, catalog.data?.priceLists ?? []).ok) : (service?.variants ?? []);
  const quantity = quantityOf(draft) ?? 0;

  const chooseService = (code: string) => onChange({ serviceCode: code, variant: '', targetRecordIds: [], unitLabels: [] });
  const setLabel = (index: number, value: string) => {
    const next = [...draft.unitLabels];
    while (next.length <= index) next.push('');
    next[index] = value;
    onChange({ unitLabels: next });
  };

  if (catalog.isError) return <ErrorAlert error={catalog.error} onRetry={() => void catalog.refetch()} />;

  return (
    <fieldset className="service-fields" disabled={disabled}>
      <legend className="h5">{category === 'activation' ? t('serviceRequest.legendActivation') : t('serviceRequest.legendCancellation')}</legend>
      <Row>
        <Col xs={12} md={variants.length ? 6 : 12}>
          <SelectField
            id={SERVICE_FIELD_IDS.serviceCode}
            label={t('serviceRequest.service')}
            value={draft.serviceCode}
            onValueChange={chooseService}
            required
            aria-busy={catalog.isPending}
            error={errors.serviceCode}
            options={[{ value: '', label: catalog.isPending ? t('common.loading') : t('serviceRequest.chooseService') }, ...services.map((s) => ({ value: s.code, label: s.name }))]}
          />
        </Col>
        {service && variants.length > 0 && (
          <Col xs={12} md={6}>
            <SelectField
              id={SERVICE_FIELD_IDS.variant}
              label={t('serviceRequest.variant')}
              value={draft.variant}
              onValueChange={(variant) => onChange({ variant })}
              required
              error={errors.variant}
              options={[{ value: '', label: t('serviceRequest.chooseVariant') }, ...variants.map((v) => ({ value: v.code, label: capitalise(v.label) }))]}
            />
          </Col>
        )}
      </Row>
      {service && <p className="small text-muted mt-n2 mb-4">{service.description}</p>}
      {notOffered.length > 0 && catalog.data && (
        <p className="small text-muted mb-4" id="services-not-offered">
          <Icon icon="it-info-circle" size="xs" aria-hidden="true" className="me-1" />
          {t('serviceRequest.notOffered', { list: catalog.data.priceListInForce, services: notOffered.map((s) => s.name).join(', ') })}
        </p>
      )}

      {service && category === 'activation' && (
        <>
          <Row>
            <Col xs={12} md={6}>
              <TextField
                id={SERVICE_FIELD_IDS.quantity}
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_QUANTITY}
                step={1}
                label={t('serviceRequest.quantity', { unit: service.unit.plural })}
                value={draft.quantity}
                onValueChange={(q) => onChange({ quantity: q })}
                required
                error={errors.quantity}
              />
            </Col>
          </Row>
          {service.unitLabel && quantity > 0 && (
            <div className="unit-labels" role="group" aria-labelledby="unit-labels-title">
              <p id="unit-labels-title" className="fw-semibold mb-1">
                {t('serviceRequest.unitLabelsTitle', { label: service.unitLabel })}
              </p>
              <p className="small text-muted mb-3">{t('serviceRequest.unitLabelsHint')}</p>
              <Row>
                {Array.from({ length: quantity }, (_, i) => (
                  <Col xs={12} md={6} key={i}>
                    <TextField
                      id={`ticket-unit-${i + 1}`}
                      label={t('serviceRequest.unitLabel', { label: service.unitLabel, n: i + 1 })}
                      value={draft.unitLabels[i] ?? ''}
                      onValueChange={(v) => setLabel(i, v)}
                      maxLength={200}
                      autoComplete="off"
                      spellCheck={false}
                      error={i === 0 ? errors.unitLabels : undefined}
                    />
                  </Col>
                ))}
              </Row>
            </div>
          )}
        </>
      )}

      {service && category === 'cancellation' && (
        <RecordPicker service={service} enteId={enteId} selected={draft.targetRecordIds} onChange={(ids) => onChange({ targetRecordIds: ids })} error={errors.targetRecordIds} />
      )}
    </fieldset>
  );
}

interface RecordPickerProps {
  service: CatalogService;
  enteId: string | undefined | null;
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string;
}

/** The Ente's active records of the service, as checkboxes; those already being cancelled are shown disabled. */
function RecordPicker({ service, enteId, selected, onChange, error }: RecordPickerProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const records = useServiceRecords({ enteId: enteId ?? undefined, serviceCode: service.code, status: 'active' }, enteId !== null);
  const errorId = error ? `${SERVICE_FIELD_IDS.targetRecordIds}-error` : undefined;
  const items = (records.data?.items ?? []).filter((r) => r.serviceCode === service.code);
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((x) => x !== id));

  return (
    <fieldset
      id={SERVICE_FIELD_IDS.targetRecordIds}
      tabIndex={-1}
      className={error ? 'record-picker is-invalid' : 'record-picker'}
      aria-describedby={errorId}
      aria-invalid={error ? true : undefined}
    >
      <legend className="fw-semibold fs-6 mb-2">{t('serviceRequest.recordsLegend', { unit: service.unit.plural })}</legend>
      {enteId === null ? (
        <p className="text-muted small mb-0">{t('serviceRequest.chooseEnteFirst')}</p>
      ) : records.isPending ? (
        <Loading minHeight="4rem" />
      ) : records.isError ? (
        <ErrorAlert error={records.error} onRetry={() => void records.refetch()} />
      ) : items.length === 0 ? (
        <p className="text-muted small mb-0">{t('serviceRequest.noRecords', { unit: service.unit.plural })}</p>
      ) : (
        <ul className="list-unstyled record-options mb-0">
          {items.map((r) => {
            const ending = r.endsOn !== null;
            const id = `record-${r.id}`;
            return (
              <li key={r.id} className="form-check">
                <input id={id} type="checkbox" checked={selected.includes(r.id)} disabled={ending} onChange={(e) => toggle(r.id, e.target.checked)} />
                <label htmlFor={id} className="record-option-label">
                  <span className="fw-semibold">
                    {capitalise(service.unit.singular)} n. {r.unitIndex}
                    {r.unitLabel && <> – {r.unitLabel}</>}
                  </span>
                  <span className="d-block small text-muted">
                    {t('serviceRequest.recordSince', { date: formatDate(r.startsOn) })}
                    {' · '}
                    {r.free ? t('services.free') : r.annualCents !== null ? t('quote.perYear', { amount: formatEuro(r.annualCents) }) : t('services.paid')}
                    {ending && r.endsOn && <> · {t('serviceRequest.alreadyEnding', { date: formatDate(r.endsOn) })}</>}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <div id={errorId} className="invalid-feedback d-block">
          {error}
        </div>
      )}
      <p className="small text-muted mt-2 mb-0">
        <Icon icon="it-info-circle" size="xs" aria-hidden="true" className="me-1" />
        {t('serviceRequest.cancellationRule')}
      </p>
    </fieldset>
  );
}

/** What the signed request form must be, shown above the file picker of a service request. */
export function SignedFormHelp() {
  const { t } = useTranslation();
  return (
    <div className="callout-form mb-3" role="note" aria-labelledby="signed-form-help-title">
      <p id="signed-form-help-title" className="fw-semibold mb-1">
        <Icon icon="it-pa" size="sm" color="primary" aria-hidden="true" className="me-1" />
        {t('serviceRequest.formTitle')}
      </p>
      <ul className="small mb-0">
        <li>{t('serviceRequest.formDigital')}</li>
        <li>{t('serviceRequest.formHand')}</li>
        <li>{t('serviceRequest.formCheck')}</li>
      </ul>
    </div>
  );
}
