import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import type { SignalDefinition } from '@temporalio/workflow';
import { randomUUID } from 'node:crypto';
import type { FileState } from '../../core/file-states';
import { FakeFileServices } from '../../test/support/fake-file-services';
import {
  createFileWorkflowEnv,
  elapsedInHistory,
  fileInput,
  registerFile,
  waitForStatus,
  withFileWorkers,
  type FileHandle,
  type Queues,
} from '../../test/support/file-workflow-env';
import { recordHistory } from '../../test/support/histories';
import {
  deleteSignal,
  FILE_WORKFLOW_TYPE,
  registerUpdate,
  reindexSignal,
  uploadCompletedSignal,
  type FileWorkflowInput,
} from './definitions';
import { DEFAULT_FILE_WORKFLOW_SETTINGS } from './settings';
import { adoptedFileInput, fileStartOptions, type FileRow } from './start-options';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;

beforeAll(async () => {
  ({ env, bundle } = await createFileWorkflowEnv());
});

afterAll(async () => {
  await env?.teardown();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Registers a file, puts its bytes where the browser would, and completes it. */
async function uploadFile(fake: FakeFileServices, queues: Queues, input: FileWorkflowInput) {
  const { handle } = await registerFile(env, queues, input);
  fake.objects.set(input.storageKey, { sizeBytes: input.declaredSizeBytes ?? 0 });
  await handle.signal(uploadCompletedSignal, {});
  return handle;
}

/** A promise the test resolves itself, to hold an activity in flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const deleted = (handle: FileHandle) =>
  waitForStatus(handle, (s) => s.state === 'deleted' && s.deletedAt !== undefined);

/** The row of a file uploaded a day ago whose workflow ended in `status`. */
function endedRow(nowMs: number, status: FileState): FileRow {
  const id = randomUUID();
  return {
    id,
    workspaceId: 'ws-1',
    sourceType: 'drive_file',
    sourceId: 'folder-1',
    storageKey: `ws-1/drive_file/folder-1/${id}-report.pdf`,
    filename: 'report.pdf',
    contentType: 'application/pdf',
    detectedContentType: null,
    declaredSizeBytes: 1234,
    sizeBytes: null,
    uploadedById: 'user-1',
    status,
    createdAt: new Date(nowMs - DAY),
  };
}

/** Every FileStatus the run showed operators, in order (its search attribute upserts). */
async function fileStatusesShown(handle: FileHandle): Promise<unknown[]> {
  const { payloadConverter } = env.client.options.loadedDataConverter;
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields)
    .filter((fields) => fields?.FileStatus)
    .map((fields) => payloadConverter.fromPayload(fields!.FileStatus!));
}

/** Starts a new run for a file with a row, `signal` its first event, as the API's delete does. */
async function adoptWith(
  queues: Queues,
  row: FileRow,
  signal: SignalDefinition<[unknown]>,
  signalArgs: [unknown],
): Promise<FileHandle> {
  const settings = { ...DEFAULT_FILE_WORKFLOW_SETTINGS, analysisTaskQueue: queues.analysis };
  const input = adoptedFileInput(row, settings);
  const handle = await env.client.workflow.signalWithStart(FILE_WORKFLOW_TYPE, {
    ...fileStartOptions(input, queues.uploads, row.status),
    signal,
    signalArgs,
  });
  queues.started.push(handle as FileHandle);
  return handle as FileHandle;
}

describe('deleting a ready file', () => {
  it('hides the row at once and removes the object only after the retention delay', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await uploadFile(fake, queues, input);
      await waitForStatus(handle, (s) => s.aiStatus === 'done');

      await handle.signal(deleteSignal, { requestedBy: 'user-1' });
      const status = await deleted(handle);
      const rowAtOnce = { ...fake.rows.get(input.fileId) };
      await env.sleep(3 * DAY);
      const objectMidway = fake.objects.has(input.storageKey);
      const final = await handle.result();

      expect(status.deleteRequestedAt).toBeDefined();
      expect(rowAtOnce).toMatchObject({ status: 'deleted', deletedAt: status.deletedAt });
      expect(objectMidway).toBe(true);
      expect(fake.objects.has(input.storageKey)).toBe(false);
      expect(final).toMatchObject({ state: 'deleted', objectRemovedAt: expect.any(String) });
      const retention = Date.parse(final.objectRemovedAt!) - Date.parse(final.deletedAt!);
      expect(retention).toBeGreaterThanOrEqual(7 * DAY);
      expect(retention).toBeLessThan(7 * DAY + HOUR);
      await recordHistory('uploaded-ready-deleted', handle);
    });
  });

  it('keeps retrying the object removal until the store accepts it', async () => {
    const fake = new FakeFileServices();
    let failures = 0;
    fake.overrides.removeObject = async ({ storageKey }) => {
      if (failures < 3) {
        failures += 1;
        throw new Error('the store is unreachable');
      }
      fake.objects.delete(storageKey);
    };
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(
        await env.currentTimeMs(),
        queues,
        {},
        {
          deleteRetentionSeconds: 60,
        },
      );
      const handle = await uploadFile(fake, queues, input);
      await waitForStatus(handle, (s) => s.state === 'ready');

      await handle.signal(deleteSignal, {});
      const final = await handle.result();

      expect(final.state).toBe('deleted');
      expect(fake.count('removeObject')).toBe(4);
      expect(fake.objects.has(input.storageKey)).toBe(false);
    });
  });

  it('cancels an AI extraction in flight and deletes at once', async () => {
    const fake = new FakeFileServices();
    const extraction = gate();
    fake.holds.extractFileAiMetadata = extraction.opened;
    fake.overrides.extractFileAiMetadata = async () => ({ outcome: 'deleted' });
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await uploadFile(fake, queues, input);
      await waitForStatus(handle, (s) => s.aiStatus === 'running');

      await handle.signal(deleteSignal, {});
      const status = await deleted(handle);
      extraction.open();
      const final = await handle.result();

      expect(status.state).toBe('deleted');
      expect(fake.rows.get(input.fileId)?.status).toBe('deleted');
      expect(final.state).toBe('deleted');
      expect(fake.objects.has(input.storageKey)).toBe(false);
    });
  });
});

