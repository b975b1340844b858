import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { FakeFileServices } from '../../test/support/fake-file-services';
import { recordHistory } from '../../test/support/histories';
import {
  createFileWorkflowEnv,
  fileInput,
  registerFile,
  waitForStatus,
  withFileWorkers,
  type FileHandle,
  type Queues,
} from '../../test/support/file-workflow-env';
import {
  deleteSignal,
  FILE_WORKFLOW_TYPE,
  fileWorkflowId,
  registerUpdate,
  reindexSignal,
  uploadCompletedSignal,
  type FileWorkflowInput,
  type FileWorkflowStatus,
} from './definitions';
import { SIGNALS_PER_RUN } from './ready-phase';
import { DEFAULT_FILE_WORKFLOW_SETTINGS } from './settings';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;

beforeAll(async () => {
  ({ env, bundle } = await createFileWorkflowEnv());
});

afterAll(async () => {
  await env?.teardown();
});

/** Uploads a file and waits until it is ready and its first extraction (if any) has ended. */
const MINUTE = 60_000;

async function readyFile(
  fake: FakeFileServices,
  queues: Queues,
  input: FileWorkflowInput,
  settled = (s: FileWorkflowStatus) => s.state === 'ready' && s.aiStatus !== 'running',
) {
  const { handle } = await registerFile(env, queues, input);
  fake.objects.set(input.storageKey, { sizeBytes: input.declaredSizeBytes ?? 0 });
  await handle.signal(uploadCompletedSignal, {});
  await waitForStatus(handle, settled);
  return handle;
}

const extractionsSettled = (fake: FakeFileServices, handle: FileHandle, count: number) =>
  waitForStatus(
    handle,
    (s) => fake.count('extractFileAiMetadata') === count && s.aiStatus !== 'running',
  );

describe('re-indexing a ready file', () => {
  it('runs the extraction again, once for requests that pile up meanwhile', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await readyFile(fake, queues, input);

      let release!: () => void;
      fake.holds.extractFileAiMetadata = new Promise((resolve) => (release = resolve));
      await handle.signal(reindexSignal, { reason: 'model upgrade' });
      await waitForStatus(handle, (s) => s.aiStatus === 'running');
      await handle.signal(reindexSignal, { reason: 'again' });
      await handle.signal(reindexSignal, { reason: 'and again' });
      release();
      const status = await extractionsSettled(fake, handle, 3);

      expect(status.aiStatus).toBe('done');
      expect(fake.argsOf('extractFileAiMetadata').map((i) => i.trigger)).toEqual([
        'upload',
        'reindex',
        'reindex',
      ]);
    });
  });

  it('runs it when the request says the source type has come to want AI metadata', async () => {
    const fake = new FakeFileServices();
    fake.aiMetadata = false;
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await readyFile(fake, queues, input);

      await handle.signal(reindexSignal, { reason: 'backfill', aiRequested: true });
      const status = await extractionsSettled(fake, handle, 1);

      expect(status).toMatchObject({ aiStatus: 'done', aiRequested: true });
      expect(fake.argsOf('extractFileAiMetadata').map((i) => i.trigger)).toEqual(['reindex']);
    });
  });

  it('ignores the request where the source type wants no AI metadata', async () => {
    const fake = new FakeFileServices();
    fake.aiMetadata = false;
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await readyFile(fake, queues, input);

      await handle.signal(reindexSignal, { reason: 'model upgrade' });
      await handle.signal(deleteSignal, {});
      const final = await handle.result();

      expect(final).toMatchObject({ state: 'deleted', aiStatus: 'not_requested' });
      expect(fake.count('extractFileAiMetadata')).toBe(0);
    });
  });
});

describe('AI metadata that cannot be made', () => {
  it('shows the reason the pipeline reported', async () => {
    const fake = new FakeFileServices();
    fake.overrides.extractFileAiMetadata = async () => ({
      outcome: 'failed',
      code: 'ENCRYPTED_DOCUMENT',
      message: 'The PDF is encrypted.',
    });
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await readyFile(fake, queues, input);

      const status = await waitForStatus(handle, (s) => s.aiStatus === 'failed');

      expect(status.aiReason).toEqual({
        code: 'ENCRYPTED_DOCUMENT',
        message: 'The PDF is encrypted.',
      });
      expect(fake.count('markAiFailed')).toBe(0);
    });
  });

  it('marks the row failed itself when the extraction gives up without an answer', async () => {
    const fake = new FakeFileServices();
    fake.overrides.extractFileAiMetadata = async () => {
      throw ApplicationFailure.retryable(
        'the embedding provider is down',
        'DEPENDENCY_UNAVAILABLE',
      );
    };
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const settings = {
        ...DEFAULT_FILE_WORKFLOW_SETTINGS.activities,
        analysis: { ...DEFAULT_FILE_WORKFLOW_SETTINGS.activities.analysis, maxAttempts: 2 },
      };
      const input = fileInput(await env.currentTimeMs(), queues, {}, { activities: settings });
      const handle = await readyFile(
        fake,
        queues,
        input,
        () => fake.count('extractFileAiMetadata') === 1,
      );

      // The retry waits out its backoff in workflow time.
      await env.sleep(
        DEFAULT_FILE_WORKFLOW_SETTINGS.activities.analysis.retryInitialSeconds * 2000,
      );
      const status = await waitForStatus(handle, (s) => s.aiStatus === 'failed');

      expect(fake.count('extractFileAiMetadata')).toBe(2);
      expect(status.aiReason?.code).toBe('DEPENDENCY_UNAVAILABLE');
      expect(fake.rows.get(input.fileId)?.aiStatus).toBe('failed:DEPENDENCY_UNAVAILABLE');
    });
  });
});

