import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { FakeFileServices } from '../../test/support/fake-file-services';
import {
  createFileWorkflowEnv,
  elapsedInHistory,
  fileInput,
  registerFile,
  waitForStatus,
  withFileWorkers,
} from '../../test/support/file-workflow-env';
import { recordHistory } from '../../test/support/histories';
import { statusQuery, uploadCompletedSignal } from './definitions';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;

beforeAll(async () => {
  ({ env, bundle } = await createFileWorkflowEnv());
});

afterAll(async () => {
  await env?.teardown();
});

const MINUTE = 60_000;

describe('an upload that completes', () => {
  it('is verified, becomes ready, and gets its AI metadata on the analysis queue', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);

      const { handle, registration } = await registerFile(env, queues, input);
      fake.objects.set(input.storageKey, { sizeBytes: 1234 });
      await handle.signal(uploadCompletedSignal, {});
      const status = await waitForStatus(handle, (s) => s.aiStatus === 'done');

      expect(registration).toEqual({ accepted: true });
      expect(status).toMatchObject({ state: 'ready', sizeBytes: 1234, aiRequested: true });
      expect(status.readyAt).toBeDefined();
      expect(fake.rows.get(input.fileId)).toMatchObject({ status: 'ready', sizeBytes: 1234 });
      expect(fake.argsOf('extractFileAiMetadata')).toEqual([
        expect.objectContaining({ fileId: input.fileId, trigger: 'upload' }),
      ]);
      const { searchAttributes } = await handle.describe();
      expect(searchAttributes).toMatchObject({
        WorkspaceId: ['ws-1'],
        SourceType: ['drive_file'],
        SourceId: ['folder-1'],
        FileStatus: ['ready'],
      });
    });
  });

  it('verifies once however often the completion is repeated', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);

      const { handle } = await registerFile(env, queues, input);
      fake.objects.set(input.storageKey, { sizeBytes: 1234 });
      await Promise.all([1, 2, 3].map(() => handle.signal(uploadCompletedSignal, {})));
      await waitForStatus(handle, (s) => s.aiStatus === 'done');
      await handle.signal(uploadCompletedSignal, {});

      expect((await handle.query(statusQuery)).state).toBe('ready');
      expect(fake.count('verifyUpload')).toBe(1);
      expect(fake.count('markFileReady')).toBe(1);
      expect(fake.count('extractFileAiMetadata')).toBe(1);
    });
  });

  it('answers a repeated registration with the first answer, reserving once', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues, { uploadMethod: 'MULTIPART' });

      const first = await registerFile(env, queues, input);
      const again = await registerFile(env, queues, input);

      expect(first.registration).toEqual({ accepted: true, multipartUploadId: 'upload-1' });
      expect(again.registration).toEqual(first.registration);
      expect(fake.count('reserveFile')).toBe(1);
      expect(fake.count('startMultipartUpload')).toBe(1);
    });
  });

  it('joins the parts of a multipart upload before verifying it', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues, { uploadMethod: 'MULTIPART' });
      const parts = [
        { partNumber: 1, etag: '"a"' },
        { partNumber: 2, etag: '"b"' },
      ];

      const { handle } = await registerFile(env, queues, input);
      fake.objects.set(input.storageKey, { sizeBytes: 1234 });
      await handle.signal(uploadCompletedSignal, { parts });
      await waitForStatus(handle, (s) => s.state === 'ready');

      expect(fake.argsOf('completeMultipartUpload')).toEqual([
        expect.objectContaining({ storageKey: input.storageKey, uploadId: 'upload-1', parts }),
      ]);
    });
  });

  it('records no AI status where the source type wants no AI metadata', async () => {
    const fake = new FakeFileServices();
    fake.aiMetadata = false;
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);

      const { handle } = await registerFile(env, queues, input);
      fake.objects.set(input.storageKey, { sizeBytes: 1234 });
      await handle.signal(uploadCompletedSignal, {});
      const status = await waitForStatus(handle, (s) => s.state === 'ready');

      expect(status).toMatchObject({ aiStatus: 'not_requested', aiRequested: false });
      expect(fake.count('extractFileAiMetadata')).toBe(0);
    });
  });
});

