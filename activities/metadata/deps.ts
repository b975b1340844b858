import type { Config } from '../../core/config';
import type { Database } from '../../core/db/sequelize';
import type { Logger } from '../../core/logger';

/** What the metadata activities need; the worker entry point builds the real ones. */
export interface MetadataActivityDeps {
  db: Pick<Database, 'sequelize' | 'models'>;
  logger: Logger;
  limits: Config['limits'];
}
