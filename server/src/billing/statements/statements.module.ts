import type { DataSource } from 'typeorm';
import type { Config, FileStoreConfig } from '../../config';
import { fileStoreFromConfig } from '../../file-store/file-store.module';
import { loadSiteInfo } from '../../public-pages/site-info';
import { StatementsService, type StatementsServiceOptions } from './statements.service';

/** Statement PDFs live in the attachments store (content-addressed), next to the tickets' files. */
export function statementsService(
  ds: DataSource,
  config: FileStoreConfig & Partial<Pick<Config, 'SITE_INFO_FILE'>>,
  options: StatementsServiceOptions = {},
): StatementsService {
  const contacts = options.contacts ?? loadSiteInfo(config.SITE_INFO_FILE).contacts;
  return new StatementsService(ds, fileStoreFromConfig(config), { ...options, contacts });
}
