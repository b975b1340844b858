import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ERROR_CODES, type ErrorCode } from '../core/errors';
import type { ApiResponse, Json } from '../test/support/http';
import { startTestApi, type TestApi } from '../test/support/http';

/**
 * How the API says no to a request it cannot read or route: always the one error shape, with
 * the status the catalogue gives the code, and never a 500 for the client's mistake. None of
 * these requests reaches a workflow.
 */
let api: TestApi;
const WS = `ws-err-${randomUUID().slice(0, 8)}`;
const BODY_LIMIT = 1024;
const someId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  api = await startTestApi(
    { userId: 'user-err', workspaces: [WS] },
    { HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
  );
});

afterAll(async () => {
  await api?.close();
});

/** The status and code together, the status the catalogue's, and the body in its one shape. */
function expectError(res: ApiResponse, status: number, code: ErrorCode) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(ERROR_CODES[code]).toBe(status);
  expect(res.body).toEqual({
    error: expect.objectContaining({ code, message: expect.stringMatching(/\w.*\.$/) }),
  });
}

const uploadUrl = `/workspaces/${WS}/files/upload-url`;
const upload = {
  sourceType: 'drive_file',
  sourceId: 'folder-1',
  filename: 'a.txt',
  contentType: 'text/plain',
  sizeBytes: 5,
};
const rowCount = () => api.runtime.db.models.FileMetadata.count({ where: { workspaceId: WS } });

describe('a body the JSON parser refuses', () => {
  it('is 413 BODY_TOO_LARGE when it is over HTTP_BODY_LIMIT_BYTES', async () => {
    const res = await api.call(uploadUrl, {
      method: 'POST',
      body: JSON.stringify({ ...upload, filename: 'a'.repeat(BODY_LIMIT) }),
      headers: { 'content-type': 'application/json' },
    });

    expectError(res, 413, 'BODY_TOO_LARGE');
    expect(res.body.error.message).toContain(`${BODY_LIMIT} bytes`);
  });

  it('is 415 UNSUPPORTED_MEDIA_TYPE for a charset other than UTF-8', async () => {
    const res = await api.call(uploadUrl, {
      method: 'POST',
      body: JSON.stringify(upload),
      headers: { 'content-type': 'application/json; charset=latin1' },
    });

    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toMatch(/latin1.*UTF-8/i);
  });

  it('is 415 UNSUPPORTED_MEDIA_TYPE for a Content-Encoding it cannot undo', async () => {
    const res = await api.call(uploadUrl, {
      method: 'POST',
      body: JSON.stringify(upload),
      headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
    });

    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toContain('compress');
  });

  it('is 400 VALIDATION_FAILED when a gzipped body does not unpack', async () => {
    const res = await api.call(uploadUrl, {
      method: 'POST',
      body: gzipSync(JSON.stringify(upload)).subarray(0, 12).toString('latin1'),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });

    expectError(res, 400, 'VALIDATION_FAILED');
  });
});

describe('a JSON route sent a body that is not declared as JSON', () => {
  it.each([
    ['without a Content-Type', undefined, /without a Content-Type/],
    ['as text/plain', 'text/plain', /came as text\/plain/],
    ['as a URL-encoded form', 'application/x-www-form-urlencoded', /urlencoded/],
  ])('is 415 and says to send JSON with its header, %s', async (_how, type, detail) => {
    const before = await rowCount();

    const res = await fetch(`${api.url}${uploadUrl}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.tokenFor('user-err', [WS])}`,
        ...(type && { 'content-type': type }),
      },
      body: new TextEncoder().encode(JSON.stringify(upload)),
    });
    const body: Json = await res.json();

    expectError({ status: res.status, headers: res.headers, body }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(body.error.message).toContain('Content-Type: application/json');
    expect(body.error.message).toMatch(detail);
    expect(await rowCount()).toBe(before);
  });

  it('is let through when there is no body at all, for routes whose body is optional', async () => {
    const res = await fetch(`${api.url}/workspaces/${WS}/files/${someId}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokenFor('user-err', [WS])}` },
    });

    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).error.code).toBe('NOT_FOUND');
  });
});

describe('the server-side upload sent something other than a form', () => {
  it('is 415 and says how to send the form', async () => {
    const res = await api.call(`/workspaces/${WS}/files`, { method: 'POST', body: upload });

    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toContain('multipart/form-data');
  });
});

describe('a known path asked with a method it does not serve', () => {
  it.each([
    ['PUT', `/workspaces/${WS}/files/${someId}`, 'DELETE, GET, HEAD'],
    ['PATCH', `/workspaces/${WS}/files`, 'GET, HEAD, POST'],
    ['GET', `/workspaces/${WS}/files/${someId}/complete`, 'POST'],
    ['GET', `/workspaces/${WS}/files/upload-url`, 'POST'],
    ['DELETE', `/workspaces/${WS}/files/multipart`, 'POST'],
    ['DELETE', `/workspaces/${WS}/usage`, 'GET, HEAD'],
    ['PUT', `/workspaces/${WS}/backfill`, 'GET, HEAD, POST'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('%s %s is 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
    const res = await api.call(path, { method });

    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body.error.details).toEqual({ allowed: allow.split(', ') });
  });

  it('still needs a valid token first', async () => {
    const res = await api.call(`/workspaces/${WS}/files/${someId}`, {
      method: 'PUT',
      token: null,
    });

    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('leaves a path that nothing serves at 404', async () => {
    const [inside, outside] = await Promise.all([
      api.call(`/workspaces/${WS}/folders/${someId}`, { method: 'PUT' }),
      api.call('/nothing-here'),
    ]);

    expectError(inside, 404, 'NOT_FOUND');
    expectError(outside, 404, 'NOT_FOUND');
  });
});
