import { Sequelize } from 'sequelize';
import { createMigrator } from '../../core/db/migrator';
import { testConfig } from './runtime';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of the test stack's PostgreSQL for one test file alone, for tests whose
 * subject scans every row (a backfill of all workspaces): other files' rows stay out of sight.
 */
export async function createScratchDatabase(name: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const url = new URL(testConfig().database.url);
  const admin = new Sequelize(url.toString(), { logging: false });
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);

  url.pathname = `/${name}`;
  const scratch = new Sequelize(url.toString(), { logging: false });
  try {
    await createMigrator(scratch).up();
  } finally {
    await scratch.close();
  }

  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}
