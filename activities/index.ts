import type { Config } from '../core/config';
import type { Database } from '../core/db/sequelize';
import type { Logger } from '../core/logger';
import type { ObjectStore } from '../core/storage';
import { createMetadataActivities } from './metadata';
import { createStorageActivities } from './storage';

/** What the uploads worker hands its activities; built once by workers/uploads.ts. */
export interface UploadActivityDeps {
  store: ObjectStore;
  db: Pick<Database, 'sequelize' | 'models'>;
  logger: Logger;
  limits: Config['limits'];
}

/**
 * Every activity the file workflow runs on the uploads task queue. The AI extraction is not
 * among them: it runs on the analysis queue, in its own worker (activities/analysis).
 */
export function createUploadActivities(deps: UploadActivityDeps) {
  return {
    ...createStorageActivities({ store: deps.store, logger: deps.logger }),
    ...createMetadataActivities({ db: deps.db, logger: deps.logger, limits: deps.limits }),
  };
}

export type UploadActivities = ReturnType<typeof createUploadActivities>;
