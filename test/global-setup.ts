import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/config';
import { createMigrator } from '../core/db/migrator';
import { createDatabase } from '../core/db/sequelize';
import { buildS3Clients, ObjectStore } from '../core/storage';
import { freeStackPorts, startStack, type Stack } from '../scripts/stack';
import { binaries, localDir } from '../scripts/stack/paths';

/**
 * A run that was killed (Ctrl-C twice, a timeout) leaves its services running. Their data
 * folders are named after the run's pid: stop the services of runs that are gone.
 */
function reapAbandonedStacks(): void {
  const root = path.join(localDir, 'test-stacks');
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    spawnSync('pkill', ['-f', `${path.join(root, name)}/`]);
    rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

declare global {
  var __TEST_STACK__: { stack: Stack; dataDir: string } | undefined;
}

/**
 * Starts one real stack (Temporal dev server, PostgreSQL with pgvector, SeaweedFS) on free
 * loopback ports for the whole run, migrates the schema and creates the bucket. Test files read
 * the resulting settings from the environment, like any process of the service would.
 */
export default async function globalSetup(): Promise<void> {
  reapAbandonedStacks();
  const dataDir = path.join(localDir, 'test-stacks', String(process.pid));
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const stack = await startStack({ dataDir, ports: await freeStackPorts(), headless: true });
  globalThis.__TEST_STACK__ = { stack, dataDir };

  Object.assign(process.env, stack.env, {
    NODE_ENV: 'test',
    // The pinned SDK runs on Node 20; its notice about future releases needing 22 is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    TEMPORAL_TEST_SERVER_PATH: binaries.temporalTestServer,
    TEST_STACK_LOG_DIR: path.join(dataDir, 'logs'),
    TEST_STACK_PORTS: JSON.stringify(stack.ports),
  });

  const config = loadConfig(process.env);
  const db = createDatabase({ url: config.database.url, poolMax: 2 });
  try {
    await createMigrator(db.sequelize).up();
  } finally {
    await db.sequelize.close();
  }
  await new ObjectStore(buildS3Clients(config.storage), config.storage.bucket).ensureBucket();
}
