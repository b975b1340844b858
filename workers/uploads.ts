import { createUploadActivities } from '../activities';
import { loadConfig } from '../core/config';
import { buildRuntime } from '../core/runtime';
import { runWorker } from './run-worker';

/**
 * Uploads worker process: hosts every workflow (file lifecycles, backfills) and the activities
 * that touch the object store and the FileMetadata rows, on the uploads task queue. The AI
 * extraction runs elsewhere, in the analysis worker, on its own queue.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const runtime = buildRuntime(config, 'worker-uploads');

  try {
    await runtime.store.ensureBucket();
    await runWorker({
      config,
      logger: runtime.logger,
      taskQueue: config.temporal.taskQueues.uploads,
      workflowsPath: require.resolve('../workflows'),
      activities: createUploadActivities({
        store: runtime.store,
        db: runtime.db,
        logger: runtime.logger,
        limits: config.limits,
      }),
    });
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
