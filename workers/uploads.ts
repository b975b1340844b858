import { loadConfig } from '../core/config';
import { buildRuntime } from '../core/runtime';
import { connectTemporalClient } from '../core/temporal';
import { runWorker } from './run-worker';
import { uploadsQueueActivities } from './uploads-activities';

/**
 * Uploads worker process: hosts every workflow (file lifecycles, parent deletions, backfills)
 * and the activities that touch the object store and the FileMetadata rows, on the uploads task
 * queue. The AI extraction runs elsewhere, in the analysis worker, on its own queue.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const runtime = buildRuntime(config, 'worker-uploads');

  // The backfill's dispatch and a parent's deletion signal (or start) file workflows through a
  // client of their own.
  const temporal = await connectTemporalClient(config.temporal);

  try {
    await runtime.store.ensureBucket();
    await runWorker({
      config,
      logger: runtime.logger,
      taskQueue: config.temporal.taskQueues.uploads,
      workflowsPath: require.resolve('../workflows'),
      activities: uploadsQueueActivities(runtime, config, temporal),
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
