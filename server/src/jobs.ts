import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { JobHandlers } from './platform/jobs/jobs';
import { applyJob } from './service-requests/apply';
import { statementsService } from './billing/statements/statements.module';
import { renewAnnualServices } from './service-records/renewals';
import { reconcileApprovals } from './service-requests/reconcile';
import type { TicketsModule } from './tickets/tickets.module';
import { autoCloseSolved, refreshSlaStates } from './tickets/ticket-jobs';
import { mailSendJob } from './notifications/mailer';
import { queueRenewalNotices } from './notifications/renewal-notices';
import { runSoftwareCitJob } from './softwarecit-import/softwarecit-job';
import { runRetention } from './personal-data/retention';
import { purgeTechnicalRows } from './platform/purge';
import { fileStoreFromConfig } from './file-store/file-store.module';
import type { Logger } from './platform/logger';
import { OfficialNotices, queueStatementNotices } from './official-notices/official-notices';

/** Which domain code runs each job of the catalogue; the same table serves the API process and `worker.ts`. */
export function jobHandlers(ds: DataSource, config: Config, tickets: TicketsModule, logger: Logger): JobHandlers {
  const notices = new OfficialNotices({ ds, config, logger, tickets: tickets.service });
  return {
    'tickets.auto-close': () => autoCloseSolved(ds, tickets.service, config.TICKET_AUTO_CLOSE_DAYS),
    'sla.refresh': () => refreshSlaStates(ds, tickets.service),
    'services.apply': ({ ticketId }) => applyJob(ds, tickets.service, ticketId),
    'services.renew': ({ year }) => renewAnnualServices(ds, year),
    'services.renewal-notices': ({ year }) => queueRenewalNotices(ds, config, year),
    'services.reconcile': () => reconcileApprovals(ds),
    'billing.statements': ({ runId }) => statementsService(ds, config, { onRunDone: queueStatementNotices }).runJob(runId),
    'notices.statements': ({ runId }) => notices.statementsRun(runId),
    'mail.send': mailSendJob(ds, config),
    'pec.send': ({ noticeId }) => notices.send(noticeId),
    'imports.softwarecit': ({ runId }) => runSoftwareCitJob(ds, runId),
    'personal-data.retention': () => runRetention(ds, fileStoreFromConfig(config), config),
    'platform.purge': () => purgeTechnicalRows(ds, config),
  };
}
