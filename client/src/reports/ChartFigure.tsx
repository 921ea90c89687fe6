import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Colours of the series: each at least 3:1 against white (WCAG 1.4.11) and told apart by shape too (legend, table). */
export const SERIES_COLOURS = ['#0066cc', '#a35200', '#00805a', '#6b3fa0'] as const;

export interface Column<R> {
  key: string;
  label: string;
  value: (row: R) => string | number;
  /** Numbers are right-aligned. */
  numeric?: boolean;
}

export interface Series {
  key: string;
  label: string;
}

interface ChartFigureProps<R> {
  title: string;
  /** What the figure shows and how it is counted, under the title. */
  note?: string;
  kind: 'bar' | 'line' | 'hbar';
  rows: readonly R[];
  /** The x axis (the category axis of a horizontal bar chart). */
  category: (row: R) => string;
  series: readonly Series[];
  value: (row: R, series: string) => number | null;
  columns: readonly Column<R>[];
  /** A percentage axis 0–100. */
  percent?: boolean;
  extra?: ReactNode;
}

/**
 * A chart with its table view. The table is always in the page (screen readers read it; the chart is hidden from
 * them, it says nothing the table does not); a switch shows it instead of the chart to sighted users too.
 */
export function ChartFigure<R>({ title, note, kind, rows, category, series, value, columns, percent = false, extra }: ChartFigureProps<R>) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const data = rows.map((r) => ({ name: category(r), ...Object.fromEntries(series.map((s) => [s.key, value(r, s.key)])) }));
  const horizontal = kind === 'hbar';
  const axisProps = percent ? { domain: [0, 100] as [number, number], unit: ' %' } : { allowDecimals: false };
  return (
    <figure className="report-figure card card-bg p-3 mb-4" aria-labelledby={headingId}>
      <div className="d-flex flex-wrap justify-content-between align-items-start gap-2">
        <h3 id={headingId} className="h5 mb-1">
          {title}
        </h3>
        {rows.length > 0 && (
          // The visible words start the name (WCAG 2.5.3); the title tells the page's several switches apart.
          <button
            type="button"
            className="btn btn-outline-primary btn-sm"
            aria-label={`${asTable ? t('reports.showChart') : t('reports.showTable')}: ${title}`}
            onClick={() => setAsTable((v) => !v)}
          >
            {asTable ? t('reports.showChart') : t('reports.showTable')}
          </button>
        )}
      </div>
      {note && <p className="small text-muted mb-2">{note}</p>}
      {extra}
      {rows.length === 0 ? (
        <p className="mb-0">{t('reports.noData')}</p>
      ) : (
        <>
          {!asTable && (
            <div className="report-chart" aria-hidden="true" style={{ height: horizontal ? Math.max(200, 28 * rows.length + 60) : 280 }}>
              <ResponsiveContainer width="100%" height="100%">
                {kind === 'line' ? (
                  <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" />
                    <YAxis {...axisProps} />
                    <Tooltip />
                    <Legend />
                    {series.map((s, i) => (
                      <Line key={s.key} dataKey={s.key} name={s.label} stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth={2} connectNulls isAnimationActive={false} />
                    ))}
                  </LineChart>
                ) : (
                  <BarChart data={data} layout={horizontal ? 'vertical' : 'horizontal'} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    {horizontal ? <XAxis type="number" {...axisProps} /> : <XAxis dataKey="name" />}
                    {horizontal ? <YAxis type="category" dataKey="name" width={200} /> : <YAxis {...axisProps} />}
                    <Tooltip />
                    <Legend />
                    {series.map((s, i) => (
                      <Bar key={s.key} dataKey={s.key} name={s.label} fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} isAnimationActive={false} />
                    ))}
                  </BarChart>
                )}
              </ResponsiveContainer>
            </div>
          )}
          <div className={asTable ? 'table-responsive' : 'visually-hidden'}>
            <DataTable caption={title} rows={rows} columns={columns} />
          </div>
        </>
      )}
    </figure>
  );
}

export function DataTable<R>({ caption, rows, columns }: { caption: string; rows: readonly R[]; columns: readonly Column<R>[] }) {
  return (
    <table className="table table-sm report-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? 'text-end' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {columns.map((c, j) =>
              j === 0 ? (
                <th key={c.key} scope="row">
                  {c.value(r)}
                </th>
              ) : (
                <td key={c.key} className={c.numeric ? 'text-end' : undefined}>
                  {c.value(r)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
