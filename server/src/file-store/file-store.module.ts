import path from 'node:path';
import type { FileStoreConfig } from '../config';
import type { FileStore } from './file-store';
import { LocalFileStore } from './local-store';
import type * as S3Store from './s3-store';

type StoreConfig = FileStoreConfig;

/** One store per configuration, so the modules of a process share one S3 client (and its connection pool). */
const stores = new WeakMap<object, FileStore>();

/** The configured file store: the S3-compatible bucket when S3_BUCKET is set, otherwise the local folder. */
export function fileStoreFromConfig(config: StoreConfig): FileStore {
  const known = stores.get(config);
  if (known) return known;
  const root = path.resolve(config.ATTACHMENTS_DIR);
  const store = config.S3_BUCKET === undefined ? new LocalFileStore(root) : s3StoreFromConfig({ ...config, S3_BUCKET: config.S3_BUCKET });
  stores.set(config, store);
  return store;
}

export function s3StoreFromConfig(config: StoreConfig & { S3_BUCKET: string }): S3Store.S3FileStore {
  const credentials =
    config.S3_ACCESS_KEY_ID !== undefined && config.S3_SECRET_ACCESS_KEY !== undefined
      ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
      : undefined;
  const options = {
    bucket: config.S3_BUCKET,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    credentials,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    prefix: config.S3_PREFIX,
    spoolDir: path.join(path.resolve(config.ATTACHMENTS_DIR), '.incoming'),
  };
  // Loaded only where S3 is configured: the AWS SDK adds a tenth of a second to every start that does not use it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3FileStore: Store, s3Client } = require('./s3-store') as typeof S3Store;
  return new Store(s3Client(options), options);
}