describe('a long-lived ready file', () => {
  it('continues as new after many signals, keeping its status and its deletion', async () => {
    const fake = new FakeFileServices();
    fake.aiMetadata = false;
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await readyFile(fake, queues, input);
      const before = await waitForStatus(handle, () => true);
      const firstRun = (await handle.describe()).runId;

      for (let i = 0; i < SIGNALS_PER_RUN; i += 1) {
        await handle.signal(reindexSignal, { reason: `signal ${i}` });
      }
      // The run hands over only after it has looked at the object once the upload URL expired.
      await env.sleep(16 * MINUTE);
      const latest = env.client.workflow.getHandle(fileWorkflowId(input.fileId));
      await waitForStatus(latest, () => true);
      const secondRun = (await latest.describe()).runId;
      await latest.signal(deleteSignal, {});
      const final = await latest.result();

      expect(secondRun).not.toBe(firstRun);
      expect(final).toMatchObject({
        state: 'deleted',
        readyAt: before.readyAt,
        createdAt: before.createdAt,
        sizeBytes: 1234,
      });
      expect(fake.objects.has(input.storageKey)).toBe(false);
    });
  }, 60_000);
});

describe('an adopted file', () => {
  it('starts ready from its row and is indexed on the reindex that adopted it', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues, { adopted: true });
      fake.rows.set(input.fileId, { status: 'ready', sizeBytes: 4321 });
      fake.objects.set(input.storageKey, { sizeBytes: 4321 });

      const handle = await env.client.workflow.signalWithStart(FILE_WORKFLOW_TYPE, {
        workflowId: fileWorkflowId(input.fileId),
        taskQueue: queues.uploads,
        args: [input],
        signal: reindexSignal,
        signalArgs: [{ reason: 'backfill' }],
      });
      queues.started.push(handle as FileHandle);
      const status = await extractionsSettled(fake, handle as FileHandle, 1);
      const registration = await handle.executeUpdate(registerUpdate);

      expect(status).toMatchObject({ state: 'ready', sizeBytes: 4321, aiStatus: 'done' });
      expect(fake.argsOf('extractFileAiMetadata')).toEqual([
        expect.objectContaining({ trigger: 'reindex' }),
      ]);
      expect(fake.count('reserveFile')).toBe(0);
      expect(fake.count('verifyUpload')).toBe(0);
      expect(registration).toMatchObject({ accepted: false, reason: { code: 'CONFLICT' } });
    });
  });
});

describe('a ready file whose upload URL still worked', () => {
  it('stays ready once the URL has expired if its object is unchanged', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await readyFile(fake, queues, input);

      await env.sleep(16 * MINUTE);
      const status = await waitForStatus(handle, () => fake.count('verifyUpload') === 2);

      expect(status.state).toBe('ready');
      expect(fake.objects.has(input.storageKey)).toBe(true);
    });
  });

  it('is rejected, its object removed, when the bytes were replaced after verification', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await readyFile(fake, queues, input);

      fake.objects.set(input.storageKey, { sizeBytes: 1234, etag: '"replaced"' });
      const final = await handle.result();

      expect(final).toMatchObject({ state: 'rejected', reason: { code: 'UPLOAD_CHANGED' } });
      expect(fake.rows.get(input.fileId)?.status).toBe('rejected');
      expect(fake.objects.has(input.storageKey)).toBe(false);
      await recordHistory('ready-replaced-rejected', handle);
    });
  });

  it('is not looked at again after a multipart upload, which cannot be reopened', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues, { uploadMethod: 'MULTIPART' });
      const handle = await readyFile(fake, queues, input);

      await env.sleep(16 * MINUTE);
      await handle.signal(deleteSignal, {});
      await handle.result();

      expect(fake.count('verifyUpload')).toBe(1);
    });
  });
});