describe('deleting a file before it is ready', () => {
  it('ends cleanly while awaiting the upload, removing bytes that arrive late', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const { handle } = await registerFile(env, queues, input);

      await handle.signal(deleteSignal, {});
      await deleted(handle);
      // The upload URL still works for a while: bytes put through it must not outlive the file.
      fake.objects.set(input.storageKey, { sizeBytes: 1234 });
      const final = await handle.result();

      expect(final.state).toBe('deleted');
      expect(fake.rows.get(input.fileId)).toMatchObject({ status: 'deleted' });
      expect(fake.count('verifyUpload')).toBe(0);
      expect(fake.objects.has(input.storageKey)).toBe(false);
      await recordHistory('deleted-awaiting-upload', handle);
    });
  });

  it('aborts a multipart upload at once, without waiting for the retention delay', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues, { uploadMethod: 'MULTIPART' });
      const { handle } = await registerFile(env, queues, input);

      await handle.signal(deleteSignal, {});
      await deleted(handle);
      await waitForStatus(handle, () => fake.count('abortMultipartUploads') === 1);
      const removalsBeforeRetention = fake.count('removeObject');
      await handle.result();

      expect(fake.argsOf('abortMultipartUploads')).toEqual([
        expect.objectContaining({ storageKey: input.storageKey, multipartUploadId: 'upload-1' }),
      ]);
      expect(removalsBeforeRetention).toBe(0);
      expect(fake.count('removeObject')).toBe(1);
    });
  });

  it('ends cleanly during verification, never marking the file ready', async () => {
    const fake = new FakeFileServices();
    const verification = gate();
    fake.holds.verifyUpload = verification.opened;
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const handle = await uploadFile(fake, queues, input);
      await waitForStatus(handle, (s) => s.state === 'verifying');

      await handle.signal(deleteSignal, {});
      await deleted(handle);
      verification.open();
      const final = await handle.result();

      expect(final.state).toBe('deleted');
      expect(fake.count('markFileReady')).toBe(0);
      expect(fake.rows.get(input.fileId)?.status).toBe('deleted');
      expect(fake.objects.has(input.storageKey)).toBe(false);
      expect(await elapsedInHistory(handle)).toBeGreaterThanOrEqual(7 * DAY);
    });
  });

  it('answers a registration repeated after the delete as before, reserving nothing', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const input = fileInput(await env.currentTimeMs(), queues);
      const { handle } = await registerFile(env, queues, input);
      await handle.signal(deleteSignal, {});
      await deleted(handle);

      const again = await handle.executeUpdate(registerUpdate);

      expect(again).toEqual({ accepted: true });
      expect(fake.count('reserveFile')).toBe(1);
    });
  });
});

