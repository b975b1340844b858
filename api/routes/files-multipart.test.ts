import { randomBytes, randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { complete, download, pollUntil, settled, waitForFile } from '../../test/support/file-api';
import { startTestApi, type TestApi } from '../../test/support/http';
import { testConfig, testRuntime } from '../../test/support/runtime';
import { samplePdf } from '../../test/support/sample-files';
import { startUploadsWorker, type UploadsWorker } from '../../test/support/worker';

/**
 * The two other ways bytes arrive: multipart uploads to presigned part URLs (large recordings),
 * and the server-side form upload for legacy callers (small files, hard cap).
 */
let runtime: Runtime;
let worker: UploadsWorker;
let api: TestApi;
const WS = `ws-mp-${randomUUID().slice(0, 8)}`;
const PART = 5 * 1024 * 1024;
const SERVER_CAP = 64 * 1024;

beforeAll(async () => {
  runtime = testRuntime();
  const config = testConfig({
    MULTIPART_PART_SIZE_BYTES: String(PART),
    SERVER_UPLOAD_MAX_BYTES: String(SERVER_CAP),
    DELETE_RETENTION_SECONDS: '1',
  });
  worker = await startUploadsWorker({ runtime, config });
  api = await startTestApi({ userId: 'user-mp', workspaces: [WS] }, {}, worker.config);
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await runtime?.close();
});

/** An MP4 header in front of noise: the store does not care, the type sniffing does. */
function sampleVideo(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.write('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom', 0, 'latin1');
  return bytes;
}

function startMultipart(sizeBytes: number, filename = 'call.mp4') {
  return api.call(`/workspaces/${WS}/files/multipart`, {
    method: 'POST',
    body: {
      sourceType: 'recording',
      sourceId: 'call-1',
      filename,
      contentType: 'video/mp4',
      sizeBytes,
    },
  });
}

async function putPart(url: string, bytes: Buffer): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: bytes });
  expect(res.status).toBe(200);
  return res.headers.get('etag')!;
}

describe('a multipart upload', () => {
  it('signs one URL per part, joins the parts on completion and becomes ready', async () => {
    const video = sampleVideo(PART + 300_000);

    const created = await startMultipart(video.length);
    const { parts } = created.body.upload;
    const etags = [
      await putPart(parts[0].url, video.subarray(0, PART)),
      await putPart(parts[1].url, video.subarray(PART)),
    ];
    const completed = await complete(api, WS, created.body.fileId, {
      parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })),
    });
    const file = await waitForFile(api, WS, created.body.fileId, settled);
    const { bytes } = await download(api, WS, created.body.fileId);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: `${WS}/recording/call-1/${created.body.fileId}-call.mp4`,
      upload: { method: 'MULTIPART', uploadId: expect.any(String), partSizeBytes: PART },
    });
    expect(parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2]);
    expect(completed.status).toBe(202);
    expect(file).toMatchObject({ status: 'ready', sizeBytes: video.length });
    expect(bytes?.equals(video)).toBe(true);
  });

  it('is rejected when completed without its parts', async () => {
    const created = await startMultipart(1000);
    await putPart(created.body.upload.parts[0].url, sampleVideo(1000));

    await complete(api, WS, created.body.fileId);
    const file = await waitForFile(api, WS, created.body.fileId, settled);

    expect(file.status).toBe('rejected');
    expect(file.reason).toMatchObject({ code: 'UPLOAD_INCOMPLETE' });
  });

  it('has its uploaded parts aborted when the file is deleted before completion', async () => {
    const created = await startMultipart(2000);
    const { key, upload } = created.body;
    await putPart(upload.parts[0].url, sampleVideo(2000));
    const partsBefore = await runtime.store.listUploadedParts(key, upload.uploadId);

    await api.call(`/workspaces/${WS}/files/${created.body.fileId}`, { method: 'DELETE' });
    // Once aborted, the store no longer knows the upload: listing its parts answers NoSuchUpload.
    const listing = await pollUntil(
      () =>
        runtime.store.listUploadedParts(key, upload.uploadId).then(
          (parts) => ({ parts, error: undefined }),
          (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => ({
            parts: undefined,
            error: { name: error.name, status: error.$metadata?.httpStatusCode },
          }),
        ),
      (outcome) => outcome.error !== undefined,
    );

    expect(partsBefore).toBe(1);
    expect(listing).toEqual({ parts: undefined, error: { name: 'NoSuchUpload', status: 404 } });
  });

  it('refuses a type the recording policy does not allow, before creating anything', async () => {
    const res = await api.call(`/workspaces/${WS}/files/multipart`, {
      method: 'POST',
      body: {
        sourceType: 'recording',
        sourceId: 'call-1',
        filename: 'x.pdf',
        contentType: 'application/pdf',
        sizeBytes: 10,
      },
    });

    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('MIME_TYPE_NOT_ALLOWED');
  });

  it('refuses a size past any cap as too large, once', async () => {
    const res = await startMultipart(1e300);

    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: `A multipart upload has at most 10000 parts of ${PART} bytes.`,
    });
  });
});

