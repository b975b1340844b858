import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import {
  createBackfillWorkflowEnv,
  withBackfillWorker,
} from '../../test/support/backfill-workflow-env';
import { FakeBackfill, mostInAnyWindow } from '../../test/support/fake-backfill';
import { recordHistory } from '../../test/support/histories';
import {
  backfillWorkspaceWorkflowId,
  pauseSignal,
  progressQuery,
  resumeSignal,
  type BackfillWorkspaceOptions,
} from './definitions';
import { backfillWorkspaceFileMetadata } from './backfill-workspace';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
beforeAll(async () => {
  ({ env, bundle } = await createBackfillWorkflowEnv());
});

afterAll(async () => {
  await env?.teardown();
});

/** Heartbeats (so that a cancellation reaches the activity) until `done` settles. */
async function heartbeatUntil(done: Promise<void>): Promise<void> {
  const context = Context.current();
  let settled = false;
  void done.then(() => (settled = true));
  while (!settled) {
    context.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, 100));
    context.cancellationSignal.throwIfAborted();
  }
}

async function waitFor(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const withWorker = <T>(fake: FakeBackfill, fn: (taskQueue: string) => Promise<T>) =>
  withBackfillWorker(env, bundle, fake, fn);

const options = (overrides: Partial<BackfillWorkspaceOptions> = {}): BackfillWorkspaceOptions => ({
  filesPerMinute: 10,
  filesPerRun: 1000,
  pageSize: 7,
  ...overrides,
});

const start = (taskQueue: string, workspaceId: string, opts: BackfillWorkspaceOptions) =>
  env.client.workflow.start(backfillWorkspaceFileMetadata, {
    taskQueue,
    workflowId: backfillWorkspaceWorkflowId(workspaceId),
    args: [workspaceId, opts],
  });

describe('backfillWorkspaceFileMetadata', () => {
  it('indexes 30 files, never more than the configured rate in any one-minute window', async () => {
    const fake = new FakeBackfill();
    const files = fake.addWorkspace('ws-rate', 30);

    const result = await withWorker(fake, async (taskQueue) =>
      (await start(taskQueue, 'ws-rate', options())).result(),
    );

    expect(result).toMatchObject({ workspaceId: 'ws-rate', total: 30, done: 30, failed: 0 });
    expect(result.adopted).toBe(15);
    expect([...fake.indexed].sort()).toEqual(files);
    expect(mostInAnyWindow(fake.dispatches)).toBeLessThanOrEqual(10);
    const times = fake.dispatches.map((d) => d.at);
    // 30 evenly spaced dispatches at 10 a minute span at least 29 gaps of 6 s of virtual time.
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(29 * 6_000);
  });

  it('stops dispatching while paused and goes on from where it was after resume', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-pause', 10);

    await withWorker(fake, async (taskQueue) => {
      const handle = await start(taskQueue, 'ws-pause', options());
      await env.sleep('13 seconds');
      await handle.signal(pauseSignal);
      const atPause = await handle.query(progressQuery);
      const pausedAt = await env.currentTimeMs();

      await env.sleep('10 minutes');
      const whilePaused = await handle.query(progressQuery);
      expect(whilePaused.state).toBe('paused');
      expect(whilePaused.done).toBe(atPause.done);
      expect(fake.dispatches).toHaveLength(atPause.done);

      await handle.signal(resumeSignal);
      const result = await handle.result();
      await recordHistory('backfill-workspace-paused-resumed', handle);
      expect(result.done).toBe(10);
      expect(fake.dispatches[atPause.done]!.at).toBeGreaterThanOrEqual(pausedAt + 10 * 60_000);
    });
    expect(mostInAnyWindow(fake.dispatches)).toBeLessThanOrEqual(10);
  });

  it('on cancel, finishes the dispatch under way and starts no other', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-cancel', 10);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reachedThird!: () => void;
    const third = new Promise<void>((resolve) => (reachedThird = resolve));
    fake.gate = async () => {
      if (fake.dispatches.length !== 3) return;
      reachedThird();
      await held;
    };

    const outcome = await withWorker(fake, async (taskQueue) => {
      const handle = await start(taskQueue, 'ws-cancel', options({ filesPerMinute: 600 }));
      await third;
      await handle.cancel();
      release();
      const failure = await handle.result().catch((err: unknown) => err);
      await recordHistory('backfill-workspace-cancelled', handle);
      return failure;
    });

    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect((outcome as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(fake.dispatches).toHaveLength(3);
    expect(fake.dispatches.every((d) => d.finished)).toBe(true);
    expect(fake.indexed.size).toBe(3);
  });

  it('holds the next dispatch back until the file before it is indexed', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-slow', 4);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.indexing = async ({ fileId }) => {
      if (fake.awaited.length === 1) await heartbeatUntil(held);
      return fileId.endsWith('1') ? 'failed' : 'indexed';
    };

    const { result, whileHeld } = await withWorker(fake, async (taskQueue) => {
      // Far faster than the analysis: only the wait can hold the second dispatch back.
      const handle = await start(taskQueue, 'ws-slow', options({ filesPerMinute: 600 }));
      await waitFor(() => fake.awaited.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const whileHeld = {
        dispatched: fake.dispatches.length,
        ...(await handle.query(progressQuery)),
      };
      release();
      const result = await handle.result();
      await recordHistory('backfill-workspace-waits-for-indexing', handle);
      return { result, whileHeld };
    });

    expect(whileHeld).toMatchObject({ dispatched: 1, done: 0, state: 'running' });
    expect(fake.awaited).toEqual(fake.dispatches.map((d) => d.fileId));
    expect(result).toMatchObject({ total: 4, done: 3, failed: 1, unconfirmed: 0 });
  });

  it('counts files deleted meanwhile as skipped and unsettled ones as unconfirmed', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-outcomes', 4);
    const outcomes = ['indexed', 'gone', 'unconfirmed', 'indexed'] as const;
    fake.indexing = async () => outcomes[fake.awaited.length - 1]!;

    const result = await withWorker(fake, async (taskQueue) =>
      (await start(taskQueue, 'ws-outcomes', options({ filesPerMinute: 600 }))).result(),
    );

    expect(result).toMatchObject({ total: 4, done: 2, skipped: 1, unconfirmed: 1, failed: 0 });
  });

  it('on cancel while waiting for a file to be indexed, stops at once and dispatches no more', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-cancel-wait', 5);
    let waitEnded!: (how: string) => void;
    const ended = new Promise<string>((resolve) => (waitEnded = resolve));
    fake.indexing = async () => {
      try {
        await heartbeatUntil(new Promise(() => {}));
        return 'indexed';
      } catch (err) {
        waitEnded((err as Error).name);
        throw err;
      }
    };

    const { outcome, how } = await withWorker(fake, async (taskQueue) => {
      const handle = await start(taskQueue, 'ws-cancel-wait', options({ filesPerMinute: 600 }));
      await waitFor(() => fake.awaited.length === 1);
      await handle.cancel();
      // The test server skips no time while an activity is still running, for any test.
      return { outcome: await handle.result().catch((err: unknown) => err), how: await ended };
    });

    expect((outcome as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(how).toBe('CancelledFailure');
    expect(fake.dispatches).toHaveLength(1);
  });

  it('continues as new to keep each history short, carrying progress and throttle', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-long', 30);

    const { result, startedAt } = await withWorker(fake, async (taskQueue) => {
      const handle = await start(taskQueue, 'ws-long', options({ filesPerRun: 4, pageSize: 3 }));
      await env.sleep('30 seconds');
      const early = await handle.query(progressQuery);
      const result = await handle.result();
      await recordHistory('backfill-workspace-continued-as-new', handle);
      return { result, startedAt: early.startedAt };
    });

    expect(result).toMatchObject({ total: 30, done: 30, startedAt });
    const runIds = [...new Set(fake.dispatches.map((d) => d.runId))];
    expect(runIds.length).toBe(8);
    const workflowId = backfillWorkspaceWorkflowId('ws-long');
    for (const runId of runIds) {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      expect(history.events?.length).toBeLessThan(100);
    }
    expect(mostInAnyWindow(fake.dispatches)).toBeLessThanOrEqual(10);
  });
});
