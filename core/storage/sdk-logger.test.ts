import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { testConfig } from '../../test/support/runtime';
import { createLogger } from '../logger';
import { buildS3Clients } from './clients';

const STREAMING_NOTICE = 'An error was encountered in a non-retryable streaming request.';

/** A streamed upload that fails half-way, as the API's size guard ends an oversized one. */
async function failedStreamingUpload(clients: ReturnType<typeof buildS3Clients>) {
  const config = testConfig();
  const body = new Readable({ read() {} });
  body.push(Buffer.alloc(64 * 1024, 1));
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 200);
  await expect(
    clients.internal.send(
      new PutObjectCommand({
        Bucket: config.storage.bucket,
        Key: 'sdk-logger/interrupted.bin',
        Body: body,
        ContentLength: 1024 * 1024,
      }),
      { abortSignal: abort.signal },
    ),
  ).rejects.toThrow();
  clients.internal.destroy();
}

describe("the storage clients' SDK notices", () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => warn.mockRestore());

  it('go to the structured log at debug, not to the console', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      level: 'debug',
      name: 'test',
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });

    await failedStreamingUpload(buildS3Clients(testConfig().storage, logger));

    expect(warn).not.toHaveBeenCalled();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        msg: 'storage client said',
        sdk: [STREAMING_NOTICE],
      }),
    );
  });

  it('reach the console from a client without a logger (what the service avoids)', async () => {
    await failedStreamingUpload(buildS3Clients(testConfig().storage));

    expect(warn).toHaveBeenCalledWith(STREAMING_NOTICE);
  });
});
