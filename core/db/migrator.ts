import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug, type MigrationFn } from 'umzug';
import type { Logger } from '../logger';

/** A migration receives the Sequelize instance and runs plain SQL through it. */
export type Migration = MigrationFn<Sequelize>;

const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'migrations');

export function createMigrator(sequelize: Sequelize, logger?: Logger): Umzug<Sequelize> {
  return new Umzug<Sequelize>({
    migrations: {
      glob: ['*.{ts,js}', { cwd: MIGRATIONS_DIR, ignore: ['*.d.ts', '*.test.ts'] }],
    },
    context: sequelize,
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: logger
      ? {
          info: (event) => logger.info(event, 'migration'),
          warn: (event) => logger.warn(event, 'migration'),
          error: (event) => logger.error(event, 'migration'),
          debug: (event) => logger.debug(event, 'migration'),
        }
      : undefined,
  });
}
