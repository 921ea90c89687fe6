import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Progress } from 'design-react-kit';
import { SOFTWARECIT_FILES, type ImportProgressEvent, type ImportRun, type SoftwareCitFile } from '@cit/shared';
import { useLiveSocket } from '../../tickets/live';
import { useFormatDateTime } from '../../tickets/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FileField } from '../../ui/FileField';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { importKeys, useImportRun, useImportRuns, useStartSoftwareCitImport } from './importsApi';
import { RunReportView } from './RunReportView';

const FIELDS = Object.keys(SOFTWARECIT_FILES) as SoftwareCitFile[];
const finished = (status: ImportRun['status']) => status === 'done' || status === 'failed';

/** Upload the three SoftwareCit CSVs, dry run or real; the bar follows the job live ('imports.progress'), polling as a fallback. */
function SoftwareCitCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const socket = useLiveSocket();
  const [files, setFiles] = useState<Partial<Record<SoftwareCitFile, File | null>>>({});
  const [dryRun, setDryRun] = useState(true);
  const [missing, setMissing] = useState<SoftwareCitFile[]>([]);
  const inputs = useRef<Partial<Record<SoftwareCitFile, HTMLInputElement | null>>>({});
  const start = useStartSoftwareCitImport();
  const runId = start.data?.id;
  const [live, setLive] = useState<ImportProgressEvent | null>(null);
  const polled = useImportRun(runId, Boolean(runId) && !(live && finished(live.status)));
  const run = polled.data;

  useEffect(() => {
    if (!socket || !runId) return;
    const onProgress = (e: ImportProgressEvent) => {
      if (e.runId !== runId) return;
      setLive(e);
      if (finished(e.status)) {
        void queryClient.invalidateQueries({ queryKey: importKeys.runs });
        void queryClient.invalidateQueries({ queryKey: importKeys.run(runId) });
      }
    };
    socket.on('imports.progress', onProgress);
    return () => {
      socket.off('imports.progress', onProgress);
    };
  }, [socket, runId, queryClient]);

  // The freshest of the live event and the polled run.
  const state = live && run && live.done < run.done ? run : (live ?? run);
  const status = state?.status;
  const percent = !state ? 0 : status === 'done' ? 100 : state.total > 0 ? Math.round((state.done / state.total) * 100) : 0;
  const busy = start.isPending || (state !== undefined && !finished(state.status));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent = FIELDS.filter((f) => !files[f]);
    setMissing(absent);
    if (absent.length > 0) {
      inputs.current[absent[0]!]?.focus();
      return;
    }
    setLive(null);
    start.mutate({ files: files as Record<SoftwareCitFile, File>, dryRun });
  };

  return (
    <section aria-labelledby="softwarecit-title" className="admin-card">
      <h2 id="softwarecit-title" className="h5">
        {t('admin.imports.softwarecit.title')}
      </h2>
      <p className="small">{t('admin.imports.softwarecit.intro')}</p>
      <form onSubmit={submit} noValidate>
        {FIELDS.map((f) => (
          <FileField
            key={f}
            id={`softwarecit-${f}`}
            label={t(`admin.imports.softwarecit.files.${f}`)}
            hint={t(`admin.imports.softwarecit.hints.${f}`)}
            accept=".csv,text/csv"
            file={files[f] ?? null}
            onFile={(file) => setFiles((current) => ({ ...current, [f]: file }))}
            inputRef={(el) => {
              inputs.current[f] = el;
            }}
            error={missing.includes(f) ? t('admin.imports.softwarecit.chooseFile') : undefined}
          />
        ))}
        <fieldset className="mb-3">
          <legend className="small fw-semibold">{t('admin.imports.softwarecit.mode')}</legend>
          {([true, false] as const).map((value) => (
            <div key={String(value)} className="form-check">
              <input id={`softwarecit-dry-${String(value)}`} type="radio" name="softwarecit-mode" checked={dryRun === value} onChange={() => setDryRun(value)} />
              <label htmlFor={`softwarecit-dry-${String(value)}`}>{t(value ? 'admin.imports.softwarecit.dryRun' : 'admin.imports.softwarecit.real')}</label>
            </div>
          ))}
        </fieldset>
        <Button type="submit" color="primary" disabled={busy}>
          {t('admin.imports.softwarecit.start')}
        </Button>
      </form>
      {state && (
        <div className="run-progress mt-3">
          <Progress value={percent} label={t('admin.imports.progressLabel')} aria-label={t('admin.imports.progressLabel')} color={status === 'failed' ? 'danger' : status === 'done' ? 'success' : 'primary'} />
          <p className="small mt-2 mb-0" role="status">
            {t(`admin.imports.status.${status ?? 'queued'}`, { done: state.done, total: state.total, percent })}
          </p>
        </div>
      )}
      {run && finished(run.status) && (status === 'done' || status === 'failed') && (
        <div className="mt-3" aria-live="polite">
          {run.error && <p className="small text-danger mb-2">{run.error}</p>}
          <RunReportView run={run} />
        </div>
      )}
      {start.isError && <ErrorAlert error={start.error} className="mt-3" />}
    </section>
  );
}

function RunsList() {
  const { t } = useTranslation();
  const runs = useImportRuns();
  const formatDateTime = useFormatDateTime();
  if (runs.isPending) return <Loading />;
  if (runs.isError) return <ErrorAlert error={runs.error} />;
  if (runs.data.items.length === 0) return <p className="text-muted">{t('admin.imports.runs.empty')}</p>;
  return (
    <ul className="list-unstyled import-runs">
      {runs.data.items.map((run) => (
        <li key={run.id} className="mb-3">
          <details>
            <summary>
              {t('admin.imports.runs.summary', {
                source: t(`admin.imports.sources.${run.source}`),
                mode: t(run.dryRun ? 'admin.imports.runs.dryRun' : 'admin.imports.runs.real'),
                status: t(`admin.imports.runs.status.${run.status}`),
                at: formatDateTime(run.startedAt),
              })}
            </summary>
            <div className="pt-2">
              {run.error && <p className="small text-danger">{run.error}</p>}
              {run.report ? <RunReportView run={run} headingLevel={4} /> : <p className="small text-muted">{t('admin.imports.runs.noReport')}</p>}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

export function ImportsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.imports.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.imports.intro')}</p>
      <SoftwareCitCard />
      <section aria-labelledby="import-runs-title" className="mt-5">
        <h2 id="import-runs-title" className="h4 mb-3">
          {t('admin.imports.runs.title')}
        </h2>
        <RunsList />
      </section>
    </>
  );
}
