import { randomUUID } from 'node:crypto';
import type { Runtime } from '../runtime';
import { testRuntime } from '../../test/support/runtime';

let runtime: Runtime;

beforeAll(() => {
  runtime = testRuntime();
});

afterAll(async () => {
  await runtime.close();
});

const key = () => `ws-test/drive_file/src-1/${randomUUID()}-hello.txt`;

describe('presigned PUT against the real store', () => {
  it('accepts the signed Content-Type and stores the bytes', async () => {
    const k = key();
    const url = await runtime.store.presignPut(k, 'text/plain', 60);

    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'hello world',
    });

    expect(put.status).toBe(200);
    const info = await runtime.store.head(k);
    expect(info?.sizeBytes).toBe(11);
    expect(info?.contentType).toBe('text/plain');
  });

  it('refuses the same URL with another Content-Type and stores nothing', async () => {
    const k = key();
    const url = await runtime.store.presignPut(k, 'text/plain', 60);

    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-msdownload' },
      body: 'MZ not really a program',
    });

    expect(put.status).toBe(403);
    expect(await runtime.store.head(k)).toBeUndefined();
  });

  it('refuses a URL whose lifetime has passed', async () => {
    const k = key();
    const url = await runtime.store.presignPut(k, 'text/plain', 1);
    await new Promise((resolve) => setTimeout(resolve, 2_100));

    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'too late',
    });

    expect(put.status).toBe(403);
    expect(await put.text()).toMatch(/expired/i);
    expect(await runtime.store.head(k)).toBeUndefined();
  });

  it('refuses an unsigned request and one with a tampered signature', async () => {
    const k = key();
    await runtime.store.putStream(k, Buffer.from('private'), 'text/plain', 7);
    const url = new URL(await runtime.store.presignGet(k, 60));

    const anonymous = await fetch(`${url.origin}${url.pathname}`);
    url.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const tampered = await fetch(url);

    expect(anonymous.status).toBe(403);
    expect(tampered.status).toBe(403);
  });
});

describe('object operations', () => {
  it('reads the first bytes, and deleting twice is safe', async () => {
    const k = key();
    await runtime.store.putStream(k, Buffer.from('%PDF-1.7 rest of file'), 'application/pdf', 21);

    expect((await runtime.store.readFirstBytes(k, 8)).toString()).toBe('%PDF-1.7');
    await runtime.store.delete(k);
    await runtime.store.delete(k);
    expect(await runtime.store.head(k)).toBeUndefined();
  });

  it('reports the bucket as existing once it was created', async () => {
    expect(await runtime.store.ensureBucket()).toBe('exists');
  });
});
