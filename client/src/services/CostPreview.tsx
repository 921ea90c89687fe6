import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, Spinner } from 'design-react-kit';
import { formatEuro, type CatalogService, type Quote, type QuoteUnit } from '@cit/shared';
import { isApiError } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { useQuote, type QuoteParams } from './api';

const DEBOUNCE_MS = 400;

interface UnitGroup {
  from: number;
  to: number;
  unit: QuoteUnit;
}

/** Consecutive units with the same outcome form one line ("n. 1–4: nessun costo"). */
function groupUnits(units: readonly QuoteUnit[]): UnitGroup[] {
  const groups: UnitGroup[] = [];
  for (const unit of units) {
    const last = groups[groups.length - 1];
    if (last && last.unit.free === unit.free && last.unit.reason === unit.reason && last.unit.annualCents === unit.annualCents && last.to === unit.index - 1) {
      last.to = unit.index;
    } else {
      groups.push({ from: unit.index, to: unit.index, unit });
    }
  }
  return groups;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function QuoteBody({ quote, service }: { quote: Quote; service: CatalogService | undefined }) {
  const { t } = useTranslation();
  const groups = groupUnits(quote.units);
  const year = quote.lines[0]?.year ?? new Date().getFullYear();
  const yearly = quote.units.reduce((sum, u) => sum + (u.free ? 0 : (u.annualCents ?? 0)), 0);
  const name = (g: UnitGroup) => {
    const noun = service ? capitalise(g.from === g.to ? service.unit.singular : service.unit.plural) : t('quote.unit');
    return g.from === g.to ? t('quote.unitOne', { noun, n: g.from }) : t('quote.unitRange', { noun, from: g.from, to: g.to });
  };
  return (
    <>
      <p className="cost-summary mb-3">{quote.summary}</p>
      <ul className="cost-units list-unstyled mb-3">
        {groups.map((g) => (
          <li key={g.from} className={g.unit.free ? 'cost-unit cost-unit-free' : 'cost-unit cost-unit-paid'}>
            <Icon icon={g.unit.free ? 'it-check-circle' : 'it-card'} size="sm" color={g.unit.free ? 'success' : 'primary'} aria-hidden="true" />
            <span>
              <span className="fw-semibold">{name(g)}</span>
              {': '}
              <span className="cost-unit-price">
                {g.unit.free ? t('quote.free') : g.unit.annualCents !== null ? t('quote.perYear', { amount: formatEuro(g.unit.annualCents) }) : t('quote.paid')}
              </span>
              <span className="d-block small text-muted">{g.unit.reason}</span>
            </span>
          </li>
        ))}
      </ul>
      {quote.lines.length > 0 && (
        <table className="table table-sm cost-lines mb-2">
          <caption className="small text-muted caption-top">{t('quote.linesCaption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('quote.lineDescription')}</th>
              <th scope="col" className="text-end">{t('quote.lineAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {quote.lines.map((l, i) => (
              <tr key={i}>
                <td>{l.description}</td>
                <td className="text-end text-nowrap">{formatEuro(l.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="cost-totals mb-0">
        <dt>{t('quote.total', { year })}</dt>
        <dd className="cost-total">{formatEuro(quote.totalCents)}</dd>
        {yearly > 0 && (
          <>
            <dt>{t('quote.yearly')}</dt>
            <dd>{t('quote.perYear', { amount: formatEuro(yearly) })}</dd>
          </>
        )}
        {quote.payer && (
          <>
            <dt>{t('quote.payer')}</dt>
            <dd>{quote.payer.name}</dd>
          </>
        )}
      </dl>
      <p className="small text-muted mt-2 mb-0">{t('quote.priceList', { list: quote.priceList })}</p>
    </>
  );
}

interface CostPreviewProps {
  /** null while the request is incomplete; `missing` then says what is missing. */
  params: QuoteParams | null;
  missing?: string;
  service: CatalogService | undefined;
  /** Debounce the inputs (the wizard, while the user types); the ticket page asks at once. */
  debounce?: boolean;
  headingLevel?: 2 | 3;
}

/** "Quanto costa?": the server's quote for the request, updated as the inputs change, announced politely. */
export function CostPreview({ params, missing, service, debounce = true, headingLevel = 2 }: CostPreviewProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const key = params ? JSON.stringify(params) : '';
  const debounced = useDebouncedValue(key, debounce ? DEBOUNCE_MS : 0);
  const settledKey = debounce ? debounced : key;
  const settled = useMemo<QuoteParams | null>(() => (settledKey ? (JSON.parse(settledKey) as QuoteParams) : null), [settledKey]);
  const quote = useQuote(settled ?? { serviceCode: '', quantity: 1 }, settled !== null);
  const waiting = params !== null && (settledKey !== key || quote.isFetching);
  const notOffered = isApiError(quote.error, 'not_offered') || isApiError(quote.error, 'ente_required');
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const current = settled !== null && !quote.isError ? quote.data : undefined;

  const announcement = !settled
    ? ''
    : quote.isError
      ? notOffered && quote.error instanceof Error
        ? quote.error.message
        : t('quote.failed')
      : current && !quote.isFetching
        ? `${current.summary} ${t('quote.total', { year: current.lines[0]?.year ?? new Date().getFullYear() })}: ${formatEuro(current.totalCents)}.`
        : '';

  return (
    <section className="cost-preview" aria-labelledby={headingId} aria-busy={waiting}>
      <div className="d-flex align-items-center gap-2 mb-2">
        <Icon icon="it-chart-line" size="sm" color="primary" aria-hidden="true" />
        <Heading id={headingId} className="h5 mb-0">
          {t('quote.title')}
        </Heading>
        {waiting && (
          <span className="small text-muted d-inline-flex align-items-center gap-1 ms-auto">
            <span aria-hidden="true">
              <Spinner active small />
            </span>
            {t('quote.updating')}
          </span>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      {!params ? (
        <p className="text-muted mb-0">{missing ?? t('quote.chooseService')}</p>
      ) : quote.isError && settled ? (
        notOffered ? (
          <div className="alert alert-warning mb-0" role="status">
            <p className="fw-semibold mb-1">{t('quote.notOfferedTitle')}</p>
            <p className="mb-0">{quote.error instanceof Error ? quote.error.message : ''}</p>
          </div>
        ) : (
          <ErrorAlert error={quote.error} title={t('quote.failed')} onRetry={() => void quote.refetch()} className="mb-0" />
        )
      ) : current ? (
        <div className={waiting ? 'cost-body cost-stale' : 'cost-body'}>
          <QuoteBody quote={current} service={service} />
        </div>
      ) : (
        <p className="text-muted mb-0">{t('quote.loading')}</p>
      )}
    </section>
  );
}
