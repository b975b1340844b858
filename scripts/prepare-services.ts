import { loadConfig } from '../core/config';
import { createMigrator } from '../core/db/migrator';
import { buildRuntime } from '../core/runtime';

/**
 * Brings the schema and the bucket to what this version of the service expects. Safe to run
 * again and again: applied migrations are skipped and an existing bucket is left alone.
 */
export async function prepareServices(env: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig(env);
  const runtime = buildRuntime(config, 'prepare');
  try {
    const applied = await createMigrator(runtime.db.sequelize).up();
    const bucket = await runtime.store.ensureBucket();
    runtime.logger.info(
      { migrations: applied.map((m) => m.name), bucket: config.storage.bucket, state: bucket },
      'services prepared',
    );
  } finally {
    await runtime.close();
  }
}
