import type { FileStore } from '../../file-store/file-store';
import { LocalFileStore } from '../../file-store/local-store';

// The attachment store is the product's file store (server/src/file-store): every module keeps using this name.
// As a type it is any store (local folder or S3); `new AttachmentStore(dir)` is the local folder (tests, seeds).
export type AttachmentStore = FileStore;
export const AttachmentStore = LocalFileStore;
