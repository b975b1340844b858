import type { Client } from '@temporalio/client';
import { createUploadActivities } from '../activities';
import { pipelineVersionFor } from '../activities/analysis/pipeline-version';
import { createBackfillActivities } from '../activities/backfill';
import { createDeletionActivities } from '../activities/deletion';
import type { Config } from '../core/config';
import type { Runtime } from '../core/runtime';
import { fileWorkflowSettings } from '../workflows/file-lifecycle/settings';

/**
 * Every activity of the uploads task queue, built from the process's runtime: storage and row
 * changes for file workflows, a parent's deletion and the backfill. The last two signal (or
 * start) file workflows through the given client.
 */
export function uploadsQueueActivities(
  runtime: Pick<Runtime, 'store' | 'db' | 'logger'>,
  config: Config,
  temporal: Client,
) {
  const { store, db, logger } = runtime;
  const fileWorkflows = {
    temporal,
    uploadsTaskQueue: config.temporal.taskQueues.uploads,
    fileSettings: fileWorkflowSettings(config),
  };
  return {
    ...createUploadActivities({ store, db, logger, limits: config.limits }),
    ...createDeletionActivities({ ...fileWorkflows, db, logger }),
    ...createBackfillActivities({
      ...fileWorkflows,
      models: db.models,
      pipelineVersion: pipelineVersionFor(config.ai),
      logger,
    }),
  };
}
