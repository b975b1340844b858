import {
  bundleWorkflowCode,
  NativeConnection,
  Runtime as TemporalRuntime,
  Worker,
  type WorkflowBundle,
} from '@temporalio/worker';
import { performance } from 'node:perf_hooks';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { bundlerLogger, temporalLogger } from './temporal-logs';

export interface WorkerSpec {
  config: Config;
  logger: Logger;
  taskQueue: string;
  activities: object;
  /** Only the uploads worker hosts workflows; the analysis worker runs activities alone. */
  workflowsPath?: string;
  maxConcurrentActivityTaskExecutions?: number;
}

/** Connects to Temporal and runs one worker until SIGINT/SIGTERM, then drains it. */
export async function runWorker(spec: WorkerSpec): Promise<void> {
  TemporalRuntime.install({
    logger: temporalLogger(spec.logger),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  const workflowBundle = spec.workflowsPath
    ? await bundleWorkflows(spec.workflowsPath, spec.logger)
    : undefined;

  const connection = await NativeConnection.connect({ address: spec.config.temporal.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: spec.config.temporal.namespace,
      taskQueue: spec.taskQueue,
      activities: spec.activities,
      workflowBundle,
      maxConcurrentActivityTaskExecutions: spec.maxConcurrentActivityTaskExecutions,
    });
    spec.logger.info({ taskQueue: spec.taskQueue }, 'worker started');
    await worker.run();
  } finally {
    await connection.close();
  }
}

/**
 * Bundles the workflow code here rather than inside Worker.create, so that the bundler gets a
 * logger of its own: its build report goes to debug, and one line at info says it is done.
 */
async function bundleWorkflows(workflowsPath: string, logger: Logger): Promise<WorkflowBundle> {
  const started = performance.now();
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: bundlerLogger(logger) });
  const durationMs = Math.round(performance.now() - started);
  logger.info({ sizeBytes: bundle.code.length, durationMs }, 'workflow bundle built');
  return bundle;
}
