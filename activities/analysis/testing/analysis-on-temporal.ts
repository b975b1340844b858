import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createAnalysisActivities } from '..';
import type { ExtractFileAiMetadataInput, ExtractFileAiMetadataResult } from '../contract';
import type { AnalysisDeps } from '../deps';
import { installQuietTemporalRuntime } from '../../../test/support/time-skipping';
import { analyseFileForTest } from './analysis-test-workflow';

/**
 * Runs the analysis activity the way production does: scheduled by a workflow on the test
 * stack's Temporal server and executed by a real worker, so that heartbeat timeouts and retries
 * are Temporal's own.
 */
export class AnalysisOnTemporal {
  private constructor(
    private readonly connection: NativeConnection,
    readonly client: Client,
    private readonly workflowQueue: string,
    private readonly workflowWorker: Worker,
    private readonly running: Promise<void>,
  ) {}

  static async start(address: string): Promise<AnalysisOnTemporal> {
    try {
      installQuietTemporalRuntime();
    } catch {
      // Already installed in this test file: the SDK's logs are quiet already.
    }
    const connection = await NativeConnection.connect({ address });
    const client = new Client({ connection: await Connection.connect({ address }) });
    const workflowQueue = `analysis-test-workflows-${randomUUID()}`;
    const workflowWorker = await Worker.create({
      connection,
      taskQueue: workflowQueue,
      workflowsPath: require.resolve('./analysis-test-workflow'),
    });
    const running = workflowWorker.run();
    return new AnalysisOnTemporal(connection, client, workflowQueue, workflowWorker, running);
  }

  /** A queue of its own for one test's activity workers. */
  static activityQueue(): string {
    return `analysis-test-activities-${randomUUID()}`;
  }

  /** An activity worker built from `deps` on that queue, not yet running. */
  activityWorker(deps: AnalysisDeps, taskQueue: string): Promise<Worker> {
    return Worker.create({
      connection: this.connection,
      taskQueue,
      activities: createAnalysisActivities(deps),
    });
  }

  /** Starts the analysis of one file on `activityQueue`, for whatever worker polls it. */
  startAnalysis(
    input: ExtractFileAiMetadataInput,
    activityQueue: string,
    heartbeatSeconds: number,
  ) {
    return this.client.workflow.start(analyseFileForTest, {
      workflowId: `file-meta-${input.fileId}`,
      taskQueue: this.workflowQueue,
      args: [input, { taskQueue: activityQueue, heartbeatSeconds }],
    });
  }

  /** Analyses one file with an activity worker built from `deps`; returns the result. */
  async analyse(
    input: ExtractFileAiMetadataInput,
    deps: AnalysisDeps,
    heartbeatSeconds: number,
  ): Promise<{ result: ExtractFileAiMetadataResult; attempts: number[] }> {
    const activityQueue = AnalysisOnTemporal.activityQueue();
    const worker = await this.activityWorker(deps, activityQueue);
    const handle = await this.startAnalysis(input, activityQueue, heartbeatSeconds);
    const result = await worker.runUntil(handle.result());
    return { result, attempts: await this.finalAttempts(handle.workflowId) };
  }

  /** The attempt that ended each activity (the history records only the last one). */
  async finalAttempts(workflowId: string): Promise<number[]> {
    const history = await this.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .map((event) => event.activityTaskStartedEventAttributes?.attempt)
      .filter((attempt): attempt is number => typeof attempt === 'number');
  }

  async close(): Promise<void> {
    this.workflowWorker.shutdown();
    await this.running;
    await this.client.connection.close();
    await this.connection.close();
  }
}
