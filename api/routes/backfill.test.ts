import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { FakeBackfill } from '../../test/support/fake-backfill';
import { startTestApi, type TestApi } from '../../test/support/http';
import { installQuietTemporalRuntime } from '../../test/support/time-skipping';
import { backfillWorkspaceWorkflowId } from '../../workflows/backfill/definitions';

/**
 * The backfill routes against the real dev server, with a worker that runs the real backfill
 * workflows over in-memory files (the listing and dispatch activities are proved elsewhere).
 */
const SLOW = `ws-slow-${randomUUID().slice(0, 8)}`;
const QUICK = `ws-quick-${randomUUID().slice(0, 8)}`;
const NEVER = `ws-never-${randomUUID().slice(0, 8)}`;
const taskQueue = `backfill-api-${randomUUID()}`;
const fake = new FakeBackfill();
let api: TestApi;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  installQuietTemporalRuntime();
  api = await startTestApi(
    { userId: 'operator', workspaces: [SLOW, QUICK, NEVER] },
    { TASK_QUEUE_UPLOADS: taskQueue, BACKFILL_FILES_PER_MINUTE: '60' },
  );
  connection = await NativeConnection.connect({ address: api.config.temporal.address });
  worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows/backfill/index'),
    activities: fake.activities,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await api?.close();
});

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('POST /workspaces/:workspaceId/backfill', () => {
  it('starts a backfill, and while it runs reports that one instead of starting another', async () => {
    fake.addWorkspace(SLOW, 30);

    const first = await api.call(`/workspaces/${SLOW}/backfill`, { method: 'POST' });
    const second = await api.call(`/workspaces/${SLOW}/backfill`, { method: 'POST' });
    const progress = await pollUntil(
      () => api.call(`/workspaces/${SLOW}/backfill`),
      (res) => res.body.progress?.state === 'running',
    );
    await api.temporal.workflow.getHandle(backfillWorkspaceWorkflowId(SLOW)).cancel();

    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      started: true,
      workflowId: backfillWorkspaceWorkflowId(SLOW),
      status: 'RUNNING',
    });
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ started: false, runId: first.body.runId });
    expect(second.body.progress).toMatchObject({ workspaceId: SLOW, ratePerMinute: 60 });
    expect(progress.status).toBe(200);
    expect(progress.body.progress).toMatchObject({
      workspaceId: SLOW,
      total: 30,
      state: 'running',
      ratePerMinute: 60,
      startedAt: expect.any(String),
      etaSeconds: expect.any(Number),
    });
    expect(progress.body.progress.done).toBeLessThan(30);
  });
});

describe('GET /workspaces/:workspaceId/backfill', () => {
  it('reports a finished backfill with its final counts', async () => {
    fake.addWorkspace(QUICK, 2);
    await api.call(`/workspaces/${QUICK}/backfill`, { method: 'POST' });
    await api.temporal.workflow.getHandle(backfillWorkspaceWorkflowId(QUICK)).result();

    const res = await api.call(`/workspaces/${QUICK}/backfill`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'COMPLETED', closedAt: expect.any(String) });
    expect(res.body.progress).toMatchObject({
      total: 2,
      done: 2,
      failed: 0,
      skipped: 0,
      unconfirmed: 0,
      state: 'finished',
      etaSeconds: 0,
    });
  });

  it('answers 404 for a workspace that never had a backfill', async () => {
    const res = await api.call(`/workspaces/${NEVER}/backfill`);

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses a caller from another workspace', async () => {
    const token = api.tokenFor('stranger', ['ws-elsewhere']);

    const res = await api.call(`/workspaces/${SLOW}/backfill`, { method: 'POST', token });

    expect(res.status).toBe(403);
  });
});
