import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../../test/support/http';

/**
 * Who may reach which file. None of these requests may start a workflow or touch a row: each is
 * refused before anything happens.
 */
let api: TestApi;
const OWN = `ws-own-${randomUUID().slice(0, 8)}`;
const OTHER = `ws-other-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  api = await startTestApi({ userId: 'user-access', workspaces: [OWN] });
});

afterAll(async () => {
  await api?.close();
});

const someId = '00000000-0000-4000-8000-000000000000';
const uploadBody = {
  sourceType: 'drive_file',
  sourceId: 'doc-1',
  filename: 'a.txt',
  contentType: 'text/plain',
  sizeBytes: 5,
};
const routes: { method: string; path: string; body?: unknown }[] = [
  { method: 'POST', path: '/files/upload-url', body: uploadBody },
  { method: 'POST', path: '/files/multipart', body: uploadBody },
  { method: 'POST', path: '/files' },
  { method: 'POST', path: `/files/${someId}/complete`, body: {} },
  { method: 'GET', path: `/files/${someId}` },
  { method: 'GET', path: '/files' },
  { method: 'GET', path: `/files/${someId}/download-url` },
  { method: 'DELETE', path: `/files/${someId}` },
  { method: 'DELETE', path: '/sources/drive_file/doc-1/files' },
  { method: 'GET', path: '/usage' },
];

describe('every file route', () => {
  it.each(routes)(
    '$method $path refuses a caller without a valid token (401)',
    async ({ method, path, body }) => {
      const missing = await api.call(`/workspaces/${OWN}${path}`, { method, body, token: null });
      const forged = await api.call(`/workspaces/${OWN}${path}`, {
        method,
        body,
        token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      });

      expect(missing.status).toBe(401);
      expect(missing.body.error.code).toBe('UNAUTHENTICATED');
      expect(forged.status).toBe(401);
    },
  );

  it.each(routes)(
    '$method $path refuses a member of another workspace (403)',
    async ({ method, path, body }) => {
      const res = await api.call(`/workspaces/${OTHER}${path}`, { method, body });

      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    },
  );
});

describe('a file of another workspace', () => {
  let foreignFileId: string;
  let both: string;

  beforeAll(async () => {
    foreignFileId = randomUUID();
    await api.runtime.db.models.FileMetadata.create({
      id: foreignFileId,
      workspaceId: OTHER,
      sourceType: 'drive_file',
      sourceId: 'doc-1',
      storageKey: `${OTHER}/drive_file/doc-1/${foreignFileId}-a.txt`,
      filename: 'a.txt',
      contentType: 'text/plain',
      declaredSizeBytes: 5,
      sizeBytes: 5,
      uploadedById: 'someone',
      status: 'ready',
      workflowId: `file-${foreignFileId}`,
    });
    // The caller belongs to both workspaces but names the wrong one in the path.
    both = api.tokenFor('user-both', [OWN, OTHER]);
  });

  it.each([
    ['GET', ''],
    ['GET', '/download-url'],
    ['POST', '/complete'],
    ['DELETE', ''],
  ])('is not found through %s /files/:id%s of this workspace', async (method, suffix) => {
    const res = await api.call(`/workspaces/${OWN}/files/${foreignFileId}${suffix}`, {
      method,
      token: both,
    });

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('is left out of this workspace listing and usage', async () => {
    const list = await api.call(`/workspaces/${OWN}/files`, { token: both });
    const usage = await api.call(`/workspaces/${OWN}/usage`, { token: both });

    expect(list.body.files.map((f: { fileId: string }) => f.fileId)).not.toContain(foreignFileId);
    expect(usage.body.fileCount).toBe(0);
  });
});

describe('a file id the service never issued', () => {
  it.each([
    { method: 'POST', path: `/files/${randomUUID()}/complete`, body: {} },
    { method: 'DELETE', path: `/files/${randomUUID()}` },
    { method: 'GET', path: `/files/${randomUUID()}` },
    { method: 'POST', path: '/files/not-a-uuid/complete', body: {} },
    { method: 'DELETE', path: '/files/..%2F..%2Fetc' },
  ])('$method $path is 404 and registers nothing', async ({ method, path, body }) => {
    const count = () => api.runtime.db.models.FileMetadata.count({ where: { workspaceId: OWN } });
    const before = await count();

    const res = await api.call(`/workspaces/${OWN}${path}`, { method, body });

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(await count()).toBe(before);
  });
});
