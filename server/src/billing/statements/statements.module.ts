import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { AttachmentStore } from '../../tickets/attachments/storage';
import { loadSiteInfo } from '../../public-pages/site-info';
import { StatementsService, type StatementsServiceOptions } from './statements.service';

/** Statement PDFs live in the attachments store (content-addressed), next to the tickets' files. */
export function statementsService(
  ds: DataSource,
  config: Pick<Config, 'ATTACHMENTS_DIR'> & Partial<Pick<Config, 'SITE_INFO_FILE'>>,
  options: StatementsServiceOptions = {},
): StatementsService {
  const contacts = options.contacts ?? loadSiteInfo(config.SITE_INFO_FILE).contacts;
  return new StatementsService(ds, new AttachmentStore(path.resolve(config.ATTACHMENTS_DIR)), { ...options, contacts });
}
