import { randomUUID } from 'node:crypto';
import { buildRuntime, type Runtime } from '../core/runtime';
import { buildStorageKey } from '../core/storage-keys';
import { download, settled, uploadFile, waitForFile } from '../test/support/file-api';
import { startTestApi } from '../test/support/http';
import { startStorageProxy, type StorageProxy } from '../test/support/nginx';
import { testConfig, testRuntime } from '../test/support/runtime';
import { samplePdf } from '../test/support/sample-files';
import { startUploadsWorker } from '../test/support/worker';

/**
 * Presigned URLs as a browser on another origin uses them: through a real nginx that serves the
 * store under /storage/ with the configuration in deploy/nginx/.
 */
let proxy: StorageProxy;
let runtime: Runtime;

beforeAll(async () => {
  proxy = await startStorageProxy(testConfig().storage.endpoint);
  runtime = buildRuntime(testConfig({ S3_PUBLIC_ENDPOINT_URL: proxy.publicEndpoint }), 'test');
});

afterAll(async () => {
  await runtime?.close();
  await proxy?.stop();
});

const keyFor = (filename: string) =>
  buildStorageKey({
    prefix: '',
    workspaceId: 'ws-proxy',
    sourceType: 'drive_file',
    sourceId: 'doc-1',
    fileId: randomUUID(),
    filename,
  });

describe('presigned URLs through nginx under /storage/', () => {
  it('hands out URLs on the public origin, under the proxy path', async () => {
    const url = new URL(await runtime.store.presignPut(keyFor('a.txt'), 'text/plain', 60));

    expect(url.origin).toBe(proxy.origin);
    expect(url.pathname.startsWith('/storage/file-orchestrator/ws-proxy/')).toBe(true);
  });

  it.each([
    ['a plain name', 'plain.txt'],
    ['spaces, +, # and %', 'Q3 report + notes #2 (100%).txt'],
    ['Unicode', 'Résumé 会议记录 отчёт.txt'],
    ['../ and a very long name', `../../${'long name '.repeat(40)}.txt`],
  ])('uploads with PUT and reads back with GET for %s', async (_label, filename) => {
    const key = keyFor(filename);
    const body = `bytes of ${filename}`;

    const put = await fetch(await runtime.store.presignPut(key, 'text/plain', 60), {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    const get = await fetch(await runtime.store.presignGet(key, 60, { filename }));

    expect(put.status).toBe(200);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe(body);
    expect(get.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
  });

  it('serves keys with characters the key scheme avoids, as legacy keys have them', async () => {
    const key = `legacy/ws-proxy/a b+c%d#e//f é.txt`;
    await runtime.store.putStream(key, Buffer.from('legacy bytes'), 'text/plain', 12);

    const get = await fetch(await runtime.store.presignGet(key, 60));

    expect(get.status).toBe(200);
    expect(await get.text()).toBe('legacy bytes');
  });

  it('refuses a tampered signature, another key, and a body of another type', async () => {
    const key = keyFor('secret.txt');
    await runtime.store.putStream(key, Buffer.from('secret'), 'text/plain', 6);
    const signed = new URL(await runtime.store.presignGet(key, 60));

    const tampered = new URL(signed);
    tampered.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const otherKey = new URL(signed);
    otherKey.pathname = otherKey.pathname.replace('secret.txt', 'other.txt');
    const wrongType = await fetch(
      await runtime.store.presignPut(keyFor('x.txt'), 'text/plain', 60),
      {
        method: 'PUT',
        headers: { 'content-type': 'application/x-msdownload' },
        body: 'MZ',
      },
    );

    expect((await fetch(tampered)).status).toBe(403);
    expect((await fetch(otherKey)).status).toBe(403);
    expect(wrongType.status).toBe(403);
  });

  it('refuses a PUT whose body is not the length the URL was signed for', async () => {
    const key = keyFor('sized.txt');
    const url = await runtime.store.presignPut(key, 'text/plain', 60, 5);
    const send = (body: string) =>
      fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body });

    const longer = await send('123456789');
    expect(longer.status).toBe(403);
    expect(await runtime.store.head(key)).toBeUndefined();

    const exact = await send('12345');
    expect(exact.status).toBe(200);
  });

  it('accepts a presigned POST within its size range and refuses a bigger body', async () => {
    const small = keyFor('form.txt');
    const big = keyFor('big.txt');
    const post = async (key: string, bytes: number) => {
      const { url, fields } = await runtime.store.presignPost(key, 'text/plain', 1024, 60);
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob(['x'.repeat(bytes)], { type: 'text/plain' }), 'f.txt');
      return fetch(url, { method: 'POST', body: form });
    };

    const accepted = await post(small, 1000);
    const refused = await post(big, 5000);

    expect(accepted.status).toBeLessThan(300);
    expect((await runtime.store.head(small))?.sizeBytes).toBe(1000);
    expect(refused.status).toBe(400);
    expect(await runtime.store.head(big)).toBeUndefined();
  });
});

describe('the upload API behind nginx', () => {
  it('hands a browser URLs on the public origin that upload, complete and download', async () => {
    const ws = `ws-proxy-${randomUUID().slice(0, 8)}`;
    const workerRuntime = testRuntime();
    const worker = await startUploadsWorker({ runtime: workerRuntime });
    const api = await startTestApi(
      { userId: 'user-proxy', workspaces: [ws] },
      {},
      { ...worker.config, storage: runtime.config.storage },
    );
    try {
      const pdf = samplePdf('through the proxy');

      const { issued } = await uploadFile(api, ws, {
        filename: 'Über plan #1.pdf',
        contentType: 'application/pdf',
        bytes: pdf,
      });
      const file = await waitForFile(api, ws, issued.fileId, settled);
      const { issued: link, bytes } = await download(api, ws, issued.fileId);

      expect(new URL(issued.upload.url).origin).toBe(proxy.origin);
      expect(new URL(link.body.url).origin).toBe(proxy.origin);
      expect(file).toMatchObject({ status: 'ready', sizeBytes: pdf.length });
      expect(bytes?.equals(pdf)).toBe(true);
    } finally {
      await api.close();
      await worker.stop();
      await workerRuntime.close();
    }
  });
});
