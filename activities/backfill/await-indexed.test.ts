import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { runActivity } from '../../test/support/activity-env';
import { insertFileRow, type RowSpec } from '../../test/support/file-rows';
import { testRuntime } from '../../test/support/runtime';
import { awaitFileIndexed } from './await-indexed';

const CURRENT = 'pipeline-v2';
let runtime: Runtime;
let wait: ReturnType<typeof awaitFileIndexed>;
const workspaceId = `ws-await-${randomUUID().slice(0, 8)}`;

beforeAll(() => {
  runtime = testRuntime();
  wait = awaitFileIndexed({
    models: runtime.db.models,
    pipelineVersion: CURRENT,
    logger: runtime.logger,
    pollMs: 50,
  });
});

afterAll(async () => {
  await runtime.close();
});

const file = (spec: Partial<RowSpec>) => insertFileRow(runtime.db.models, { workspaceId, ...spec });
const awaitIt = (fileId: string, dispatchedAt = new Date(), waitSeconds = 30) =>
  runActivity(wait, { workspaceId, fileId, dispatchedAt: dispatchedAt.toISOString(), waitSeconds });

describe('waiting for a dispatched file to be indexed', () => {
  it('waits while the file is being indexed and answers indexed once the pipeline is done', async () => {
    const row = await file({ aiStatus: 'running', aiPipelineVersion: 'pipeline-v1' });
    const dispatchedAt = new Date();

    const waiting = awaitIt(row.id, dispatchedAt);
    await new Promise((resolve) => setTimeout(resolve, 300));
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const settledWhileRunning = settled;
    await row.update({ aiStatus: 'done', aiPipelineVersion: CURRENT });

    expect(settledWhileRunning).toBe(false);
    await expect(waiting).resolves.toBe('indexed');
  });

  it('answers failed for a refusal, and for a failure written after the dispatch', async () => {
    const refused = await file({
      aiStatus: 'failed',
      aiPipelineVersion: CURRENT,
      aiStatusReason: 'ENCRYPTED_DOCUMENT: The PDF is encrypted.',
    });
    const dispatchedAt = new Date(Date.now() - 1_000);
    const gaveUp = await file({ aiStatus: 'failed', aiStatusReason: 'INTERNAL: No answer.' });

    await expect(awaitIt(refused.id)).resolves.toBe('failed');
    await expect(awaitIt(gaveUp.id, dispatchedAt)).resolves.toBe('failed');
  });

  it('does not take a failure from before the dispatch for the answer', async () => {
    const old = await file({ aiStatus: 'failed', aiStatusReason: 'INTERNAL: No answer.' });

    await expect(awaitIt(old.id, new Date(Date.now() + 1_000), 1)).resolves.toBe('unconfirmed');
  });

  it('answers gone for a file deleted meanwhile', async () => {
    const deleted = await file({ aiStatus: 'pending', deletedAt: new Date() });

    await expect(awaitIt(deleted.id)).resolves.toBe('gone');
  });

  it('gives up after its wait with unconfirmed, while the file is still unsettled', async () => {
    const stuck = await file({ aiStatus: 'pending' });
    const started = Date.now();

    await expect(awaitIt(stuck.id, new Date(), 1)).resolves.toBe('unconfirmed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
