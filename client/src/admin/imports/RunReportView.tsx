import { useTranslation } from 'react-i18next';
import { formatEuro, type ImportRun } from '@cit/shared';
import { RunReportSchema } from './importsApi';

const MAX_ROWS = 50;
/** The report is stored as jsonb, which does not keep key order: kinds are shown in the order of the files. */
const KIND_ORDER = ['conventions', 'population', 'records', 'payments', 'entities', 'users', 'tickets'];
const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);

/** The reconciliation report of a run: counts per kind, payments against the source, rows left out, refused lines. */
export function RunReportView({ run, headingLevel = 3 }: { run: ImportRun; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const parsed = RunReportSchema.safeParse(run.report ?? {});
  if (!parsed.success) return <p className="small text-muted">{t('admin.imports.report.unreadable')}</p>;
  const r = parsed.data;
  const H = `h${headingLevel}` as const;
  const kindLabel = (k: string) => t(`admin.imports.kinds.${k}`, { defaultValue: k });
  const leftOut = [...(r.skipped ?? []).map((s) => ({ ...s, what: 'skipped' as const })), ...(r.failed ?? []).map((s) => ({ ...s, what: 'failed' as const }))];
  return (
    <div className="import-report">
      {r.rejected && r.rejected.length > 0 && (
        <>
          <H className="h6">{t('admin.imports.report.rejected', { count: r.rejected.length })}</H>
          <ul className="small import-lines">
            {r.rejected.slice(0, MAX_ROWS).map((l) => (
              <li key={`${l.file}-${l.line}-${l.message}`}>{t('admin.imports.report.line', { file: l.file, line: l.line, message: l.message })}</li>
            ))}
          </ul>
        </>
      )}
      {r.kinds && (
        <div className="table-responsive">
          <table className="table table-sm small">
            <caption>{t('admin.imports.report.byKind')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.imports.report.kind')}</th>
                {(['read', 'imported', 'unchanged', 'skipped', 'failed'] as const).map((c) => (
                  <th key={c} scope="col" className="text-end">
                    {t(`admin.imports.report.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Object.entries(r.kinds)
                .sort(([a], [b]) => rank(a) - rank(b))
                .map(([k, c]) => (
                <tr key={k}>
                  <th scope="row">{kindLabel(k)}</th>
                  <td className="text-end">{c.read}</td>
                  <td className="text-end">{c.imported}</td>
                  <td className="text-end">{c.unchanged}</td>
                  <td className="text-end">{c.skipped}</td>
                  <td className="text-end">{c.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.paymentsByYear && Object.keys(r.paymentsByYear).length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm small">
            <caption>{r.reconciled ? t('admin.imports.report.reconciled') : t('admin.imports.report.notReconciled')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.imports.report.year')}</th>
                <th scope="col" className="text-end">
                  {t('admin.imports.report.source')}
                </th>
                <th scope="col" className="text-end">
                  {t('admin.imports.report.ledger')}
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(r.paymentsByYear)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([year, totals]) => (
                  <tr key={year}>
                    <th scope="row">{year}</th>
                    <td className="text-end">{formatEuro(totals.source)}</td>
                    <td className="text-end">{formatEuro(totals.ledger)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {leftOut.length > 0 && (
        <>
          <H className="h6">{t('admin.imports.report.leftOut', { count: leftOut.length })}</H>
          <ul className="small import-lines">
            {leftOut.slice(0, MAX_ROWS).map((l, i) => (
              <li key={i}>
                {t(`admin.imports.report.${l.what}`)} – {kindLabel(l.kind)}
                {l.line !== undefined ? `, ${t('admin.imports.report.lineNo', { line: l.line })}` : l.sourceId !== undefined ? ` ${l.sourceId}` : ''}: {l.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.warnings && r.warnings.length > 0 && (
        <ul className="small">
          {r.warnings.slice(0, MAX_ROWS).map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
