import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { registerSourcePolicy } from '../../core/source-policies';
import {
  askUploadUrl,
  complete,
  download,
  pollUntil,
  sendToStore,
  settled,
  uploadFile,
  waitForFile,
} from '../../test/support/file-api';
import { startTestApi, type TestApi } from '../../test/support/http';
import { testConfig, testRuntime } from '../../test/support/runtime';
import { sampleExecutable, samplePdf } from '../../test/support/sample-files';
import { startUploadsWorker, type UploadsWorker } from '../../test/support/worker';

/**
 * Everything that must not end in a ready file: requests outside the policy (refused before a
 * URL exists), bytes that are not what was promised (rejected on completion, object removed),
 * and uploads that do not fit the workspace's quota.
 */
let runtime: Runtime;
let worker: UploadsWorker;
let api: TestApi;
const suffix = randomUUID().slice(0, 8);
const WS = `ws-rej-${suffix}`;
const QUOTA_WS = [1, 2, 3].map((n) => `ws-quota${n}-${suffix}`);
const QUOTA_BYTES = 10_000;

/** A source type with a tiny cap, so that "too large" needs only a few kilobytes. */
const TINY = 'tiny_attachment';
const TINY_CAP = 1024;
/** task_attachment's cap as UPLOAD_MAX_BYTES_TASK_ATTACHMENT sets it, far below its own. */
const CONFIGURED_CAP = 2048;

beforeAll(async () => {
  registerSourcePolicy({
    sourceType: TINY,
    allowedMimeTypes: ['text/plain', 'application/pdf'],
    maxSizeBytes: TINY_CAP,
    aiMetadata: false,
  });
  const quotas = Object.fromEntries(QUOTA_WS.map((ws) => [ws, QUOTA_BYTES]));
  runtime = testRuntime();
  const config = testConfig({
    WORKSPACE_QUOTAS: JSON.stringify(quotas),
    UPLOAD_MAX_BYTES_TASK_ATTACHMENT: String(CONFIGURED_CAP),
  });
  worker = await startUploadsWorker({ runtime, config });
  api = await startTestApi(
    { userId: 'user-rej', workspaces: [WS, ...QUOTA_WS] },
    {},
    worker.config,
  );
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await runtime?.close();
});

const rowCount = (workspaceId: string) =>
  runtime.db.models.FileMetadata.count({ where: { workspaceId } });

const text = (bytes: number) => Buffer.alloc(bytes, 'a');

