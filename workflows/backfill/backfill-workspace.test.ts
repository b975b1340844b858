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
