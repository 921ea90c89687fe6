import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { formatEuro, type PriceListPreviewRow } from '@cit/shared';
import { fieldIssues } from '../../api/errors';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { TextField } from '../../ui/TextField';
import { usePriceListPreview } from './priceListsApi';

const euro = (cents: number | null) => (cents === null ? '–' : formatEuro(cents));

function Change({ before, after }: { before: number | null; after: number | null }) {
  const { t } = useTranslation();
  if (before === after) return <>{euro(after)}</>;
  return (
    <>
      <span className="text-decoration-line-through text-muted">
        <span className="visually-hidden">{t('admin.priceLists.preview.before')} </span>
        {euro(before)}
      </span>{' '}
      <strong>
        <span className="visually-hidden">{t('admin.priceLists.preview.after')} </span>
        {euro(after)}
      </strong>
    </>
  );
}

/**
 * What publishing the draft would change on 1 January of a year, Ente by Ente: the membership quota and the annual
 * fees renewed that day, before (the lists in force) and after (with this draft). Computed by the server with the
 * same code as the assessment and the renewal job. Saving the draft refreshes it (the save invalidates every price-list query).
 */
export function PriceListPreview({ versionId }: { versionId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [yearText, setYearText] = useState('');
  const [requested, setRequested] = useState<{ year: number | null } | null>(null);
  const [onlyChanged, setOnlyChanged] = useState(true);
  const [yearError, setYearError] = useState<string | undefined>();
  const preview = usePriceListPreview(versionId, requested?.year ?? null, requested !== null);
  const yearIssue = preview.isError ? fieldIssues(preview.error).find((i) => i.path === 'year') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const year = yearText.trim() === '' ? null : Number(yearText);
    if (year !== null && !Number.isInteger(year)) {
      setYearError(t('admin.priceLists.errors.year'));
      return;
    }
    setYearError(undefined);
    setRequested({ year });
  };
  const rows: PriceListPreviewRow[] = preview.data ? preview.data.rows.filter((r) => !onlyChanged || r.changed || r.problem) : [];

  return (
    <section aria-labelledby={`${id}-title`} className="admin-card mt-4">
      <h2 id={`${id}-title`} className="h4">
        {t('admin.priceLists.preview.title')}
      </h2>
      <p className="small">{t('admin.priceLists.preview.intro')}</p>
      <form onSubmit={submit} noValidate className="row g-3 align-items-end">
        <div className="col-12 col-sm-4">
          <TextField
            id={`${id}-year`}
            label={t('admin.priceLists.preview.year')}
            hint={t('admin.priceLists.preview.yearHint')}
            inputMode="numeric"
            value={yearText}
            onValueChange={setYearText}
            error={yearError ?? yearIssue?.message}
          />
        </div>
        <div className="col-12 col-sm-4 form-group">
          <Button type="submit" color="primary" outline disabled={preview.isFetching}>
            {t('admin.priceLists.preview.show')}
          </Button>
        </div>
      </form>
      {preview.isPending && requested ? (
        <Loading />
      ) : preview.isError && !yearIssue ? (
        <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
      ) : preview.data ? (
        <div aria-busy={preview.isFetching} aria-live="polite">
          <p>
            {t('admin.priceLists.preview.summary', {
              year: preview.data.year,
              before: preview.data.before.name,
              after: preview.data.after.name,
              changed: preview.data.totals.changedEnti,
              totalBefore: formatEuro(preview.data.totals.beforeCents),
              totalAfter: formatEuro(preview.data.totals.afterCents),
            })}
          </p>
          <div className="form-check mb-2">
            <input id={`${id}-only`} className="form-check-input" type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} />
            <label htmlFor={`${id}-only`} className="form-check-label">
              {t('admin.priceLists.preview.onlyChanged')}
            </label>
          </div>
          <div className="table-responsive">
            <table className="table table-sm">
              <caption className="visually-hidden">{t('admin.priceLists.preview.caption', { year: preview.data.year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.priceLists.preview.ente')}</th>
                  <th scope="col">{t('admin.priceLists.preview.quota')}</th>
                  <th scope="col">{t('admin.priceLists.preview.renewals')}</th>
                  <th scope="col">{t('admin.priceLists.preview.units')}</th>
                  <th scope="col">{t('admin.priceLists.preview.note')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.ente.id}>
                    <th scope="row">{r.ente.name}</th>
                    <td>
                      <Change before={r.quota.beforeCents} after={r.quota.afterCents} />
                    </td>
                    <td>
                      <Change before={r.renewals.beforeCents} after={r.renewals.afterCents} />
                    </td>
                    <td>{r.renewedUnits.before === r.renewedUnits.after ? r.renewedUnits.after : `${r.renewedUnits.before} → ${r.renewedUnits.after}`}</td>
                    <td className="small">{r.problem}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length === 0 && <p className="text-muted">{t('admin.priceLists.preview.noChanges')}</p>}
        </div>
      ) : null}
    </section>
  );
}
