import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { testRuntime } from '../../test/support/runtime';
import { samplePdf, sampleExecutable } from '../../test/support/sample-files';
import { startUploadsWorker, type UploadsWorker } from '../../test/support/worker';
import {
  deleteSignal,
  FILE_WORKFLOW_TYPE,
  fileWorkflowId,
  registerUpdate,
  statusQuery,
  uploadCompletedSignal,
  type FileWorkflowInput,
  type FileWorkflowStatus,
} from './definitions';
import { fileWorkflowSettings } from './settings';
import type { fileLifecycleWorkflow } from './workflow';

/**
 * The file workflow on the real stack: the Temporal dev server, the uploads worker with its
 * real activities, PostgreSQL and the S3 store. Delays are set to seconds so that the whole
 * life of a file fits in a test.
 */
let runtime: Runtime;
let worker: UploadsWorker;

beforeAll(async () => {
  runtime = testRuntime();
  worker = await startUploadsWorker({ runtime });
});

afterAll(async () => {
  await worker?.stop();
  await runtime?.close();
});

type Handle = WorkflowHandle<typeof fileLifecycleWorkflow>;

async function startFile(overrides: Partial<FileWorkflowInput> = {}) {
  const fileId = randomUUID();
  const workspaceId = `ws-${randomUUID()}`;
  const input: FileWorkflowInput = {
    fileId,
    workspaceId,
    sourceType: 'drive_file',
    sourceId: 'folder-1',
    storageKey: `${workspaceId}/drive_file/folder-1/${fileId}-report.pdf`,
    filename: 'report.pdf',
    contentType: 'application/pdf',
    uploadExpiresAt: new Date(Date.now() + 60_000).toISOString(),
    uploadMethod: 'PUT',
    settings: {
      ...fileWorkflowSettings(worker.config),
      uploadGraceSeconds: 1,
      deleteRetentionSeconds: 1,
    },
    ...overrides,
  };
  const start = new WithStartWorkflowOperation<typeof fileLifecycleWorkflow>(FILE_WORKFLOW_TYPE, {
    workflowId: fileWorkflowId(fileId),
    taskQueue: worker.config.temporal.taskQueues.uploads,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  const registration = await worker.client.workflow.executeUpdateWithStart(registerUpdate, {
    updateId: `register-${fileId}`,
    startWorkflowOperation: start,
  });
  return { input, registration, handle: (await start.workflowHandle()) as Handle };
}

/** PUTs the bytes through a presigned URL, the way a browser does. */
async function upload(input: FileWorkflowInput, bytes: Buffer, contentType = input.contentType) {
  const url = await runtime.store.presignPut(input.storageKey, contentType, 60);
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: bytes,
  });
  expect(response.status).toBe(200);
}

async function waitFor(handle: Handle, done: (s: FileWorkflowStatus) => boolean) {
  const until = Date.now() + 30_000;
  for (;;) {
    const status = await handle.query(statusQuery);
    if (done(status) || Date.now() > until) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rowOf = (fileId: string) => runtime.db.models.FileMetadata.findByPk(fileId);

describe('the file workflow on the real stack', () => {
  it('takes a real PDF from registration to ready, then deletes it', async () => {
    const pdf = samplePdf('Minutes of the meeting');
    // The object outlives the delete until the upload URL has expired too: keep that short.
    const { input, registration, handle } = await startFile({
      declaredSizeBytes: pdf.length,
      uploadExpiresAt: new Date(Date.now() + 5_000).toISOString(),
    });

    await upload(input, pdf);
    await handle.signal(uploadCompletedSignal, {});
    const ready = await waitFor(handle, (s) => s.aiStatus === 'done');
    const readyRow = await rowOf(input.fileId);
    const { searchAttributes } = await handle.describe();
    await handle.signal(deleteSignal, { requestedBy: 'user-1' });
    const final = await handle.result();

    expect(registration).toEqual({ accepted: true });
    expect(ready).toMatchObject({ state: 'ready', sizeBytes: pdf.length });
    expect(readyRow).toMatchObject({
      status: 'ready',
      sizeBytes: pdf.length,
      detectedContentType: 'application/pdf',
      workflowId: fileWorkflowId(input.fileId),
    });
    expect(searchAttributes).toMatchObject({
      WorkspaceId: [input.workspaceId],
      FileStatus: ['ready'],
    });
    expect(final).toMatchObject({ state: 'deleted', objectRemovedAt: expect.any(String) });
    expect((await rowOf(input.fileId))?.deletedAt).toBeInstanceOf(Date);
    expect(await runtime.store.head(input.storageKey)).toBeUndefined();
  });

  it('rejects an executable declared as a PDF and removes it from the store', async () => {
    const exe = sampleExecutable();
    const { input, handle } = await startFile({
      declaredSizeBytes: exe.length,
      uploadExpiresAt: new Date(Date.now() + 2_000).toISOString(),
    });

    await upload(input, exe);
    await handle.signal(uploadCompletedSignal, {});
    const final = await handle.result();

    expect(final).toMatchObject({ state: 'rejected', reason: { code: 'CONTENT_TYPE_MISMATCH' } });
    expect((await rowOf(input.fileId))?.statusReason).toMatch(/^CONTENT_TYPE_MISMATCH: /);
    expect(await runtime.store.head(input.storageKey)).toBeUndefined();
  });

  it('abandons an upload that never completes and aborts its multipart upload', async () => {
    const { input, registration, handle } = await startFile({
      uploadMethod: 'MULTIPART',
      declaredSizeBytes: 10_000_000,
      uploadExpiresAt: new Date(Date.now() + 1_000).toISOString(),
    });

    const final = await handle.result();

    expect(registration.multipartUploadId).toEqual(expect.any(String));
    expect(final).toMatchObject({ state: 'abandoned', reason: { code: 'UPLOAD_EXPIRED' } });
    expect((await rowOf(input.fileId))?.status).toBe('abandoned');
    expect(await runtime.store.listMultipartUploadIds(input.storageKey)).toEqual([]);
  });

  it('refuses a registration the workspace quota cannot hold', async () => {
    const { input, registration, handle } = await startFile({
      declaredSizeBytes: runtime.config.limits.workspaceQuotaBytes + 1,
    });

    const final = await handle.result();

    expect(registration).toMatchObject({ accepted: false, reason: { code: 'QUOTA_EXCEEDED' } });
    expect(final.state).toBe('rejected');
    expect(await rowOf(input.fileId)).toBeNull();
  });
});
