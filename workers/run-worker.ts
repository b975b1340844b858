import { NativeConnection, Runtime as TemporalRuntime, Worker } from '@temporalio/worker';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';

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
    logger: {
      log: (level, message, meta) =>
        spec.logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')](
          meta ?? {},
          message,
        ),
      trace: (m, meta) => spec.logger.trace(meta ?? {}, m),
      debug: (m, meta) => spec.logger.debug(meta ?? {}, m),
      info: (m, meta) => spec.logger.info(meta ?? {}, m),
      warn: (m, meta) => spec.logger.warn(meta ?? {}, m),
      error: (m, meta) => spec.logger.error(meta ?? {}, m),
    },
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  const connection = await NativeConnection.connect({ address: spec.config.temporal.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: spec.config.temporal.namespace,
      taskQueue: spec.taskQueue,
      activities: spec.activities,
      workflowsPath: spec.workflowsPath,
      maxConcurrentActivityTaskExecutions: spec.maxConcurrentActivityTaskExecutions,
    });
    spec.logger.info({ taskQueue: spec.taskQueue }, 'worker started');
    await worker.run();
  } finally {
    await connection.close();
  }
}
