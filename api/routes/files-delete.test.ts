import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import {
  askUploadUrl,
  complete,
  pollUntil,
  settled,
  uploadFile,
  waitForFile,
} from '../../test/support/file-api';
import { startTestApi, type TestApi } from '../../test/support/http';
import { testConfig, testRuntime } from '../../test/support/runtime';
import { insertFileRow } from '../../test/support/file-rows';
import { recordHistory } from '../../test/support/histories';
import { ownTaskQueues, startUploadsWorker, type UploadsWorker } from '../../test/support/worker';

/**
 * Deleting files and parents, and what happens to uploads nobody completes. Upload URLs live
 * 3 s, the grace period 1 s and the retention delay 3 s here, so that whole lives fit a test.
 */
let runtime: Runtime;
let worker: UploadsWorker;
let api: TestApi;
const WS = `ws-del-${randomUUID().slice(0, 8)}`;
/** Files whose workflow has ended, in a workspace of their own so that its usage is theirs. */
const ENDED_WS = `ws-ended-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  runtime = testRuntime();
  const config = testConfig({
    UPLOAD_URL_TTL_SECONDS: '3',
    UPLOAD_GRACE_SECONDS: '1',
    DELETE_RETENTION_SECONDS: '3',
  });
  worker = await startUploadsWorker({ runtime, config });
  api = await startTestApi({ userId: 'user-del', workspaces: [WS, ENDED_WS] }, {}, worker.config);
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await runtime?.close();
});

const bytes = Buffer.from('a file that will not stay\n');

async function readyFile(sourceId = 'folder-1', ws = WS) {
  const { issued } = await uploadFile(api, ws, {
    sourceId,
    filename: 'doomed.txt',
    contentType: 'text/plain',
    bytes,
  });
  await waitForFile(api, ws, issued.fileId, settled);
  return issued as { fileId: string; key: string; workflowId: string };
}

const rowOf = (fileId: string) => runtime.db.models.FileMetadata.findByPk(fileId);
const listed = async (query = '', ws = WS) =>
  (await api.call(`/workspaces/${ws}/files${query}`)).body.files.map(
    (f: { fileId: string }) => f.fileId,
  );
const usage = async (ws: string) => (await api.call(`/workspaces/${ws}/usage`)).body;

/** Waits for the file's current workflow run to end, and answers its final status. */
const workflowResult = (workflowId: string) =>
  worker.client.workflow.getHandle(workflowId).result();

/**
 * A file whose workflow has ended: `rejected` is completed with nothing uploaded (its run ends
 * when the upload URL expires), `abandoned` is never completed (its run ends after the grace).
 */
async function endedFile(sourceId: string, state: 'rejected' | 'abandoned') {
  const issued = await askUploadUrl(api, ENDED_WS, {
    sourceId,
    filename: `${state}.txt`,
    contentType: 'text/plain',
    bytes,
  });
  if (state === 'rejected') await complete(api, ENDED_WS, issued.body.fileId);
  const ended = await workflowResult(issued.body.workflowId);
  if (ended.state !== state) throw new Error(`the file ended ${ended.state}, not ${state}`);
  return issued.body as { fileId: string; key: string; workflowId: string };
}

describe('deleting a file', () => {
  it('hides it at once and removes its object only after the retention delay', async () => {
    const file = await readyFile();

    const res = await api.call(`/workspaces/${WS}/files/${file.fileId}`, { method: 'DELETE' });
    const row = await rowOf(file.fileId);
    const listedRightAfter = await listed();
    const objectDuringRetention = await runtime.store.head(file.key);
    const link = await api.call(`/workspaces/${WS}/files/${file.fileId}/download-url`);
    const shown = await api.call(`/workspaces/${WS}/files/${file.fileId}`);
    const objectAfter = await pollUntil(
      () => runtime.store.head(file.key),
      (info) => info === undefined,
    );
    await workflowResult(file.workflowId);
    await recordHistory(
      'ready-delete-confirmed',
      worker.client.workflow.getHandle(file.workflowId),
    );

    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      fileId: file.fileId,
      status: 'deleted',
      deletedAt: row?.deletedAt?.toISOString(),
    });
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(listedRightAfter).not.toContain(file.fileId);
    expect(objectDuringRetention?.sizeBytes).toBe(bytes.length);
    expect(link.status).toBe(404);
    expect(shown.body).toMatchObject({ status: 'deleted', deletedAt: expect.any(String) });
    expect(objectAfter).toBeUndefined();
  });

  it('still happens when no worker confirms it in time, once one is back', async () => {
    const queues = ownTaskQueues();
    const temporal = { ...worker.config.temporal, taskQueues: queues, deleteHiddenWaitMs: 1_000 };
    const config = { ...worker.config, temporal };
    const orphanApi = await startTestApi({ userId: 'user-del', workspaces: [WS] }, {}, config);
    const row = await insertFileRow(runtime.db.models, {
      workspaceId: WS,
      sourceType: 'drive_file',
    });

    try {
      const res = await orphanApi.call(`/workspaces/${WS}/files/${row.id}`, { method: 'DELETE' });
      const rowBeforeWorker = await rowOf(row.id);
      const late = await startUploadsWorker({ runtime, config, taskQueues: queues });
      try {
        const final = await late.client.workflow.getHandle(`file-${row.id}`).result();

        expect(res.status).toBe(202);
        expect(res.body).toEqual({ fileId: row.id, status: 'deleted', deletedAt: null });
        expect(rowBeforeWorker?.deletedAt).toBeNull();
        expect(final.state).toBe('deleted');
        expect((await rowOf(row.id))?.deletedAt).toBeInstanceOf(Date);
      } finally {
        await late.stop();
      }
    } finally {
      await orphanApi.close();
    }
  });

  it('is harmless to repeat', async () => {
    const file = await readyFile();

    const first = await api.call(`/workspaces/${WS}/files/${file.fileId}`, { method: 'DELETE' });
    const second = await api.call(`/workspaces/${WS}/files/${file.fileId}`, { method: 'DELETE' });

    expect([first.status, second.status]).toEqual([202, 202]);
    expect((await waitForFile(api, WS, file.fileId, settled)).status).toBe('deleted');
  });

  it('ends an upload still awaiting its bytes, and frees its reservation', async () => {
    const issued = await askUploadUrl(api, WS, {
      sourceId: 'pending',
      filename: 'never.txt',
      contentType: 'text/plain',
      bytes,
    });

    const res = await api.call(`/workspaces/${WS}/files/${issued.body.fileId}`, {
      method: 'DELETE',
    });
    const file = await waitForFile(api, WS, issued.body.fileId, settled);

    expect(res.status).toBe(202);
    expect(file.status).toBe('deleted');
    expect(await listed('?sourceId=pending')).toEqual([]);
  });
});

describe('deleting a parent', () => {
  it('reaches every live file of that parent, and no other', async () => {
    const parent = `task-${randomUUID().slice(0, 8)}`;
    const files = [await readyFile(parent), await readyFile(parent)];
    const pending = await askUploadUrl(api, WS, {
      sourceId: parent,
      filename: 'pending.txt',
      contentType: 'text/plain',
      bytes,
    });
    const bystander = await readyFile('someone-else');

    const res = await api.call(`/workspaces/${WS}/sources/drive_file/${parent}/files`, {
      method: 'DELETE',
    });
    const ids = [...files.map((f) => f.fileId), pending.body.fileId];
    const rows = await Promise.all(ids.map(rowOf));
    const listedRightAfter = await listed(`?sourceType=drive_file&sourceId=${parent}`);
    await workflowResult(res.body.workflowId);
    await recordHistory('source-deletion', worker.client.workflow.getHandle(res.body.workflowId));
    const finals = await Promise.all(ids.map((id) => workflowResult(`file-${id}`)));

    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      sourceType: 'drive_file',
      sourceId: parent,
      workflowId: `delete-source:${WS}:drive_file:${parent}`,
      deleted: 3,
    });
    expect(rows.every((r) => r?.deletedAt instanceof Date)).toBe(true);
    expect(listedRightAfter).toEqual([]);
    expect(finals.map((f) => f.state)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(await listed(`?sourceId=${parent}&includeDeleted=true`)).toHaveLength(3);
    expect((await rowOf(bystander.fileId))?.deletedAt).toBeNull();
  });

  it('leaves a file deleted before with its own deletion time, and does not restart it', async () => {
    const parent = `task-${randomUUID().slice(0, 8)}`;
    const earlier = await readyFile(parent);
    const later = await readyFile(parent);
    await api.call(`/workspaces/${WS}/files/${earlier.fileId}`, { method: 'DELETE' });
    const earlierFinal = await workflowResult(earlier.workflowId);
    const earlierRow = await rowOf(earlier.fileId);
    const earlierRun = await worker.client.workflow.getHandle(earlier.workflowId).describe();

    const res = await api.call(`/workspaces/${WS}/sources/drive_file/${parent}/files`, {
      method: 'DELETE',
    });
    const deletion = await worker.client.workflow.getHandle(res.body.workflowId).result();

    expect(earlierFinal.state).toBe('deleted');
    expect(res.body.deleted).toBe(1);
    expect(deletion).toMatchObject({ deleted: 1, signalled: 1 });
    expect((await rowOf(earlier.fileId))?.deletedAt).toEqual(earlierRow?.deletedAt);
    expect((await worker.client.workflow.getHandle(earlier.workflowId).describe()).runId).toBe(
      earlierRun.runId,
    );
    expect((await workflowResult(later.workflowId)).state).toBe('deleted');
  });

  it('answers 0 for a parent without files, and refuses an unknown source type', async () => {
    const empty = await api.call(`/workspaces/${WS}/sources/drive_file/nothing-here/files`, {
      method: 'DELETE',
    });
    const unknown = await api.call(`/workspaces/${WS}/sources/moon_rock/x/files`, {
      method: 'DELETE',
    });

    expect(empty.status).toBe(202);
    expect(empty.body.deleted).toBe(0);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_SOURCE_TYPE');
  });

  it('leaves the same parent in another workspace alone', async () => {
    const parent = `task-${randomUUID().slice(0, 8)}`;
    const mine = await readyFile(parent);
    const theirs = await readyFile(parent, ENDED_WS);

    const res = await api.call(`/workspaces/${WS}/sources/drive_file/${parent}/files`, {
      method: 'DELETE',
    });
    // Past the retention delay, the deleted file's object is gone; the other's must remain.
    const mineGone = await pollUntil(
      () => runtime.store.head(mine.key),
      (info) => info === undefined,
    );
    const shown = await api.call(`/workspaces/${ENDED_WS}/files/${theirs.fileId}`);

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ sourceType: 'drive_file', sourceId: parent, deleted: 1 });
    expect(mineGone).toBeUndefined();
    expect(await rowOf(theirs.fileId)).toMatchObject({ status: 'ready', deletedAt: null });
    expect(shown.body).toMatchObject({ status: 'ready', deletedAt: null });
    expect(await listed(`?sourceId=${parent}`, ENDED_WS)).toEqual([theirs.fileId]);
    expect((await runtime.store.head(theirs.key))?.sizeBytes).toBe(bytes.length);
  });
});

describe('deleting a file whose workflow has ended', () => {
  it('soft-deletes a rejected file at once and takes it out of listings and usage', async () => {
    const before = await usage(ENDED_WS);
    const file = await endedFile('rejected-one', 'rejected');
    const listedBefore = await listed('?sourceId=rejected-one', ENDED_WS);

    const res = await api.call(`/workspaces/${ENDED_WS}/files/${file.fileId}`, {
      method: 'DELETE',
    });
    const row = await rowOf(file.fileId);
    const final = await workflowResult(file.workflowId);

    expect(listedBefore).toEqual([file.fileId]);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ fileId: file.fileId, status: 'deleted' });
    expect(row).toMatchObject({ status: 'deleted', deletedAt: expect.any(Date) });
    expect(await listed('?sourceId=rejected-one', ENDED_WS)).toEqual([]);
    expect(await usage(ENDED_WS)).toEqual(before);
    expect(final).toMatchObject({ state: 'deleted', objectRemovedAt: expect.any(String) });
    expect(await runtime.store.head(file.key)).toBeUndefined();
  });

  it('changes nothing when the file was deleted before', async () => {
    const file = await endedFile('deleted-twice', 'rejected');
    await api.call(`/workspaces/${ENDED_WS}/files/${file.fileId}`, { method: 'DELETE' });
    await workflowResult(file.workflowId);
    const rowBefore = (await rowOf(file.fileId))?.toJSON();
    const runBefore = await worker.client.workflow.getHandle(file.workflowId).describe();

    const again = await api.call(`/workspaces/${ENDED_WS}/files/${file.fileId}`, {
      method: 'DELETE',
    });
    const runAfter = await worker.client.workflow.getHandle(file.workflowId).describe();

    expect(again.status).toBe(202);
    expect(again.body).toEqual({
      fileId: file.fileId,
      status: 'deleted',
      deletedAt: rowBefore?.deletedAt?.toISOString(),
    });
    expect((await rowOf(file.fileId))?.toJSON()).toEqual(rowBefore);
    expect(runAfter.runId).toBe(runBefore.runId);
    expect(runAfter.status.name).toBe('COMPLETED');
  });

  it('reaches them through their parent too, beside its live files', async () => {
    const parent = `task-${randomUUID().slice(0, 8)}`;
    const before = await usage(ENDED_WS);
    const files = await Promise.all([
      endedFile(parent, 'rejected'),
      endedFile(parent, 'abandoned'),
      readyFile(parent, ENDED_WS),
    ]);

    const res = await api.call(`/workspaces/${ENDED_WS}/sources/drive_file/${parent}/files`, {
      method: 'DELETE',
    });
    const rows = await Promise.all(files.map((f) => rowOf(f.fileId)));
    // Ended workflows get a new run once the parent's deletion has told them.
    await workflowResult(res.body.workflowId);
    const finals = await Promise.all(files.map((f) => workflowResult(f.workflowId)));

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ sourceType: 'drive_file', sourceId: parent, deleted: 3 });
    expect(rows.map((r) => r?.status)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(await listed(`?sourceId=${parent}`, ENDED_WS)).toEqual([]);
    expect(await usage(ENDED_WS)).toEqual(before);
    expect(finals.map((f) => f.state)).toEqual(['deleted', 'deleted', 'deleted']);
    for (const file of files) expect(await runtime.store.head(file.key)).toBeUndefined();
  });
});

describe('an upload nobody completes', () => {
  it('ends abandoned after the URL lifetime and the grace period, freeing its reservation', async () => {
    const ws = WS;
    const before = (await api.call(`/workspaces/${ws}/usage`)).body;
    const issued = await askUploadUrl(api, ws, {
      sourceId: 'abandoned',
      filename: 'forgotten.txt',
      contentType: 'text/plain',
      bytes,
    });
    const reserved = (await api.call(`/workspaces/${ws}/usage`)).body;

    const file = await waitForFile(api, ws, issued.body.fileId, settled, 20_000);
    // The workflow answers `abandoned` a moment before the row says it.
    const after = await pollUntil(
      () => usage(ws),
      (u) => u.usedBytes === before.usedBytes,
    );

    expect(reserved.usedBytes).toBe(before.usedBytes + bytes.length);
    expect(file.status).toBe('abandoned');
    expect(file.reason).toMatchObject({ code: 'UPLOAD_EXPIRED' });
    expect(after.usedBytes).toBe(before.usedBytes);
  });
});
