import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Progress } from 'design-react-kit';
import { can, type StatementRunDto, type StatementsProgressEvent } from '@cit/shared';
import { useLiveSocket } from '../tickets/live';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FileField } from '../ui/FileField';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { adminKeys, lineErrors, useImportCsv, useRunQuota, useStartStatementRun, useStatementRuns, type ImportKind } from './api';
import { StatementsList } from './StatementsList';
import { PaymentSettingsCard } from './PaymentSettingsCard';
import { useMe } from '../auth/session';

const FIRST_YEAR = 2021;
const yearsUpTo = (last: number) => Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i);

function QuotaCard() {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const run = useRunQuota();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate(Number(year));
  };
  const report = run.data;
  return (
    <section aria-labelledby="quota-title" className="admin-card">
      <h2 id="quota-title" className="h5">
        {t('admin.billing.quota')}
      </h2>
      <p className="small">{t('admin.billing.quotaIntro')}</p>
      <form className="d-flex flex-wrap gap-3 align-items-end" onSubmit={submit}>
        <SelectField id="quota-year" label={t('billing.year')} value={year} onValueChange={setYear} options={yearsUpTo(thisYear + 1).map((y) => ({ value: String(y), label: String(y) }))} />
        <Button type="submit" color="primary" disabled={run.isPending} className="mb-3">
          {run.isPending ? t('admin.billing.quotaRunning') : t('admin.billing.quotaRun')}
        </Button>
      </form>
      <div aria-live="polite">
        {report && (
          <Alert color={report.problems.length > 0 ? 'warning' : 'success'} fade={false} className="mb-0">
            <p className="fw-semibold mb-1">{t('admin.billing.quotaDone', { year: report.year, created: report.created, already: report.alreadyAssessed })}</p>
            {report.problems.length > 0 && (
              <>
                <p className="mb-1">{t('admin.billing.quotaProblems', { count: report.problems.length })}</p>
                <ul className="mb-0 small">
                  {report.problems.map((p) => (
                    <li key={p.enteId}>
                      <strong>{p.name}</strong>: {p.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Alert>
        )}
      </div>
      {run.isError && <ErrorAlert error={run.error} />}
    </section>
  );
}

function ImportCard({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const [missing, setMissing] = useState(false);
  const upload = useImportCsv(kind, setProgress);
  const input = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setMissing(false);
    setProgress(0);
    upload.mutate(file, {
      onSuccess: () => {
        setFile(null);
        if (input.current) input.current.value = '';
      },
    });
  };
  const lines = lineErrors(upload.error);
  return (
    <section aria-labelledby={`${inputId}-title`} className="admin-card">
      <h2 id={`${inputId}-title`} className="h5">
        {t(`admin.billing.import.${kind}.title`)}
      </h2>
      <p className="small">{t(`admin.billing.import.${kind}.intro`)}</p>
      <form onSubmit={submit} noValidate>
        <FileField
          id={inputId}
          label={t('admin.billing.import.file')}
          accept=".csv,text/csv"
          file={file}
          onFile={setFile}
          inputRef={input}
          error={missing ? t('admin.billing.import.chooseFile') : undefined}
        />
        <Button type="submit" color="primary" outline disabled={upload.isPending}>
          {upload.isPending ? t('admin.billing.import.sending') : t(`admin.billing.import.${kind}.submit`)}
        </Button>
      </form>
      {upload.isPending && <Progress value={Math.round(progress * 100)} label={t('admin.billing.import.progress')} className="mt-3" />}
      <div aria-live="polite">
        {upload.isSuccess && (
          <Alert color="success" fade={false} className="mt-3 mb-0">
            {t('admin.billing.import.done', { rows: upload.data.rows, entries: upload.data.entries })}
          </Alert>
        )}
      </div>
      {upload.isError && (
        <ErrorAlert error={upload.error} title={t('admin.billing.import.failed')} className="mt-3">
          {lines.length > 0 && (
            <ul className="mb-0 mt-2 small import-lines">
              {lines.slice(0, 50).map((l) => (
                <li key={`${l.line}-${l.message}`}>{t('admin.billing.import.line', { line: l.line, message: l.message })}</li>
              ))}
              {lines.length > 50 && <li>{t('admin.billing.import.moreLines', { count: lines.length - 50 })}</li>}
            </ul>
          )}
        </ErrorAlert>
      )}
    </section>
  );
}

/** Start a half-year run; its progress arrives live ('statements.progress'), with the runs list as a fallback. */
function StatementsRunCard({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const socket = useLiveSocket();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const [half, setHalf] = useState(new Date().getMonth() < 6 ? '1' : '2');
  const start = useStartStatementRun();
  const [progress, setProgress] = useState<StatementsProgressEvent | null>(null);
  const runId = start.data?.id;
  const running = progress ? progress.status === 'queued' || progress.status === 'running' : start.isSuccess;
  const runs = useStatementRuns(Boolean(runId) && running);

  useEffect(() => {
    if (!socket || !runId) return;
    const onProgress = (e: StatementsProgressEvent) => {
      if (e.runId !== runId) return;
      setProgress(e);
      if (e.status === 'done' || e.status === 'failed') {
        void queryClient.invalidateQueries({ queryKey: adminKeys.statements });
        onDone();
      }
    };
    socket.on('statements.progress', onProgress);
    return () => {
      socket.off('statements.progress', onProgress);
    };
  }, [socket, runId, queryClient, onDone]);

  // Fallback: without live events, read the run from the list while it runs.
  const listed: StatementRunDto | undefined = runs.data?.items.find((r) => r.id === runId);
  useEffect(() => {
    if (!runId || !running) return;
    const timer = window.setInterval(() => void runs.refetch(), 3000);
    return () => window.clearInterval(timer);
  }, [runId, running, runs]);
  useEffect(() => {
    if (!listed) return;
    setProgress((p) => (p && p.done >= listed.done && p.status === listed.status ? p : { runId: listed.id, done: listed.done, total: listed.total, status: listed.status }));
  }, [listed]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProgress(null);
    start.mutate(
      { year: Number(year), half: half === '1' ? 1 : 2 },
      { onSuccess: (run) => setProgress((p) => p ?? { runId: run.id, done: run.done, total: run.total, status: run.status }) },
    );
  };
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : progress?.status === 'done' ? 100 : 0;
  return (
    <section aria-labelledby="run-title" className="admin-card">
      <h2 id="run-title" className="h5">
        {t('admin.billing.run')}
      </h2>
      <p className="small">{t('admin.billing.runIntro')}</p>
      <form className="d-flex flex-wrap gap-3 align-items-end" onSubmit={submit}>
        <SelectField id="run-year" label={t('billing.year')} value={year} onValueChange={setYear} options={yearsUpTo(thisYear).map((y) => ({ value: String(y), label: String(y) }))} />
        <SelectField
          id="run-half"
          label={t('admin.billing.half')}
          value={half}
          onValueChange={setHalf}
          options={[
            { value: '1', label: t('admin.billing.half1') },
            { value: '2', label: t('admin.billing.half2') },
          ]}
        />
        <Button type="submit" color="primary" disabled={start.isPending || running} className="mb-3">
          {t('admin.billing.runStart')}
        </Button>
      </form>
      {progress && (
        <div className="run-progress">
          <Progress value={percent} label={t('admin.billing.runProgressLabel')} color={progress.status === 'failed' ? 'danger' : progress.status === 'done' ? 'success' : 'primary'} />
          <p className="small mt-2 mb-0" role="status">
            {t(`admin.billing.runStatus.${progress.status}`, { done: progress.done, total: progress.total })}
          </p>
        </div>
      )}
      {start.isError && <ErrorAlert error={start.error} className="mt-3" />}
    </section>
  );
}

export function BillingAdminPage() {
  const { t } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const noop = useRef(() => undefined).current;
  const me = useMe();
  const canManage = me.data ? can(me.data, 'billing.manage') : false;
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.billing.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.billing.intro')}</p>
      <div className="admin-cards">
        <QuotaCard />
        <StatementsRunCard onDone={noop} />
        <ImportCard kind="telemaco" />
        <ImportCard kind="collections" />
        <ImportCard kind="accounting" />
        {canManage && <PaymentSettingsCard />}
      </div>
      <section aria-labelledby="statements-title" className="mt-5">
        <div className="d-flex flex-wrap justify-content-between align-items-end gap-3">
          <h2 id="statements-title" className="h4 mb-3">
            {t('statements.title')}
          </h2>
          <SelectField
            id="statements-year"
            label={t('billing.year')}
            value={year}
            onValueChange={setYear}
            options={[...yearsUpTo(thisYear).map((y) => ({ value: String(y), label: String(y) })), { value: '', label: t('billing.allYears') }]}
          />
        </div>
        <StatementsList year={year ? Number(year) : undefined} showPayer canSetPagoPa={canManage} />
      </section>
    </>
  );
}
