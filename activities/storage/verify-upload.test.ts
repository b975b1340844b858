import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { registerSourcePolicy } from '../../core/source-policies';
import { runActivity } from '../../test/support/activity-env';
import { testRuntime } from '../../test/support/runtime';
import { sampleExecutable, samplePdf, samplePng } from '../../test/support/sample-files';
import { createStorageActivities, type VerifyUploadInput } from '.';

let runtime: Runtime;
let activities: ReturnType<typeof createStorageActivities>;

beforeAll(() => {
  runtime = testRuntime();
  activities = createStorageActivities({ store: runtime.store, logger: runtime.logger });
  registerSourcePolicy({
    sourceType: 'tiny_note',
    allowedMimeTypes: ['text/plain'],
    maxSizeBytes: 16,
    aiMetadata: false,
  });
});

afterAll(async () => {
  await runtime.close();
});

/** Puts `bytes` where a browser would have, and verifies them as declared. */
async function verify(bytes: Buffer | undefined, declared: Partial<VerifyUploadInput> = {}) {
  const fileId = randomUUID();
  const storageKey = `ws-verify/drive_file/src-1/${fileId}-upload`;
  if (bytes)
    await runtime.store.putStream(storageKey, bytes, 'application/octet-stream', bytes.length);
  const input: VerifyUploadInput = {
    fileId,
    workspaceId: 'ws-verify',
    sourceType: 'drive_file',
    storageKey,
    contentType: 'application/pdf',
    declaredSizeBytes: bytes?.length,
    ...declared,
  };
  return runActivity(activities.verifyUpload, input);
}

/** The refusal a verification ended with: its code, and whether a retry could ever help. */
async function refusalOf(verification: Promise<unknown>) {
  const error = await verification.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  return { code: failure.type, nonRetryable: failure.nonRetryable, message: failure.message };
}

describe('verifying an uploaded object', () => {
  it('accepts a real PDF and reports its size and type', async () => {
    const pdf = samplePdf('Quarterly report');

    const verified = await verify(pdf);

    expect(verified).toMatchObject({
      sizeBytes: pdf.length,
      detectedContentType: 'application/pdf',
      aiMetadata: true,
    });
  });

  it('accepts a real PNG', async () => {
    const png = samplePng();

    const verified = await verify(png, { contentType: 'image/png' });

    expect(verified).toMatchObject({ sizeBytes: png.length, detectedContentType: 'image/png' });
  });

  it('accepts text, CSV and Markdown by their bytes, which carry no magic number', async () => {
    const text = Buffer.from('Grüße aus Köln — naïve café, 東京\n');
    const csv = Buffer.from('name,amount\nrent,1200\n');
    const markdown = Buffer.from('# Notes\n\n- first\n');

    const results = await Promise.all([
      verify(text, { contentType: 'text/plain; charset=utf-8' }),
      verify(csv, { contentType: 'text/csv' }),
      verify(markdown, { contentType: 'text/markdown' }),
    ]);

    expect(results.map((r) => r.detectedContentType)).toEqual([
      'text/plain',
      'text/csv',
      'text/markdown',
    ]);
  });

  it('refuses an executable declared as a PDF', async () => {
    const refusal = await refusalOf(verify(sampleExecutable()));

    expect(refusal).toEqual({
      code: 'CONTENT_TYPE_MISMATCH',
      nonRetryable: true,
      message:
        'The file was declared as application/pdf but its bytes are application/x-msdownload.',
    });
  });

  it('refuses binary bytes declared as text', async () => {
    const refusal = await refusalOf(verify(samplePng(), { contentType: 'text/plain' }));

    expect(refusal.code).toBe('CONTENT_TYPE_MISMATCH');
  });

  it('refuses an object larger than its source type allows', async () => {
    const refusal = await refusalOf(
      verify(Buffer.from('seventeen bytes!!'), {
        sourceType: 'tiny_note',
        contentType: 'text/plain',
      }),
    );

    expect(refusal).toMatchObject({ code: 'FILE_TOO_LARGE', nonRetryable: true });
  });

  it('refuses an object whose size differs from the declared one', async () => {
    const refusal = await refusalOf(verify(samplePdf(), { declaredSizeBytes: 10 }));

    expect(refusal).toMatchObject({ code: 'UPLOAD_SIZE_MISMATCH', nonRetryable: true });
  });

  it('refuses a type its source type does not allow, even when the bytes match', async () => {
    const refusal = await refusalOf(
      verify(samplePng(), { sourceType: 'recording', contentType: 'image/png' }),
    );

    expect(refusal.code).toBe('MIME_TYPE_NOT_ALLOWED');
  });

  it('refuses when nothing was uploaded', async () => {
    const refusal = await refusalOf(verify(undefined, { declaredSizeBytes: 1234 }));

    expect(refusal).toEqual({
      code: 'UPLOAD_MISSING',
      nonRetryable: true,
      message: 'Nothing was uploaded for this file.',
    });
  });
});
