import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import {
  createBackfillWorkflowEnv,
  withBackfillWorker,
} from '../../test/support/backfill-workflow-env';
import { FakeBackfill, mostInAnyWindow, type Dispatch } from '../../test/support/fake-backfill';
import { recordHistory } from '../../test/support/histories';
import { backfillAllWorkspaces } from './backfill-all-workspaces';
import { backfillWorkspaceFileMetadata } from './backfill-workspace';
import { backfillWorkspaceWorkflowId, type BackfillAllOptions } from './definitions';

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

async function runAll(
  taskQueue: string,
  options: Partial<BackfillAllOptions> = {},
  recordAs?: string,
) {
  const handle = await env.client.workflow.start(backfillAllWorkspaces, {
    taskQueue,
    workflowId: `backfill-all-${randomUUID()}`,
    args: [
      {
        maxConcurrentWorkspaces: 2,
        workspace: { filesPerMinute: 6, filesPerRun: 1000, pageSize: 5 },
        ...options,
      },
    ],
  });
  const result = await handle.result();
  if (recordAs) await recordHistory(recordAs, handle);
  return result;
}

/** Largest number of workspaces whose dispatches were under way at one moment. */
function mostWorkspacesAtOnce(dispatches: Dispatch[]): number {
  const spans = new Map<string, { first: number; last: number }>();
  for (const d of dispatches) {
    const span = spans.get(d.workspaceId) ?? { first: d.at, last: d.at };
    spans.set(d.workspaceId, {
      first: Math.min(span.first, d.at),
      last: Math.max(span.last, d.at),
    });
  }
  const all = [...spans.values()];
  return Math.max(
    ...all.map((s) => all.filter((o) => o.first <= s.first && s.first <= o.last).length),
  );
}

describe('backfillAllWorkspaces', () => {
  it('runs two workspaces in parallel, each held to its own rate, and sums their results', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-a', 12);
    fake.addWorkspace('ws-b', 12);

    const result = await withWorker(fake, (taskQueue) => runAll(taskQueue));

    expect(result).toMatchObject({ total: 24, done: 24, adopted: 12, failed: 0, workspaces: 2 });
    expect(mostInAnyWindow(fake.dispatchesOf('ws-a'))).toBeLessThanOrEqual(6);
    expect(mostInAnyWindow(fake.dispatchesOf('ws-b'))).toBeLessThanOrEqual(6);
    // Together they went faster than one workspace may: they really ran side by side.
    expect(mostInAnyWindow(fake.dispatches)).toBeGreaterThan(6);
    expect(mostWorkspacesAtOnce(fake.dispatches)).toBe(2);
  });

  it('keeps going when one workspace fails, never exceeding the concurrency bound', async () => {
    const fake = new FakeBackfill();
    for (const ws of ['ws-1', 'ws-2', 'ws-3', 'ws-4']) fake.addWorkspace(ws, 6);
    fake.addWorkspace('ws-0-broken', 6);
    fake.broken.add('ws-0-broken');

    const result = await withWorker(fake, (taskQueue) =>
      runAll(taskQueue, { workspacePageSize: 2 }, 'backfill-all-workspaces-one-failed'),
    );

    expect(result).toMatchObject({ total: 24, done: 24, workspaces: 4, workspacesFailed: 1 });
    expect(fake.indexed.size).toBe(24);
    expect(mostWorkspacesAtOnce(fake.dispatches)).toBeLessThanOrEqual(2);
  });

  it('leaves a workspace alone whose backfill is already running', async () => {
    const fake = new FakeBackfill();
    fake.addWorkspace('ws-busy', 3);
    fake.addWorkspace('ws-free', 3);

    const result = await withWorker(fake, async (taskQueue) => {
      const busy = await env.client.workflow.start(backfillWorkspaceFileMetadata, {
        taskQueue,
        workflowId: backfillWorkspaceWorkflowId('ws-busy'),
        args: ['ws-busy', { filesPerMinute: 1, filesPerRun: 1000, pageSize: 5 }],
      });
      const all = await runAll(taskQueue);
      await busy.terminate('test done');
      return all;
    });

    expect(result).toMatchObject({ workspaces: 1, workspacesAlreadyRunning: 1, done: 3 });
  });
});
