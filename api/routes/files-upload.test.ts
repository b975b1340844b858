import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import {
  askUploadUrl,
  download,
  sendToStore,
  settled,
  uploadFile,
  waitForFile,
} from '../../test/support/file-api';
import { startTestApi, type TestApi } from '../../test/support/http';
import { testRuntime } from '../../test/support/runtime';
import { samplePdf, samplePng } from '../../test/support/sample-files';
import { startUploadsWorker, type UploadsWorker } from '../../test/support/worker';

/**
 * Uploads as a browser makes them, against the real app, Temporal, uploads worker, PostgreSQL
 * and store: ask for a URL, send the bytes to the store, complete, watch the file become ready,
 * download it.
 */
let runtime: Runtime;
let worker: UploadsWorker;
let api: TestApi;
const WS = `ws-up-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  runtime = testRuntime();
  worker = await startUploadsWorker({ runtime });
  api = await startTestApi({ userId: 'user-up', workspaces: [WS] }, {}, worker.config);
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await runtime?.close();
});

const pdf = samplePdf('Quarterly figures');
const png = samplePng(8, 8);
const text = Buffer.from('Plain notes, line one.\nLine two: ünïcödé.\n', 'utf8');

describe('a file uploaded to a presigned URL and completed', () => {
  it.each([
    {
      kind: 'a PDF',
      method: 'PUT',
      filename: 'report.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    },
    { kind: 'a PNG', method: 'PUT', filename: 'chart.png', contentType: 'image/png', bytes: png },
    {
      kind: 'a text file',
      method: 'PUT',
      filename: 'notes.txt',
      contentType: 'text/plain',
      bytes: text,
    },
    {
      kind: 'a PDF',
      method: 'POST',
      filename: 'form.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    },
  ] as const)(
    'becomes ready with its real size and type, and downloads byte for byte ($kind by $method)',
    async ({ method, filename, contentType, bytes }) => {
      const { issued, completed } = await uploadFile(api, WS, {
        filename,
        contentType,
        bytes,
        uploadMethod: method,
      });
      const file = await waitForFile(api, WS, issued.fileId, settled);
      const { issued: link, response, bytes: downloaded } = await download(api, WS, issued.fileId);

      expect(issued.upload.method).toBe(method);
      expect(completed.status).toBe(202);
      expect(completed.body.fileId).toBe(issued.fileId);
      expect(file).toMatchObject({
        fileId: issued.fileId,
        status: 'ready',
        filename,
        contentType,
        detectedContentType: contentType,
        sizeBytes: bytes.length,
        key: issued.key,
        workflowId: `file-${issued.fileId}`,
      });
      expect(link.status).toBe(200);
      expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
      expect(response?.status).toBe(200);
      expect(downloaded?.equals(bytes)).toBe(true);
      expect(response?.headers.get('content-disposition')).toContain(`filename="${filename}"`);
    },
  );

  it('answers upload-url with a key in the mission scheme and a 15-minute PUT', async () => {
    const res = await askUploadUrl(api, WS, {
      sourceId: 'folder-9',
      filename: 'plan.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      fileId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      key: `${WS}/drive_file/folder-9/${res.body.fileId}-plan.pdf`,
      workflowId: `file-${res.body.fileId}`,
      expiresAt: expect.any(String),
      upload: {
        method: 'PUT',
        url: expect.stringContaining('X-Amz-Signature='),
        headers: { 'Content-Type': 'application/pdf' },
      },
    });
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(890_000);
    expect(ttl).toBeLessThanOrEqual(900_000);
  });

  it('shows the workflow searchable by workspace, source and status in Temporal', async () => {
    const { issued } = await uploadFile(api, WS, {
      sourceId: 'folder-sa',
      filename: 'a.txt',
      contentType: 'text/plain',
      bytes: text,
    });
    await waitForFile(api, WS, issued.fileId, (f) => f.status === 'ready');

    const { searchAttributes } = await api.temporal.workflow
      .getHandle(issued.workflowId)
      .describe();

    expect(searchAttributes).toMatchObject({
      WorkspaceId: [WS],
      SourceType: ['drive_file'],
      SourceId: ['folder-sa'],
      FileStatus: ['ready'],
    });
  });

  it('refuses a download before the file is ready (409) and reports awaiting_upload', async () => {
    const issued = await askUploadUrl(api, WS, {
      filename: 'later.txt',
      contentType: 'text/plain',
      bytes: text,
    });

    const file = await api.call(`/workspaces/${WS}/files/${issued.body.fileId}`);
    const link = await api.call(`/workspaces/${WS}/files/${issued.body.fileId}/download-url`);

    expect(file.body.status).toBe('awaiting_upload');
    expect(link.status).toBe(409);
    expect(link.body.error).toMatchObject({ code: 'FILE_NOT_READY' });
  });

  it('completes once even when the client says "done" twice', async () => {
    const { issued } = await uploadFile(api, WS, {
      filename: 'twice.txt',
      contentType: 'text/plain',
      bytes: text,
    });
    await waitForFile(api, WS, issued.fileId, settled);

    const again = await api.call(`/workspaces/${WS}/files/${issued.fileId}/complete`, {
      method: 'POST',
    });

    expect(again.status).toBe(202);
    expect(again.body).toEqual({ fileId: issued.fileId, status: 'ready' });
  });
});

describe('file names', () => {
  it.each([
    ['spaces', 'annual report final.pdf', 'annual_report_final.pdf'],
    ['a plus sign', 'q3+q4.pdf', 'q3_q4.pdf'],
    ['a hash', 'issue #42.pdf', 'issue_42.pdf'],
    ['a percent sign', '100% sure.pdf', '100_sure.pdf'],
    ['Unicode', 'Résumé 日本語.pdf', 'Résumé_日本語.pdf'],
    ['a path climbing out', '../../../etc/passwd.pdf', 'passwd.pdf'],
  ])('with %s give a safe key and working URLs', async (_what, filename, safe) => {
    const { issued } = await uploadFile(api, WS, {
      sourceId: 'names',
      filename,
      contentType: 'application/pdf',
      bytes: pdf,
    });
    const file = await waitForFile(api, WS, issued.fileId, settled);
    const { response, bytes } = await download(api, WS, issued.fileId);

    expect(issued.key).toBe(`${WS}/drive_file/names/${issued.fileId}-${safe}`);
    expect(file).toMatchObject({ status: 'ready', filename });
    expect(bytes?.equals(pdf)).toBe(true);
    expect(response?.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
  });

  it('shortens a very long name by bytes and keeps its extension', async () => {
    const filename = `${'très long nom '.repeat(40)}.pdf`;

    const { issued } = await uploadFile(api, WS, {
      sourceId: 'names',
      filename,
      contentType: 'application/pdf',
      bytes: pdf,
    });
    const file = await waitForFile(api, WS, issued.fileId, settled);
    const { bytes } = await download(api, WS, issued.fileId);
    const keyName = issued.key.split('/').pop().slice(37);

    expect(Buffer.byteLength(keyName)).toBeLessThanOrEqual(180);
    expect(keyName).toMatch(/^très_long_nom_.*\.pdf$/);
    expect(file).toMatchObject({ status: 'ready', filename });
    expect(bytes?.equals(pdf)).toBe(true);
  });
});

describe('the uploaded bytes', () => {
  it('are refused by the store when they differ from what the PUT URL was signed for', async () => {
    const issued = await askUploadUrl(api, WS, {
      filename: 'sized.txt',
      contentType: 'text/plain',
      bytes: text,
    });

    const longer = await sendToStore(issued.body.upload, Buffer.concat([text, text]));
    const otherType = await fetch(issued.body.upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: text,
    });

    expect(longer.status).toBe(403);
    expect(otherType.status).toBe(403);
    expect(await runtime.store.head(issued.body.key)).toBeUndefined();
  });
});
