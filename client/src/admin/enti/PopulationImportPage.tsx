import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button } from 'design-react-kit';
import { formatEuro, type PopulationImportPreview, type QuotaEffect } from '@cit/shared';
import { isApiError } from '../../api/errors';
import { ErrorSummary } from '../../tickets/ErrorSummary';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { PageTitle } from '../../ui/PageTitle';
import { TextField } from '../../ui/TextField';
import { FileField } from '../../ui/FileField';
import { useApplyPopulationImport, usePreviewPopulationImport } from './enteDataApi';
import { useFormErrors } from './useServerErrors';

const NUMBER = new Intl.NumberFormat('it-IT', { useGrouping: 'always' });
type Field = 'year' | 'file';

/** The lines of a rejected file, as the server listed them (line and field). */
function rejectedLines(failure: unknown): Array<{ line: number; message: string }> {
  if (!isApiError(failure, 'csv_rejected')) return [];
  const lines = (failure.details as { lines?: unknown } | undefined)?.lines;
  return Array.isArray(lines) ? (lines as Array<{ line: number; message: string }>) : [];
}

/** /admin/enti/abitanti: the ISTAT residents file for every Ente, previewed (changes and next year's quotas) then applied. */
export function PopulationImportPage() {
  const { t } = useTranslation();
  const preview = usePreviewPopulationImport();
  const apply = useApplyPopulationImport();
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [file, setFile] = useState<File | null>(null);
  const form = useFormErrors<Field>(preview.error, (path) => (path === 'year' ? 'year' : path === 'file' ? 'file' : undefined));
  const resultRef = useRef<HTMLHeadingElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply.reset();
    const y = Number(year);
    const next: Partial<Record<Field, string>> = {};
    if (!Number.isInteger(y) || y < 1990 || y > 2200) next.year = t('admin.popImport.errors.year');
    if (!file) next.file = t('admin.popImport.errors.file');
    if (!form.check(next) || !file) return;
    preview.mutate({ year: y, file }, { onSuccess: () => setTimeout(() => resultRef.current?.focus(), 0) });
  };

  const lines = rejectedLines(preview.error);
  const listed = (['year', 'file'] as const).flatMap((f) => (form.errors[f] ? [{ id: `import-${f}`, message: form.errors[f] }] : []));
  return (
    <>
      <Link to="/admin/enti" className="d-inline-block mb-2 small">
        ← {t('admin.enti.back')}
      </Link>
      <PageTitle className="mb-2">{t('admin.popImport.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.popImport.intro')}</p>
      <form onSubmit={submit} noValidate aria-busy={preview.isPending} className="mb-4">
        {form.attempts > 0 && (listed.length > 0 || form.unexplained) && (
          <ErrorSummary title={t('admin.popImport.errors.notRead')} failure={form.unexplained} fields={listed} summaryRef={form.summaryRef} />
        )}
        {lines.length > 0 && (
          <div className="mb-4">
            <p className="fw-semibold mb-1">{t('admin.popImport.linesTitle', { count: lines.length })}</p>
            <ul>
              {lines.slice(0, 50).map((l, i) => (
                <li key={`${l.line}-${i}`}>{t('admin.popImport.lineError', { line: l.line, message: l.message })}</li>
              ))}
            </ul>
          </div>
        )}
        <TextField id="import-year" label={t('admin.popImport.year')} inputMode="numeric" required value={year} onValueChange={setYear} error={form.errors.year} hint={t('admin.popImport.yearHint')} />
        <FileField
          id="import-file"
          label={t('admin.popImport.file')}
          accept=".csv,text/csv,text/plain"
          file={file}
          onFile={setFile}
          error={form.errors.file}
          hint={t('admin.popImport.fileHint')}
        />
        <Button type="submit" color="primary" disabled={preview.isPending}>
          {preview.isPending ? t('admin.popImport.reading') : t('admin.popImport.preview')}
        </Button>
      </form>
      {preview.data && <PreviewResult preview={preview.data} headingRef={resultRef} apply={apply} />}
    </>
  );
}

