import type { Config } from './config';
import { createDatabase, type Database } from './db/sequelize';
import { createLogger, type Logger } from './logger';
import { configureSizeCaps } from './source-policies';
import { buildS3Clients, ObjectStore } from './storage';

/** The long-lived clients a process needs, built once by its entry point. */
export interface Runtime {
  config: Config;
  logger: Logger;
  db: Database;
  store: ObjectStore;
  close(): Promise<void>;
}

export function buildRuntime(config: Config, processName: string): Runtime {
  // The policies are process-wide data: the API's checks and the workers' verification must
  // apply the same caps, so every process applies the configured ones where it starts.
  configureSizeCaps(config.limits.sourceTypeMaxBytes);
  const logger = createLogger({ level: config.logLevel, name: processName });
  const db = createDatabase({ url: config.database.url, poolMax: config.database.poolMax, logger });
  const clients = buildS3Clients(config.storage, logger);
  const store = new ObjectStore(clients, config.storage.bucket);
  return {
    config,
    logger,
    db,
    store,
    async close() {
      clients.internal.destroy();
      clients.public?.destroy();
      await db.sequelize.close();
    },
  };
}
