import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { runActivity } from '../../test/support/activity-env';
import { testRuntime } from '../../test/support/runtime';
import { createStorageActivities } from '.';

let runtime: Runtime;
let activities: ReturnType<typeof createStorageActivities>;
const run = runActivity;

beforeAll(() => {
  runtime = testRuntime();
  activities = createStorageActivities({ store: runtime.store, logger: runtime.logger });
});

afterAll(async () => {
  await runtime.close();
});

function file() {
  const fileId = randomUUID();
  return {
    fileId,
    workspaceId: 'ws-multipart',
    storageKey: `ws-multipart/recording/call-1/${fileId}-call.webm`,
    contentType: 'video/webm',
  };
}

/** Uploads one part through its presigned URL, as a browser does, and returns its ETag. */
async function putPart(key: string, uploadId: string, partNumber: number, body: string) {
  const url = await runtime.store.presignUploadPart(key, uploadId, partNumber, 60);
  const response = await fetch(url, { method: 'PUT', body });
  expect(response.status).toBe(200);
  return { partNumber, etag: response.headers.get('etag')! };
}

describe('a multipart upload', () => {
  it('is created once, even when its creation is retried', async () => {
    const f = file();

    const first = await run(activities.startMultipartUpload, f);
    const retried = await run(activities.startMultipartUpload, f);

    expect(retried).toBe(first);
    expect(await runtime.store.listMultipartUploadIds(f.storageKey)).toEqual([first]);
    await run(activities.abortMultipartUploads, f);
  });

  it('is joined from its parts, and joining it again succeeds without change', async () => {
    const f = file();
    const uploadId = await run(activities.startMultipartUpload, f);
    const part = await putPart(f.storageKey, uploadId, 1, 'the only part');

    await run(activities.completeMultipartUpload, { ...f, uploadId, parts: [part] });
    await run(activities.completeMultipartUpload, { ...f, uploadId, parts: [part] });

    expect((await runtime.store.head(f.storageKey))?.sizeBytes).toBe(13);
    expect(await runtime.store.listMultipartUploadIds(f.storageKey)).toEqual([]);
  });

  it('is refused for good when the part list does not match the upload', async () => {
    const f = file();
    const uploadId = await run(activities.startMultipartUpload, f);
    await putPart(f.storageKey, uploadId, 1, 'a part');

    const error = await run(activities.completeMultipartUpload, {
      ...f,
      uploadId,
      parts: [{ partNumber: 1, etag: '"0123456789abcdef0123456789abcdef"' }],
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'UPLOAD_INCOMPLETE', nonRetryable: true });
    await run(activities.abortMultipartUploads, f);
  });

  it('is aborted with its parts, including uploads the workflow never heard of', async () => {
    const f = file();
    const known = await runtime.store.createMultipartUpload(f.storageKey, f.contentType);
    await runtime.store.createMultipartUpload(f.storageKey, f.contentType);
    await putPart(f.storageKey, known, 1, 'orphan bytes');

    const aborted = await run(activities.abortMultipartUploads, { ...f, multipartUploadId: known });

    expect(aborted).toBe(2);
    expect(await runtime.store.listMultipartUploadIds(f.storageKey)).toEqual([]);
  });
});

describe('removing a file object', () => {
  it('deletes the object, and deleting it again succeeds', async () => {
    const f = file();
    await runtime.store.putStream(f.storageKey, Buffer.from('bytes'), 'video/webm', 5);

    await run(activities.removeObject, f);
    await run(activities.removeObject, f);

    expect(await runtime.store.head(f.storageKey)).toBeUndefined();
  });

  it('touches no other key, not even one that shares its prefix', async () => {
    const f = file();
    const neighbour = `${f.storageKey}.keep`;
    await runtime.store.putStream(f.storageKey, Buffer.from('mine'), 'video/webm', 4);
    await runtime.store.putStream(neighbour, Buffer.from('theirs'), 'video/webm', 6);
    const neighbourUpload = await runtime.store.createMultipartUpload(neighbour, 'video/webm');

    await run(activities.removeObject, f);

    expect(await runtime.store.head(neighbour)).toBeDefined();
    expect(await runtime.store.listMultipartUploadIds(neighbour)).toEqual([neighbourUpload]);
    await runtime.store.abortMultipartUpload(neighbour, neighbourUpload);
    await runtime.store.delete(neighbour);
  });
});