describe('a request outside the source type policy', () => {
  const base = {
    sourceType: 'drive_file',
    sourceId: 'folder-1',
    filename: 'a.pdf',
    contentType: 'application/pdf',
    sizeBytes: 100,
  };

  it.each([
    ['an unknown source type', { sourceType: 'spaceship_part' }, 400, 'UNKNOWN_SOURCE_TYPE'],
    [
      'a MIME type the policy does not allow',
      { contentType: 'application/x-msdownload' },
      415,
      'MIME_TYPE_NOT_ALLOWED',
    ],
    ['a size over the cap', { sourceType: TINY, sizeBytes: TINY_CAP + 1 }, 413, 'FILE_TOO_LARGE'],
    [
      'a size over the cap its setting configures',
      { sourceType: 'task_attachment', sizeBytes: CONFIGURED_CAP + 1 },
      413,
      'FILE_TOO_LARGE',
    ],
    ['a missing file name', { filename: undefined }, 400, 'VALIDATION_FAILED'],
    ['a negative size', { sizeBytes: -1 }, 400, 'VALIDATION_FAILED'],
    ['a size that is not whole', { sizeBytes: 5.5 }, 400, 'VALIDATION_FAILED'],
    ['a size of 1e300', { sizeBytes: 1e300 }, 413, 'FILE_TOO_LARGE'],
    [
      'a size over the cap that is not whole',
      { sourceType: TINY, sizeBytes: TINY_CAP + 0.5 },
      413,
      'FILE_TOO_LARGE',
    ],
    ['a source id that is a path', { sourceId: '../other' }, 400, 'VALIDATION_FAILED'],
    ['a key chosen by the client', { key: 'ws/x/y/evil' }, 400, 'VALIDATION_FAILED'],
    ['an unknown upload method', { uploadMethod: 'FTP' }, 400, 'VALIDATION_FAILED'],
  ])('is refused for %s, before anything is registered', async (_what, change, status, code) => {
    const before = await rowCount(WS);

    const res = await api.call(`/workspaces/${WS}/files/upload-url`, {
      method: 'POST',
      body: { ...base, ...change },
    });

    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(
      expect.objectContaining({ code, message: expect.stringMatching(/\w/) }),
    );
    expect(await rowCount(WS)).toBe(before);
  });

  it('names the fields that are wrong', async () => {
    const res = await api.call(`/workspaces/${WS}/files/upload-url`, {
      method: 'POST',
      body: { sourceType: 'drive_file', sizeBytes: 'many' },
    });

    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['sourceId', 'filename', 'contentType', 'sizeBytes']),
    );
  });

  it('says in a sentence what a missing or non-numeric size must be', async () => {
    const withoutSize = { ...base, sizeBytes: undefined };
    const bodies = [withoutSize, { ...base, sizeBytes: null }, { ...base, sizeBytes: '46' }];
    const answers = await Promise.all(
      bodies.map((body) =>
        api.call(`/workspaces/${WS}/files/upload-url`, { method: 'POST', body }),
      ),
    );

    expect(answers.map((res) => [res.status, res.body.error.message])).toEqual([
      [400, 'The request body is not valid: sizeBytes is required: a whole number of bytes.'],
      [400, 'The request body is not valid: sizeBytes is required: a whole number of bytes.'],
      [400, 'The request body is not valid: sizeBytes must be a whole number of bytes.'],
    ]);
  });

  it('refuses a size past any cap once, as too large', async () => {
    const res = await api.call(`/workspaces/${WS}/files/upload-url`, {
      method: 'POST',
      body: JSON.stringify(base).replace('"sizeBytes":100', '"sizeBytes":1e400'),
      headers: { 'content-type': 'application/json' },
    });
    const huge = await api.call(`/workspaces/${WS}/files/upload-url`, {
      method: 'POST',
      body: { ...base, sizeBytes: 1e300 },
    });

    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: 'FILE_TOO_LARGE',
      message: 'Files attached to drive_file may be at most 5368709120 bytes.',
      details: { maxSizeBytes: 5368709120 },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toBe(res.body.error.message);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await api.call(`/workspaces/${WS}/files/upload-url`, {
      method: 'POST',
      body: '{"sourceType":',
      headers: { 'content-type': 'application/json' },
    });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('a completed upload whose bytes are not what was promised', () => {
  /** The file's final state, and whether its object is still in the store. */
  async function outcome(fileId: string, key: string) {
    const file = await waitForFile(api, WS, fileId, settled);
    const link = await api.call(`/workspaces/${WS}/files/${fileId}/download-url`);
    return { file, link, object: await runtime.store.head(key) };
  }

  it('is rejected when a "PDF" is an executable, and the object is removed', async () => {
    const exe = sampleExecutable();

    const { issued } = await uploadFile(api, WS, {
      filename: 'invoice.pdf',
      contentType: 'application/pdf',
      bytes: exe,
    });
    const { file, link, object } = await outcome(issued.fileId, issued.key);

    expect(file.status).toBe('rejected');
    expect(file.reason).toMatchObject({ code: 'CONTENT_TYPE_MISMATCH' });
    expect(link.status).toBe(409);
    expect(object).toBeUndefined();
  });

  it('is refused by the store when a POST body is over the cap, then rejected', async () => {
    const issued = await askUploadUrl(api, WS, {
      sourceType: TINY,
      filename: 'notes.txt',
      contentType: 'text/plain',
      bytes: text(1000),
      uploadMethod: 'POST',
    });

    const stored = await sendToStore(issued.body.upload, text(5000));
    const completed = await complete(api, WS, issued.body.fileId);
    const { file, object } = await outcome(issued.body.fileId, issued.body.key);

    expect(stored.status).toBe(400);
    expect(await stored.text()).toMatch(/EntityTooLarge|too large/i);
    expect(completed.status).toBe(202);
    expect(file.status).toBe('rejected');
    expect(file.reason).toMatchObject({ code: 'UPLOAD_MISSING' });
    expect(object).toBeUndefined();
  });

  it('is rejected when an object over the cap got into the store anyway', async () => {
    // A store that enforces neither the signed length nor a policy: the bytes arrive regardless.
    const issued = await askUploadUrl(api, WS, {
      sourceType: TINY,
      filename: 'notes.txt',
      contentType: 'text/plain',
      bytes: text(1000),
    });
    await runtime.store.putStream(issued.body.key, text(3000), 'text/plain', 3000);

    await complete(api, WS, issued.body.fileId);
    const { file, object } = await outcome(issued.body.fileId, issued.body.key);

    expect(file.status).toBe('rejected');
    expect(file.reason).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(object).toBeUndefined();
  });

  it('is rejected when an object over the configured cap got into the store', async () => {
    const issued = await askUploadUrl(api, WS, {
      sourceType: 'task_attachment',
      filename: 'notes.txt',
      contentType: 'text/plain',
      bytes: text(1000),
    });
    await runtime.store.putStream(issued.body.key, text(3000), 'text/plain', 3000);

    await complete(api, WS, issued.body.fileId);
    const { file, object } = await outcome(issued.body.fileId, issued.body.key);

    expect(issued.status).toBe(201);
    expect(file.status).toBe('rejected');
    expect(file.reason).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining(`at most ${CONFIGURED_CAP}`),
    });
    expect(object).toBeUndefined();
  });

  it('is rejected when "complete" comes and nothing was uploaded', async () => {
    const issued = await askUploadUrl(api, WS, {
      filename: 'ghost.pdf',
      contentType: 'application/pdf',
      bytes: samplePdf(),
    });

    const completed = await complete(api, WS, issued.body.fileId);
    const { file, object } = await outcome(issued.body.fileId, issued.body.key);

    expect(completed.status).toBe(202);
    expect(file.status).toBe('rejected');
    expect(file.reason).toMatchObject({ code: 'UPLOAD_MISSING', message: expect.any(String) });
    expect(object).toBeUndefined();
  });
});

