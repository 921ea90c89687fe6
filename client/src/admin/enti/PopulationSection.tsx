import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { PopulationRecord } from '@cit/shared';
import { ErrorSummary } from '../../tickets/ErrorSummary';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { TextField } from '../../ui/TextField';
import { useDeletePopulation, usePopulation, useSavePopulation } from './enteDataApi';
import { parseCount, useFormErrors } from './useServerErrors';

const NUMBER = new Intl.NumberFormat('it-IT', { useGrouping: 'always' });

type Field = 'year' | 'residents' | 'businesses';

/** Residents and businesses at 31 December, year by year: admins add, correct and delete them. */
export function PopulationSection({ enteId, canEdit }: { enteId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const population = usePopulation(enteId);
  const remove = useDeletePopulation(enteId);
  /** The year being edited, 'new' for a year to add. */
  const [editing, setEditing] = useState<PopulationRecord | 'new' | null>(null);

  const confirmDelete = (p: PopulationRecord) => {
    if (window.confirm(t('admin.population.confirmDelete', { year: p.asOfYear }))) remove.mutate({ year: p.asOfYear, version: p.version });
  };

  return (
    <section aria-labelledby="ente-population" className="mb-4">
      <h2 id="ente-population" className="h4">
        {t('admin.enti.population')}
      </h2>
      <p className="small text-muted">{t('admin.population.rule')}</p>
      {population.isPending ? (
        <Loading />
      ) : population.isError ? (
        <ErrorAlert error={population.error} onRetry={() => void population.refetch()} />
      ) : population.data.items.length === 0 ? (
        <p className="text-muted">{t('admin.enti.noPopulation')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm admin-table">
            <caption className="visually-hidden">{t('admin.enti.population')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.enti.asOf')}</th>
                <th scope="col" className="text-end">
                  {t('admin.enti.residents')}
                </th>
                <th scope="col" className="text-end">
                  {t('admin.enti.businesses')}
                </th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.population.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {population.data.items.map((p) => (
                <tr key={p.asOfYear}>
                  <th scope="row">{t('admin.enti.asOfYear', { year: p.asOfYear })}</th>
                  <td className="text-end">{NUMBER.format(p.residents)}</td>
                  <td className="text-end">{NUMBER.format(p.businesses)}</td>
                  {canEdit && (
                    <td className="text-end text-nowrap">
                      <Button color="primary" outline size="sm" className="me-2" onClick={() => setEditing(p)}>
                        {t('admin.population.edit')}
                        <span className="visually-hidden"> {t('admin.enti.asOfYear', { year: p.asOfYear })}</span>
                      </Button>
                      <Button color="danger" outline size="sm" onClick={() => confirmDelete(p)} disabled={remove.isPending}>
                        {t('admin.population.delete')}
                        <span className="visually-hidden"> {t('admin.enti.asOfYear', { year: p.asOfYear })}</span>
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.isError && <ErrorAlert error={remove.error} title={t('admin.population.notDeleted')} className="mt-2" />}
      {canEdit && editing === null && (
        <Button color="primary" outline size="sm" onClick={() => setEditing('new')}>
          {t('admin.population.add')}
        </Button>
      )}
      {canEdit && editing !== null && (
        <PopulationForm key={editing === 'new' ? 'new' : editing.asOfYear} enteId={enteId} record={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      )}
    </section>
  );
}

function PopulationForm({ enteId, record, onDone }: { enteId: string; record: PopulationRecord | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSavePopulation(enteId);
  const [year, setYear] = useState(record ? String(record.asOfYear) : String(new Date().getFullYear() - 1));
  const [residents, setResidents] = useState(record ? String(record.residents) : '');
  const [businesses, setBusinesses] = useState(record ? String(record.businesses) : '');
  const form = useFormErrors<Field>(save.error, (path) => (path === 'residents' || path === 'businesses' ? path : path === 'year' ? 'year' : undefined));
  const ids: Record<Field, string> = { year: 'population-year', residents: 'population-residents', businesses: 'population-businesses' };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const y = Number(year);
    const r = parseCount(residents);
    const b = parseCount(businesses);
    const next: Partial<Record<Field, string>> = {};
    if (!Number.isInteger(y) || y < 1990 || y > 2200) next.year = t('admin.population.errors.year');
    if (r === null) next.residents = t('admin.population.errors.residents');
    if (b === null) next.businesses = t('admin.population.errors.businesses');
    if (!form.check(next) || r === null || b === null) return;
    save.mutate({ year: y, residents: r, businesses: b, ...(record ? { version: record.version } : {}) }, { onSuccess: onDone });
  };

  const listed = (Object.keys(ids) as Field[]).flatMap((f) => (form.errors[f] ? [{ id: ids[f], message: form.errors[f] }] : []));
  const title = record ? t('admin.population.editTitle', { year: record.asOfYear }) : t('admin.population.addTitle');
  return (
    <form onSubmit={submit} noValidate aria-labelledby="population-form-title" aria-busy={save.isPending} className="mt-3 admin-inline-form">
      <h3 id="population-form-title" className="h5">
        {title}
      </h3>
      {form.attempts > 0 && (listed.length > 0 || form.unexplained) && (
        <ErrorSummary title={t('admin.population.errors.notSaved')} failure={form.unexplained} fields={listed} summaryRef={form.summaryRef} />
      )}
      {!record && (
        <TextField id={ids.year} label={t('admin.population.year')} inputMode="numeric" required value={year} onValueChange={setYear} error={form.errors.year} hint={t('admin.population.yearHint')} />
      )}
      <TextField id={ids.residents} label={t('admin.enti.residents')} inputMode="numeric" required value={residents} onValueChange={setResidents} error={form.errors.residents} />
      <TextField id={ids.businesses} label={t('admin.enti.businesses')} inputMode="numeric" required value={businesses} onValueChange={setBusinesses} error={form.errors.businesses} />
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" size="sm" disabled={save.isPending}>
          {save.isPending ? t('admin.saving') : t('admin.population.save')}
        </Button>
        <Button type="button" color="secondary" outline size="sm" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
