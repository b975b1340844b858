import { createUploadActivities } from '../activities';
import { pipelineVersionFor } from '../activities/analysis/pipeline-version';
import { createBackfillActivities } from '../activities/backfill';
import { loadConfig } from '../core/config';
import { buildRuntime } from '../core/runtime';
import { connectTemporalClient } from '../core/temporal';
import { fileWorkflowSettings } from '../workflows/file-lifecycle/settings';
import { runWorker } from './run-worker';

/**
 * Uploads worker process: hosts every workflow (file lifecycles, backfills) and the activities
 * that touch the object store and the FileMetadata rows, on the uploads task queue. The AI
 * extraction runs elsewhere, in the analysis worker, on its own queue.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const runtime = buildRuntime(config, 'worker-uploads');

  // The backfill's dispatch signals (or starts) file workflows through a client of its own.
  const temporal = await connectTemporalClient(config.temporal);

  try {
    await runtime.store.ensureBucket();
    await runWorker({
      config,
      logger: runtime.logger,
      taskQueue: config.temporal.taskQueues.uploads,
      workflowsPath: require.resolve('../workflows'),
      activities: {
        ...createUploadActivities({
          store: runtime.store,
          db: runtime.db,
          logger: runtime.logger,
          limits: config.limits,
        }),
        ...createBackfillActivities({
          models: runtime.db.models,
          temporal,
          uploadsTaskQueue: config.temporal.taskQueues.uploads,
          fileSettings: fileWorkflowSettings(config),
          pipelineVersion: pipelineVersionFor(config.ai),
          logger: runtime.logger,
        }),
      },
    });
  } finally {
    await temporal.connection.close();
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
