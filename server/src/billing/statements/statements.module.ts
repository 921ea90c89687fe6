import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { AttachmentStore } from '../../tickets/attachments/storage';
import { StatementsService, type StatementsServiceOptions } from './statements.service';

/** Statement PDFs live in the attachments store (content-addressed), next to the tickets' files. */
export function statementsService(ds: DataSource, config: Pick<Config, 'ATTACHMENTS_DIR'>, options: StatementsServiceOptions = {}): StatementsService {
  return new StatementsService(ds, new AttachmentStore(path.resolve(config.ATTACHMENTS_DIR)), options);
}
