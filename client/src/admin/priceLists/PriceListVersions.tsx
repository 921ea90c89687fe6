import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Button } from 'design-react-kit';
import type { PriceListVersionSummary } from '@cit/shared';
import { fieldIssues } from '../../api/errors';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useFormatDate } from '../../services/format';
import { useCreatePriceListVersion, usePriceListVersions } from './priceListsApi';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Copies a version into a draft that takes effect on a date, then opens the draft. */
function NewVersionForm({ versions }: { versions: readonly PriceListVersionSummary[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreatePriceListVersion();
  const id = useId();
  const published = versions.filter((v) => v.status === 'published');
  const [fromId, setFromId] = useState(published.find((v) => v.inForceToday)?.id ?? published[0]?.id ?? '');
  const [date, setDate] = useState('');
  const [dateError, setDateError] = useState<string | undefined>();
  const serverIssue = create.isError ? fieldIssues(create.error)[0] : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ISO_DATE.test(date)) {
      setDateError(t('admin.priceLists.errors.date'));
      document.getElementById(`${id}-date`)?.focus();
      return;
    }
    setDateError(undefined);
    create.mutate({ fromId, effectiveFrom: date }, { onSuccess: (draft) => void navigate(`/admin/catalogo/listini/${draft.id}`) });
  };

  return (
    <form onSubmit={submit} noValidate className="admin-card mt-3" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="h5">
        {t('admin.priceLists.newTitle')}
      </h3>
      <p className="small">{t('admin.priceLists.newIntro')}</p>
      <div className="row g-3 align-items-end">
        <div className="col-12 col-md-5">
          <SelectField
            id={`${id}-from`}
            label={t('admin.priceLists.copyFrom')}
            value={fromId}
            onValueChange={setFromId}
            error={serverIssue?.path === 'fromId' ? serverIssue.message : undefined}
            options={published.map((v) => ({ value: v.id, label: `${v.name} (${v.effectiveFrom})` }))}
          />
        </div>
        <div className="col-12 col-md-4">
          <TextField
            id={`${id}-date`}
            label={t('admin.priceLists.effectiveFrom')}
            type="date"
            required
            value={date}
            onValueChange={setDate}
            error={dateError ?? (serverIssue?.path === 'effectiveFrom' ? serverIssue.message : undefined)}
          />
        </div>
        <div className="col-12 col-md-3 form-group">
          <Button type="submit" color="primary" disabled={create.isPending || !fromId}>
            {create.isPending ? t('admin.saving') : t('admin.priceLists.create')}
          </Button>
        </div>
      </div>
      {create.isError && !serverIssue && <ErrorAlert error={create.error} />}
    </form>
  );
}

/** Every version of the price lists: which is in force, which is replaced and from when, which are drafts. */
export function PriceListVersions() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const versions = usePriceListVersions();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="mb-5">
      <h2 id={`${id}-title`} className="h4">
        {t('admin.priceLists.title')}
      </h2>
      <p>{t('admin.priceLists.intro')}</p>
      {versions.isPending ? (
        <Loading />
      ) : versions.isError ? (
        <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
      ) : (
        <>
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">{t('admin.priceLists.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.priceLists.col.name')}</th>
                  <th scope="col">{t('admin.priceLists.col.period')}</th>
                  <th scope="col">{t('admin.priceLists.effectiveFrom')}</th>
                  <th scope="col">{t('admin.priceLists.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.data.items.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      <Link to={`/admin/catalogo/listini/${v.id}`}>{v.name}</Link>
                    </th>
                    <td>{v.period}</td>
                    <td>{formatDate(v.effectiveFrom)}</td>
                    <td>
                      {v.status === 'draft'
                        ? t('admin.priceLists.status.draft')
                        : v.inForceToday
                          ? t('admin.priceLists.status.inForce')
                          : v.supersededOn
                            ? t('admin.priceLists.status.superseded', { date: formatDate(v.supersededOn) })
                            : t('admin.priceLists.status.published')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <NewVersionForm versions={versions.data.items} />
        </>
      )}
    </section>
  );
}
