import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkflowBundle,
} from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { AnalysisActivities } from '../../activities/analysis/contract';
import type { Config } from '../../core/config';
import type { Runtime } from '../../core/runtime';
import { uploadsQueueActivities } from '../../workers/uploads-activities';
import { installQuietTemporalRuntime } from './time-skipping';

export interface UploadsWorkerOptions {
  /** Store, database and logger of the test stack (testRuntime()). */
  runtime: Runtime;
  /** Configuration to run with; defaults to the runtime's. Task queues are replaced. */
  config?: Config;
  /**
   * Activities for a stub analysis worker on the analysis queue: by default every extraction
   * succeeds at once; `false` starts none (a test that runs the real analysis worker itself).
   */
  analysis?: AnalysisActivities | false;
  /** Task queues to poll; by default ones of its own, which no other test file uses. */
  taskQueues?: Config['temporal']['taskQueues'];
}

export interface UploadsWorker {
  /** The configuration with this worker's own task queues: hand it to createApp. */
  config: Config;
  client: Client;
  stop(): Promise<void>;
}

/** Bundled once per test file (jest gives each file its own module registry). */
let bundle: Promise<WorkflowBundle> | undefined;

const stubAnalysis: AnalysisActivities = {
  extractFileAiMetadata: async () => ({ outcome: 'done', pipelineVersion: 'stub', chunkCount: 0 }),
};

/**
 * Runs an uploads worker in this process against the test stack's Temporal dev server, with
 * the real activities of the uploads queue, on task queues of its own so that workflows of
 * other test files never reach it.
 */
export async function startUploadsWorker(options: UploadsWorkerOptions): Promise<UploadsWorker> {
  quietRuntime();
  const base = options.config ?? options.runtime.config;
  const config: Config = {
    ...base,
    temporal: { ...base.temporal, taskQueues: options.taskQueues ?? ownTaskQueues() },
  };
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });

  const native = await NativeConnection.connect({ address: config.temporal.address });
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const { runtime } = options;
  const workers = [
    await Worker.create({
      connection: native,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueues.uploads,
      workflowBundle: await bundle,
      activities: uploadsQueueActivities(runtime, config, client),
    }),
  ];
  if (options.analysis !== false) {
    workers.push(
      await Worker.create({
        connection: native,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueues.analysis,
        activities: options.analysis ?? stubAnalysis,
      }),
    );
  }
  const running = workers.map((worker) => worker.run());

  return {
    config,
    client,
    async stop() {
      for (const worker of workers) worker.shutdown();
      await Promise.all(running);
      await Promise.all([connection.close(), native.close()]);
    },
  };
}

/** Task queues that no other test (file) polls. */
export function ownTaskQueues(): Config['temporal']['taskQueues'] {
  const suffix = randomUUID().slice(0, 8);
  return { uploads: `file-uploads-${suffix}`, analysis: `file-analysis-${suffix}` };
}

/** The SDK's own logs down to errors; installing twice in one process is refused, and harmless. */
function quietRuntime(): void {
  try {
    installQuietTemporalRuntime();
  } catch {
    // Already installed by this test file.
  }
}
