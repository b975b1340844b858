import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { FakeBackfill } from './fake-backfill';
import { createTimeSkippingEnv } from './time-skipping';

/** A time-skipping server and the backfill workflows' bundle, for one test file. */
export async function createBackfillWorkflowEnv(): Promise<{
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundle;
}> {
  const env = await createTimeSkippingEnv();
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows/backfill'),
    logger: new DefaultLogger('ERROR'),
  });
  return { env, bundle };
}

/** Runs `fn` while a worker with the fake's activities serves a queue of its own. */
export async function withBackfillWorker<T>(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  fake: FakeBackfill,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `backfill-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: fake.activities,
    // Heartbeats carry cancellations to activities; the SDK would hold them back for seconds.
    maxHeartbeatThrottleInterval: '100 milliseconds',
  });
  return worker.runUntil(fn(taskQueue));
}
