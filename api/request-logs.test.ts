import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Runtime } from '../core/runtime';
import { signToken } from '../core/auth';
import { sendToStore, settled, waitForFile } from '../test/support/file-api';
import type { Json } from '../test/support/http';
import { testRuntime } from '../test/support/runtime';
import { startUploadsWorker, type UploadsWorker } from '../test/support/worker';
import { createApp } from './app';
import { lazyQueryEmbedder } from './query-embedder';

/**
 * What the API writes to its log while it serves a file's requests: every line carries the id
 * of the request it belongs to, and the lines about a file name the file, its workspace and its
 * workflow, so that one request (or one file) can be followed through the log.
 */
let runtime: Runtime;
let worker: UploadsWorker;
let server: Server;
let baseUrl: string;
let token: string;
const lines: Json[] = [];
const WS = `ws-log-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  runtime = testRuntime();
  worker = await startUploadsWorker({ runtime });
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  const app = createApp({
    ...runtime,
    config: worker.config,
    logger,
    temporal: worker.client,
    queryEmbedder: lazyQueryEmbedder(worker.config.ai),
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = signToken({ userId: 'user-log', workspaces: [WS] }, worker.config.auth, 3600);
});

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await worker?.stop();
  await runtime?.close();
});

/** Sends one request with a request id of its own; answers its body and its log lines. */
async function traced(path: string, init: RequestInit = {}) {
  const requestId = `req-${randomUUID()}`;
  const res = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId, ...init.headers },
  });
  const body: Json = await res.json();
  // pino-http writes its "request completed" line once the response has finished.
  await new Promise((resolve) => setImmediate(resolve));
  return { res, body, requestId, lines: lines.filter((line) => line.requestId === requestId) };
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('the log lines of a request', () => {
  it('all carry its request id, and those about a file name the file', async () => {
    lines.length = 0;
    const bytes = Buffer.from('a line of text to log about\n');

    const issued = await traced(
      `/workspaces/${WS}/files/upload-url`,
      postJson({
        sourceType: 'drive_file',
        sourceId: 'folder-log',
        filename: 'log.txt',
        contentType: 'text/plain',
        sizeBytes: bytes.length,
      }),
    );
    const { fileId, workflowId } = issued.body;
    await sendToStore(issued.body.upload, bytes);
    const completed = await traced(`/workspaces/${WS}/files/${fileId}/complete`, {
      method: 'POST',
    });
    const read = await traced(`/workspaces/${WS}/files/${fileId}`);
    const ready = await waitForFile(apiOf(), WS, fileId, settled);
    const linked = await traced(`/workspaces/${WS}/files/${fileId}/download-url`);
    const fileIds = { fileId, workspaceId: WS, workflowId };

    expect(issued.res.status).toBe(201);
    expect(ready.status).toBe('ready');
    expect(lines.filter((line) => typeof line.requestId !== 'string')).toEqual([]);
    expect(issued.res.headers.get('x-request-id')).toBe(issued.requestId);
    expect(issued.lines).toEqual([
      expect.objectContaining({ msg: 'upload registered', ...fileIds }),
      expect.objectContaining({
        msg: 'request completed',
        res: expect.objectContaining({ statusCode: 201 }),
      }),
    ]);
    expect(completed.lines).toEqual([
      expect.objectContaining({ msg: 'upload completion signalled', ...fileIds }),
      expect.objectContaining({ msg: 'request completed' }),
    ]);
    expect(read.lines.map((line) => line.msg)).toEqual(['request completed']);
    expect(linked.lines).toEqual([
      expect.objectContaining({ msg: 'download url issued', ...fileIds }),
      expect.objectContaining({ msg: 'request completed' }),
    ]);
  });

  it('of a refused server-side upload carry its request id too', async () => {
    lines.length = 0;
    const form = new FormData();
    form.append('sourceType', 'drive_file');
    form.append('sourceId', 'folder-log');
    form.append('sizeBytes', '4');
    form.append('file', new Blob(['more than four bytes'], { type: 'text/plain' }), 'long.txt');

    const refused = await traced(`/workspaces/${WS}/files`, { method: 'POST', body: form });
    const fileId = refused.body.error.details.fileId;

    expect(refused.res.status).toBe(413);
    expect(lines.filter((line) => typeof line.requestId !== 'string')).toEqual([]);
    expect(refused.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'upload registered',
          fileId,
          workspaceId: WS,
          workflowId: `file-${fileId}`,
        }),
        expect.objectContaining({
          msg: 'request completed',
          res: expect.objectContaining({ statusCode: 413 }),
        }),
      ]),
    );
  });

  it('of a refused request name its error code, and a refused token asks for a bearer', async () => {
    lines.length = 0;

    const missing = await traced(`/workspaces/${WS}/files/${randomUUID()}`);
    const stranger = await traced(`/workspaces/${WS}/usage`, {
      headers: { authorization: 'Bearer not-a-token' },
    });

    expect(missing.res.status).toBe(404);
    expect(missing.lines.at(-1)).toMatchObject({
      msg: 'request completed',
      errorCode: 'NOT_FOUND',
    });
    expect(stranger.res.status).toBe(401);
    expect(stranger.res.headers.get('www-authenticate')).toBe('Bearer');
    expect(stranger.lines.at(-1)).toMatchObject({ errorCode: 'UNAUTHENTICATED' });
  });
});

/** waitForFile's view of this app, for reading a file back the way a client does. */
function apiOf() {
  return {
    call: async (path: string) => {
      const res = await fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
    },
  } as Parameters<typeof waitForFile>[0];
}
