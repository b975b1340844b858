import type { Logger } from '../../core/logger';
import type { ObjectStore } from '../../core/storage';

/** What the storage activities need; the worker entry point builds the real ones. */
export interface StorageActivityDeps {
  store: ObjectStore;
  logger: Logger;
}
