import type { ApiResponse, Json, TestApi } from './http';

export interface NewUpload {
  sourceType?: string;
  sourceId?: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  uploadMethod?: 'PUT' | 'POST';
  /** Declared size; the length of `bytes` unless a test lies on purpose. */
  sizeBytes?: number;
}

/** POST /files/upload-url for an upload; the response as the API gave it. */
export function askUploadUrl(api: TestApi, workspaceId: string, upload: NewUpload) {
  return api.call(`/workspaces/${workspaceId}/files/upload-url`, {
    method: 'POST',
    body: {
      sourceType: upload.sourceType ?? 'drive_file',
      sourceId: upload.sourceId ?? 'folder-1',
      filename: upload.filename,
      contentType: upload.contentType,
      sizeBytes: upload.sizeBytes ?? upload.bytes.length,
      ...(upload.uploadMethod && { uploadMethod: upload.uploadMethod }),
    },
  });
}

/** Sends the bytes to the store the way a browser follows the `upload` part of the answer. */
export async function sendToStore(upload: Json, bytes: Buffer): Promise<Response> {
  if (upload.method === 'POST') {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields as Record<string, string>)) {
      form.append(name, value);
    }
    form.append('file', new Blob([bytes]), 'file');
    return fetch(upload.url, { method: 'POST', body: form });
  }
  return fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
}

/** Upload URL, bytes to the store, then `complete`: the whole browser flow. */
export async function uploadFile(api: TestApi, workspaceId: string, upload: NewUpload) {
  const issued = await askUploadUrl(api, workspaceId, upload);
  if (issued.status !== 201) {
    throw new Error(`upload-url answered ${issued.status}: ${JSON.stringify(issued.body)}`);
  }
  const stored = await sendToStore(issued.body.upload, upload.bytes);
  if (!stored.ok) throw new Error(`the store answered ${stored.status}: ${await stored.text()}`);
  const completed = await complete(api, workspaceId, issued.body.fileId);
  return { issued: issued.body, completed };
}

export function complete(api: TestApi, workspaceId: string, fileId: string, body: Json = {}) {
  return api.call(`/workspaces/${workspaceId}/files/${fileId}/complete`, { method: 'POST', body });
}

/** Polls GET /files/:id until the file satisfies `done` (or 30 s pass); the last answer. */
export async function waitForFile(
  api: TestApi,
  workspaceId: string,
  fileId: string,
  done: (file: Json) => boolean,
  timeoutMs = 30_000,
): Promise<Json> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res: ApiResponse = await api.call(`/workspaces/${workspaceId}/files/${fileId}`);
    if (res.status === 200 && done(res.body)) return res.body;
    if (Date.now() > until) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export const settled = (file: Json) =>
  ['ready', 'rejected', 'abandoned', 'deleted'].includes(file.status);

/** Downloads a file the way a browser follows a download URL. */
export async function download(api: TestApi, workspaceId: string, fileId: string) {
  const issued = await api.call(`/workspaces/${workspaceId}/files/${fileId}/download-url`);
  if (issued.status !== 200) return { issued, response: undefined, bytes: undefined };
  const response = await fetch(issued.body.url);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { issued, response, bytes };
}

/** Probes until `done` holds (or the time is up) and returns the last value seen. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}