describe('the server-side upload', () => {
  function form(fields: Record<string, string>, file?: Buffer, type = 'application/pdf') {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    if (file) body.append('file', new Blob([file], { type }), 'legacy scan.pdf');
    return body;
  }
  const post = (body: FormData) => api.call(`/workspaces/${WS}/files`, { method: 'POST', body });
  const fields = (sizeBytes: number) => ({
    sourceType: 'drive_file',
    sourceId: 'legacy-1',
    sizeBytes: String(sizeBytes),
  });
  const liveRows = () =>
    runtime.db.models.FileMetadata.count({
      where: { workspaceId: WS, sourceId: 'legacy-1', deletedAt: null },
    });

  it('streams a small file to the store and ends in the same workflow, ready', async () => {
    const pdf = samplePdf('scanned');

    const res = await post(form(fields(pdf.length), pdf));
    const file = await waitForFile(api, WS, res.body.fileId, settled);
    const { bytes } = await download(api, WS, res.body.fileId);

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      fileId: expect.any(String),
      key: `${WS}/drive_file/legacy-1/${res.body.fileId}-legacy_scan.pdf`,
      workflowId: `file-${res.body.fileId}`,
    });
    expect(file).toMatchObject({
      status: 'ready',
      filename: 'legacy scan.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
    });
    expect(bytes?.equals(pdf)).toBe(true);
  });

  it('refuses a declared size over the cap with 413, registering nothing', async () => {
    const before = await liveRows();

    const res = await post(form(fields(SERVER_CAP + 1), samplePdf()));

    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('FILE_TOO_LARGE');
    expect(await liveRows()).toBe(before);
  });

  it('stops a body that runs past its declared size: 413 naming the file, which ends rejected', async () => {
    const usageBefore = (await api.call(`/workspaces/${WS}/usage`)).body;
    const big = Buffer.concat([samplePdf(), Buffer.alloc(SERVER_CAP, 0x20)]);

    const res = await post(form(fields(1000), big));
    const fileId = res.body.error?.details?.fileId;
    const file = await waitForFile(api, WS, fileId, settled);
    // The workflow's status moves first; the row follows once the activity has written it.
    const row = await pollUntil(
      () => runtime.db.models.FileMetadata.findByPk(fileId),
      (r) => r?.status === 'rejected',
    );
    const usageAfter = (await api.call(`/workspaces/${WS}/usage`)).body;

    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: 'FILE_TOO_LARGE',
      message: 'The file is larger than the 1000 bytes that were declared.',
      details: { declaredSizeBytes: 1000, fileId: expect.any(String) },
    });
    expect(file).toMatchObject({
      fileId,
      status: 'rejected',
      reason: { code: 'FILE_TOO_LARGE', message: res.body.error.message },
    });
    expect(row).toMatchObject({ status: 'rejected', deletedAt: null });
    expect(row?.statusReason).toMatch(/^FILE_TOO_LARGE: /);
    expect(await runtime.store.head(row!.storageKey)).toBeUndefined();
    expect(usageAfter).toEqual(usageBefore);
  });

  it('stops a body that ends short of its declared size the same way', async () => {
    const pdf = samplePdf();

    const res = await post(form(fields(pdf.length + 10), pdf));
    const fileId = res.body.error?.details?.fileId;
    const file = await waitForFile(api, WS, fileId, settled);

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('UPLOAD_SIZE_MISMATCH');
    expect(file).toMatchObject({ status: 'rejected', reason: { code: 'UPLOAD_SIZE_MISMATCH' } });
    expect(await runtime.store.head(file.key)).toBeUndefined();
  });

  it('refuses a request over the cap by its length alone, before reading it', async () => {
    const res = await post(form(fields(100), Buffer.alloc(SERVER_CAP * 2)));

    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('FILE_TOO_LARGE');
  });

  it('says that the form fields must come before the file', async () => {
    const fileFirst = new FormData();
    fileFirst.append('file', new Blob([samplePdf()], { type: 'application/pdf' }), 'a.pdf');
    for (const [name, value] of Object.entries(fields(10))) fileFirst.append(name, value);
    const noSize = form({ sourceType: 'drive_file', sourceId: 'legacy-1' }, samplePdf());

    const [late, missing] = await Promise.all([post(fileFirst), post(noSize)]);

    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message:
        'The form must send sourceType, sourceId, sizeBytes before the file: sourceType, ' +
        'sourceId, sizeBytes were missing or came after it.',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      'The form must send sourceType, sourceId, sizeBytes before the file: sizeBytes was ' +
        'missing or came after it.',
    );
  });

  it('says what a size that is not a number must be, and wants a file', async () => {
    const [notNumber, noFile] = await Promise.all([
      post(form({ ...fields(0), sizeBytes: 'ten' }, samplePdf())),
      post(form(fields(10))),
    ]);

    expect(notNumber.status).toBe(400);
    expect(notNumber.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The form is not valid: sizeBytes must be a whole number of bytes.',
    });
    expect(noFile.status).toBe(400);
    expect(noFile.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The form has no file part.',
    });
  });

  it('refuses a declared size of 1e300 as too large', async () => {
    const res = await post(form({ ...fields(0), sizeBytes: '1e300' }, samplePdf()));

    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      code: 'FILE_TOO_LARGE',
      message: `Uploads through the API may be at most ${SERVER_CAP} bytes; ask for an upload URL instead.`,
      details: { maxSizeBytes: SERVER_CAP, sizeBytes: 1e300 },
    });
  });
});