describe('an upload that is refused', () => {
  it('ends rejected at once when the quota cannot hold the declared size', async () => {
    const fake = new FakeFileServices();
    fake.maxReservationBytes = 1000;
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);

      const { handle, registration } = await registerFile(env, queues, input);
      const final = await handle.result();

      expect(registration).toMatchObject({
        accepted: false,
        reason: { code: 'QUOTA_EXCEEDED' },
      });
      expect(final).toMatchObject({ state: 'rejected', reason: { code: 'QUOTA_EXCEEDED' } });
      expect(fake.rows.has(input.fileId)).toBe(false);
      expect(fake.count('removeObject')).toBe(0);
    });
  });

  it('rejects a file whose bytes fail verification and removes them, again after the URL expires', async () => {
    const fake = new FakeFileServices();
    fake.overrides.verifyUpload = async () => {
      throw ApplicationFailure.nonRetryable(
        'The file was declared as application/pdf but its bytes are application/x-msdownload.',
        'CONTENT_TYPE_MISMATCH',
      );
    };
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);

      const { handle } = await registerFile(env, queues, input);
      fake.objects.set(input.storageKey, { sizeBytes: 1234 });
      await handle.signal(uploadCompletedSignal, {});
      const rejected = await waitForStatus(handle, (s) => s.state === 'rejected');
      const removalsWhileUrlValid = fake.count('removeObject');
      const final = await handle.result();

      expect(rejected.reason).toEqual({
        code: 'CONTENT_TYPE_MISMATCH',
        message:
          'The file was declared as application/pdf but its bytes are application/x-msdownload.',
      });
      expect(fake.rows.get(input.fileId)).toMatchObject({
        status: 'rejected',
        statusReason: 'CONTENT_TYPE_MISMATCH',
      });
      expect(fake.objects.has(input.storageKey)).toBe(false);
      expect(removalsWhileUrlValid).toBe(1);
      expect(fake.count('removeObject')).toBe(2);
      expect(final.state).toBe('rejected');
      expect(await elapsedInHistory(handle)).toBeGreaterThanOrEqual(15 * MINUTE);
    });
  });

  it('is rejected with the reason the API gave when it refused the bytes itself', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues, { uploadMethod: 'SERVER' });
      const refusal = {
        code: 'FILE_TOO_LARGE',
        message: 'The file is larger than the 1234 bytes that were declared.',
      };

      const { handle } = await registerFile(env, queues, input);
      await handle.signal(uploadCompletedSignal, { refusal });
      const final = await handle.result();

      expect(final).toMatchObject({ state: 'rejected', reason: refusal });
      expect(fake.rows.get(input.fileId)).toMatchObject({
        status: 'rejected',
        statusReason: 'FILE_TOO_LARGE',
      });
      expect(fake.count('verifyUpload')).toBe(0);
      expect(fake.count('markFileVerifying')).toBe(0);
      expect(fake.count('removeObject')).toBe(2);
    });
  });
});

describe('an upload that never completes', () => {
  it('is abandoned after the URL lifetime plus the grace period, its parts aborted', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues, { uploadMethod: 'MULTIPART' });

      const { handle } = await registerFile(env, queues, input);
      const final = await handle.result();
      const elapsed = await elapsedInHistory(handle);

      expect(final).toMatchObject({ state: 'abandoned', reason: { code: 'UPLOAD_EXPIRED' } });
      expect(elapsed).toBeGreaterThanOrEqual(75 * MINUTE);
      expect(elapsed).toBeLessThan(76 * MINUTE);
      expect(fake.rows.get(input.fileId)?.status).toBe('abandoned');
      expect(fake.argsOf('removeObject')).toEqual([
        expect.objectContaining({ storageKey: input.storageKey, multipartUploadId: 'upload-1' }),
      ]);
      expect(fake.count('verifyUpload')).toBe(0);
      await recordHistory('abandoned-multipart', handle);
    });
  });

  it('is rejected when completion is signalled but nothing was uploaded', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);

      const { handle } = await registerFile(env, queues, input);
      await handle.signal(uploadCompletedSignal, {});
      const final = await handle.result();

      expect(final).toMatchObject({ state: 'rejected', reason: { code: 'UPLOAD_MISSING' } });
    });
  });
});
