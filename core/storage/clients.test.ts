import { loadConfig } from '../config';
import { buildS3Clients } from './clients';
import { ObjectStore } from './object-store';

const base = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  AUTH_JWT_SECRET: 'a'.repeat(32),
  S3_ENDPOINT_URL: 'http://rustfs:9000',
  S3_BUCKET_NAME: 'files',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
};

async function endpointOf(client: { config: { endpoint?: unknown } }): Promise<string> {
  const provider = client.config.endpoint as () => Promise<{
    protocol: string;
    hostname: string;
    port?: number;
    path: string;
  }>;
  const e = await provider();
  return `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}${e.path}`;
}

describe('S3 clients', () => {
  it('builds only the internal client when there is no separate public endpoint', async () => {
    const clients = buildS3Clients(loadConfig(base).storage);

    expect(clients.public).toBeUndefined();
    expect(await endpointOf(clients.internal)).toBe('http://rustfs:9000/');
    expect(clients.internal.config.forcePathStyle).toBe(true);
  });

  it('builds a public client on the public origin when the endpoints differ', async () => {
    const config = loadConfig({ ...base, S3_PUBLIC_ENDPOINT_URL: 'https://files.example.com' });
    const clients = buildS3Clients(config.storage);

    expect(clients.public).toBeDefined();
    expect(await endpointOf(clients.public!)).toBe('https://files.example.com/');
    expect(clients.publicPathPrefix).toBe('');
  });

  it('points R2 fallback clients at the account endpoint with region auto', async () => {
    const clients = buildS3Clients(
      loadConfig({
        DATABASE_URL: base.DATABASE_URL,
        AUTH_JWT_SECRET: base.AUTH_JWT_SECRET,
        R2_ACCOUNT_ID: 'acct123',
        R2_ACCESS_KEY_ID: 'r2key',
        R2_SECRET_ACCESS_KEY: 'r2secret',
        R2_BUCKET_NAME: 'r2files',
      }).storage,
    );

    expect(await endpointOf(clients.internal)).toBe('https://acct123.r2.cloudflarestorage.com/');
    expect(await clients.internal.config.region()).toBe('auto');
    const credentials = await clients.internal.config.credentials();
    expect(credentials.accessKeyId).toBe('r2key');
  });

  it('signs browser URLs for the public origin and serves them under the proxy prefix', async () => {
    const config = loadConfig({
      ...base,
      S3_PUBLIC_ENDPOINT_URL: 'https://app.example.com/storage',
    });
    const store = new ObjectStore(buildS3Clients(config.storage), 'files');

    const url = new URL(await store.presignPut('ws/drive_file/1/a.txt', 'text/plain', 60));

    expect(url.origin).toBe('https://app.example.com');
    expect(url.pathname).toBe('/storage/files/ws/drive_file/1/a.txt');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it('sends checksums only when an operation requires them', async () => {
    const clients = buildS3Clients(loadConfig(base).storage);

    expect(await clients.internal.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await clients.internal.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
  });
});