describe('the workspace quota', () => {
  const usage = async (ws: string) => (await api.call(`/workspaces/${ws}/usage`)).body;

  it('refuses at the URL an upload that would pass the limit (413), and reserves nothing', async () => {
    const [ws] = QUOTA_WS as [string];

    const res = await askUploadUrl(api, ws, {
      filename: 'big.txt',
      contentType: 'text/plain',
      bytes: text(1),
      sizeBytes: QUOTA_BYTES + 1,
    });

    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('QUOTA_EXCEEDED');
    expect(await usage(ws)).toEqual({ usedBytes: 0, limitBytes: QUOTA_BYTES, fileCount: 0 });
  });

  it('lets only one of two concurrent uploads that each fit alone reserve its space', async () => {
    const [, ws] = QUOTA_WS as [string, string];
    const ask = () =>
      askUploadUrl(api, ws, {
        filename: 'half.txt',
        contentType: 'text/plain',
        bytes: text(1),
        sizeBytes: 6_000,
      });

    const answers = await Promise.all([ask(), ask()]);

    expect(answers.map((a) => a.status).sort()).toEqual([201, 413]);
    expect(await usage(ws)).toEqual({ usedBytes: 6_000, limitBytes: QUOTA_BYTES, fileCount: 1 });
  });

  it('rejects on completion a file whose real size no longer fits', async () => {
    const [, , ws] = QUOTA_WS as [string, string, string];
    const bytes = text(3_000);
    const issued = await askUploadUrl(api, ws, {
      filename: 'fits-now.txt',
      contentType: 'text/plain',
      bytes,
    });
    await sendToStore(issued.body.upload, bytes);
    // Meanwhile another 8,000 bytes became ready in the workspace by another path (a legacy
    // file adopted by the backfill), which never asked for a URL.
    await insertReadyRow(ws, 8_000);

    await complete(api, ws, issued.body.fileId);
    const file = await waitForFile(api, ws, issued.body.fileId, settled);
    // The status turns rejected before the row does; usage follows the row a moment later.
    const after = await pollUntil(
      () => usage(ws),
      (u) => u.fileCount === 1,
    );

    expect(issued.status).toBe(201);
    expect(file.status).toBe('rejected');
    expect(file.reason).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(await runtime.store.head(issued.body.key)).toBeUndefined();
    expect(after).toEqual({ usedBytes: 8_000, limitBytes: QUOTA_BYTES, fileCount: 1 });
    expect((await download(api, ws, issued.body.fileId)).issued.status).toBe(409);
  });
});

async function insertReadyRow(workspaceId: string, sizeBytes: number) {
  const id = randomUUID();
  await runtime.db.models.FileMetadata.create({
    id,
    workspaceId,
    sourceType: 'drive_file',
    sourceId: 'legacy',
    storageKey: `${workspaceId}/drive_file/legacy/${id}-old.bin`,
    filename: 'old.bin',
    contentType: 'text/plain',
    declaredSizeBytes: sizeBytes,
    sizeBytes,
    uploadedById: 'someone',
    status: 'ready',
    workflowId: `legacy-${id}`,
  });
}
