import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from 'design-react-kit';
import { EXPORT_FORMATS, type ExportFormat } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { downloadExport, type ExportProgress } from './download';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; format: ExportFormat; progress: ExportProgress }
  | { kind: 'done'; name: string }
  | { kind: 'failed'; error: unknown };

/**
 * «Esporta CSV» and «Esporta XLSX» for a list: `path` is the list's address (its export is `path/export/{format}`),
 * `query` the list's current filters. A long export shows how much has arrived and can be stopped; one that fails
 * midway says so and saves nothing.
 */
export function ExportButtons({ path, query, className }: { path: string; query: Record<string, string | number | undefined>; className?: string }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = (format: ExportFormat) => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'running', format, progress: { bytes: 0, rows: null } });
    downloadExport(path, format, query, (progress) => setState({ kind: 'running', format, progress }), controller.signal).then(
      (name) => setState({ kind: 'done', name }),
      (error: unknown) => setState(controller.signal.aborted ? { kind: 'idle' } : { kind: 'failed', error }),
    );
  };

  const mb = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(i18n.language);
  return (
    <div className={['export-buttons', className].filter(Boolean).join(' ')}>
      <div className="d-flex flex-wrap gap-2 align-items-center">
        {EXPORT_FORMATS.map((format) => (
          <Button key={format} color="primary" outline size="sm" disabled={state.kind === 'running'} onClick={() => start(format)}>
            <Icon icon="it-download" size="xs" color="primary" aria-hidden="true" className="me-1" />
            {t(`exports.${format}`)}
          </Button>
        ))}
        {state.kind === 'running' && (
          <Button color="secondary" outline size="sm" onClick={() => abort.current?.abort()}>
            {t('exports.stop')}
          </Button>
        )}
      </div>
      <p className="small mb-0 mt-1" role="status">
        {state.kind === 'running' &&
          (state.progress.rows === null
            ? t('exports.progressBytes', { mb: mb.format(state.progress.bytes / 1e6) })
            : t('exports.progressRows', { rows: count.format(Math.max(0, state.progress.rows - 1)), mb: mb.format(state.progress.bytes / 1e6) }))}
        {state.kind === 'done' && t('exports.done', { name: state.name })}
      </p>
      {state.kind === 'failed' && <ErrorAlert error={state.error} title={t('exports.failed')} />}
    </div>
  );
}