function QuotaCell({ quota }: { quota: QuotaEffect }) {
  const { t } = useTranslation();
  if (quota.amountCents === null) return <span className="text-danger">{quota.rule}</span>;
  return (
    <>
      {formatEuro(quota.amountCents)}
      {quota.band && <span className="d-block small text-muted">{t('admin.popImport.band', { band: quota.band })}</span>}
    </>
  );
}

interface PreviewResultProps {
  preview: PopulationImportPreview;
  headingRef: React.Ref<HTMLHeadingElement>;
  apply: ReturnType<typeof useApplyPopulationImport>;
}

function PreviewResult({ preview: p, headingRef, apply }: PreviewResultProps) {
  const { t } = useTranslation();
  const done = apply.data && apply.data.id === p.id ? apply.data : null;
  return (
    <section aria-labelledby="import-preview-title">
      <h2 id="import-preview-title" className="h4" tabIndex={-1} ref={headingRef}>
        {t('admin.popImport.previewTitle', { year: p.asOfYear, file: p.fileName })}
      </h2>
      <p>{t('admin.popImport.summary', { lines: p.lines, changes: p.changes.length, unchanged: p.unchanged, bands: p.bandChanges, quotaYear: p.quotaYear })}</p>
      {p.changes.length > 0 && (
        <div className="table-responsive mb-3">
          <table className="table table-sm admin-table">
            <caption>{t('admin.popImport.caption', { year: p.asOfYear, quotaYear: p.quotaYear })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.popImport.colEnte')}</th>
                <th scope="col">{t('admin.popImport.colIstat')}</th>
                <th scope="col" className="text-end">{t('admin.popImport.colBefore')}</th>
                <th scope="col" className="text-end">{t('admin.popImport.colAfter')}</th>
                <th scope="col" className="text-end">{t('admin.popImport.colQuotaBefore', { year: p.quotaYear })}</th>
                <th scope="col" className="text-end">{t('admin.popImport.colQuotaAfter', { year: p.quotaYear })}</th>
              </tr>
            </thead>
            <tbody>
              {p.changes.map((c) => (
                <tr key={c.ente.id}>
                  <th scope="row">
                    <Link to={`/admin/enti/${c.ente.id}`}>{c.ente.name}</Link>
                    {c.bandChanged && (
                      <Badge color="warning" className="ms-2">
                        {t('admin.popImport.bandChanged')}
                      </Badge>
                    )}
                  </th>
                  <td className="font-monospace">{c.ente.istatCode}</td>
                  <td className="text-end">{c.before ? NUMBER.format(c.before.residents) : t('admin.popImport.none')}</td>
                  <td className="text-end">{NUMBER.format(c.after.residents)}</td>
                  <td className="text-end">
                    <QuotaCell quota={c.quotaBefore} />
                    {c.quotaBefore.residentsYear !== p.asOfYear && (
                      <span className="d-block small text-muted">{t('admin.popImport.onYear', { year: c.quotaBefore.residentsYear })}</span>
                    )}
                  </td>
                  <td className="text-end">
                    <QuotaCell quota={c.quotaAfter} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {done ? (
        <Alert color="success" fade={false}>
          {t('admin.popImport.applied', { count: done.applied, year: done.asOfYear })}
        </Alert>
      ) : (
        <>
          {apply.isError && <ErrorAlert error={apply.error} title={t('admin.popImport.notApplied')} className="mb-3" />}
          <p className="small text-muted">{t('admin.popImport.nothingYet')}</p>
          <Button color="primary" onClick={() => apply.mutate(p.id)} disabled={apply.isPending || p.changes.length === 0}>
            {apply.isPending ? t('admin.saving') : t('admin.popImport.apply', { count: p.changes.length })}
          </Button>
        </>
      )}
    </section>
  );
}