describe('deleting a file whose workflow has ended', () => {
  it.each<FileState>(['rejected', 'abandoned'])(
    'adopts a %s file from its row, hides it at once and removes what is left after the retention delay',
    async (state) => {
      const fake = new FakeFileServices();
      await withFileWorkers(env, bundle, fake, async (queues) => {
        const row = endedRow(await env.currentTimeMs(), state);
        fake.rows.set(row.id, { status: state, statusReason: 'UPLOAD_MISSING' });
        // Bytes put through the URL after the file ended, say: the delete must not leave them.
        fake.objects.set(row.storageKey, { sizeBytes: 1234 });

        const handle = await adoptWith(queues, row, deleteSignal, [{ requestedBy: 'user-1' }]);
        const status = await deleted(handle);
        const rowAtOnce = { ...fake.rows.get(row.id) };
        await env.sleep(3 * DAY);
        const objectMidway = fake.objects.has(row.storageKey);
        const final = await handle.result();

        expect(rowAtOnce).toMatchObject({ status: 'deleted', deletedAt: status.deletedAt });
        expect(objectMidway).toBe(true);
        expect(final).toMatchObject({ state: 'deleted', objectRemovedAt: expect.any(String) });
        expect(fake.objects.has(row.storageKey)).toBe(false);
        // Workflow time on both ends: the fake stamps deletedAt with the real clock.
        const retention = Date.parse(final.objectRemovedAt!) - Date.parse(final.deleteRequestedAt!);
        expect(retention).toBeGreaterThanOrEqual(7 * DAY);
        expect(retention).toBeLessThan(7 * DAY + HOUR);
        expect(fake.count('removeObject')).toBe(1);
        expect(fake.count('reserveFile') + fake.count('verifyUpload')).toBe(0);
        expect(fake.count('extractFileAiMetadata')).toBe(0);
        expect(await fileStatusesShown(handle)).toEqual(['awaiting_upload', state, 'deleted']);
        if (state === 'rejected') await recordHistory('adopted-rejected-deleted', handle);
      });
    },
  );

  it('leaves an ended file as it ended when its new run is not asked to delete it', async () => {
    const fake = new FakeFileServices();
    await withFileWorkers(env, bundle, fake, async (queues) => {
      const row = endedRow(await env.currentTimeMs(), 'rejected');
      fake.rows.set(row.id, { status: 'rejected', statusReason: 'UPLOAD_MISSING' });

      const handle = await adoptWith(queues, row, reindexSignal, [{ reason: 'backfill' }]);
      const final = await handle.result();

      expect(final.state).toBe('rejected');
      expect(fake.rows.get(row.id)).toEqual({ status: 'rejected', statusReason: 'UPLOAD_MISSING' });
      expect(fake.count('extractFileAiMetadata')).toBe(0);
      expect(fake.count('removeObject')).toBe(0);
    });
  });
});
