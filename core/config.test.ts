import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, SETTING_NAMES } from './config';
import { builtInSourcePolicies, sizeCapSetting } from './source-policies';

const base = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  AUTH_JWT_SECRET: 'a'.repeat(32),
};

const s3 = {
  S3_ENDPOINT_URL: 'http://rustfs:9000',
  S3_BUCKET_NAME: 'files',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
};

const r2 = {
  R2_ACCOUNT_ID: 'acct123',
  R2_ACCESS_KEY_ID: 'r2key',
  R2_SECRET_ACCESS_KEY: 'r2secret',
  R2_BUCKET_NAME: 'r2files',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('storage settings', () => {
  it('prefers S3_* over R2_* when both are set', () => {
    const config = loadConfig({ ...base, ...s3, ...r2 });

    expect(config.storage).toMatchObject({
      source: 's3',
      endpoint: 'http://rustfs:9000',
      bucket: 'files',
      accessKeyId: 'key',
      region: 'auto',
    });
  });

  it('falls back to R2_* when S3_ENDPOINT_URL is unset', () => {
    const config = loadConfig({ ...base, ...r2 });

    expect(config.storage).toMatchObject({
      source: 'r2',
      endpoint: 'https://acct123.r2.cloudflarestorage.com',
      bucket: 'r2files',
      accessKeyId: 'r2key',
      secretAccessKey: 'r2secret',
      region: 'auto',
    });
  });

  it('lets each S3_* setting that is set win over its R2_* fallback', () => {
    const config = loadConfig({
      ...base,
      ...r2,
      S3_BUCKET_NAME: 's3files',
      S3_SECRET_ACCESS_KEY: 's3secret',
    });

    expect(config.storage).toMatchObject({
      source: 'r2',
      endpoint: 'https://acct123.r2.cloudflarestorage.com',
      bucket: 's3files',
      accessKeyId: 'r2key',
      secretAccessKey: 's3secret',
    });
  });

  it('completes an R2 account with S3_* credentials alone', () => {
    const config = loadConfig({
      ...base,
      R2_ACCOUNT_ID: 'acct123',
      S3_BUCKET_NAME: 'files',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
    });

    expect(config.storage).toMatchObject({
      source: 'r2',
      bucket: 'files',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
    });
  });

  it('keeps the public endpoint only when it differs from the internal one', () => {
    const split = loadConfig({ ...base, ...s3, S3_PUBLIC_ENDPOINT_URL: 'https://x.io/storage' });
    const same = loadConfig({ ...base, ...s3, S3_PUBLIC_ENDPOINT_URL: 'http://rustfs:9000/' });

    expect(split.storage.publicEndpoint).toBe('https://x.io/storage');
    expect(same.storage.publicEndpoint).toBeUndefined();
  });

  it('normalises per-purpose prefixes', () => {
    const config = loadConfig({ ...base, ...s3, S3_RECORDINGS_PREFIX: '/recordings/' });

    expect(config.storage.prefixes).toEqual({ recordings: 'recordings/', compliance: '' });
  });

  it('names the missing variables of an incomplete R2 fallback', () => {
    const problems = problemsOf({ ...base, R2_ACCOUNT_ID: 'acct' });

    expect(problems).toEqual(
      expect.arrayContaining([
        'R2_ACCESS_KEY_ID: is required with R2_ACCOUNT_ID (or set S3_ACCESS_KEY_ID)',
        'R2_SECRET_ACCESS_KEY: is required with R2_ACCOUNT_ID (or set S3_SECRET_ACCESS_KEY)',
        'R2_BUCKET_NAME: is required with R2_ACCOUNT_ID (or set S3_BUCKET_NAME)',
      ]),
    );
  });

  it('asks for an endpoint when neither family is configured', () => {
    expect(problemsOf(base)).toEqual([
      'S3_ENDPOINT_URL: is required (or set R2_ACCOUNT_ID and the other R2_* settings)',
    ]);
  });
});

describe('validation', () => {
  it('reports every bad variable together, each by name', () => {
    const problems = problemsOf({
      ...s3,
      DATABASE_URL: 'mysql://nope',
      AUTH_JWT_SECRET: 'short',
      PORT: 'eighty',
      UPLOAD_URL_TTL_SECONDS: '3600',
      WORKSPACE_QUOTAS: '{"ws": "lots"}',
    });

    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'AUTH_JWT_SECRET',
        'PORT',
        'UPLOAD_URL_TTL_SECONDS',
        'WORKSPACE_QUOTAS',
      ]),
    );
    expect(problems).toContain('UPLOAD_URL_TTL_SECONDS: must be at most 900 (15 min)');
  });

  it('applies the documented defaults', () => {
    const config = loadConfig({ ...base, ...s3 });

    expect(config.http.port).toBe(3000);
    expect(config.limits.uploadUrlTtlSeconds).toBe(900);
    expect(config.limits.downloadUrlTtlSeconds).toBe(300);
    expect(config.temporal.taskQueues).toEqual({
      uploads: 'file-uploads',
      analysis: 'file-analysis',
    });
    expect(config.temporal).toMatchObject({ callTimeoutMs: 20_000, queryTimeoutMs: 5_000 });
    expect(config.http.healthCheckTimeoutMs).toBe(3_000);
    expect(config.limits.serverUploadFormOverheadBytes).toBe(64 * 1024);
  });

  it('keeps the registration shorter than the API waits for it', () => {
    const problems = problemsOf({
      ...base,
      ...s3,
      REGISTER_TIMEOUT_SECONDS: '20',
      TEMPORAL_CALL_TIMEOUT_MS: '20000',
    });
    const fits = loadConfig({
      ...base,
      ...s3,
      REGISTER_TIMEOUT_SECONDS: '25',
      TEMPORAL_CALL_TIMEOUT_MS: '30000',
    });

    expect(problems).toEqual([
      "REGISTER_TIMEOUT_SECONDS: must be below TEMPORAL_CALL_TIMEOUT_MS (20000 ms), the API's wait for the registration",
    ]);
    expect(fits.activities.registerTimeoutSeconds).toBe(25);
    expect(fits.temporal.callTimeoutMs).toBe(30_000);
  });

  it('keeps the analysis heartbeating often enough for its heartbeat timeout', () => {
    const problems = problemsOf({
      ...base,
      ...s3,
      AI_HEARTBEAT_INTERVAL_SECONDS: '9',
      ANALYSIS_HEARTBEAT_SECONDS: '10',
    });
    const fits = loadConfig({
      ...base,
      ...s3,
      AI_HEARTBEAT_INTERVAL_SECONDS: '2',
      ANALYSIS_HEARTBEAT_SECONDS: '10',
    });

    expect(problems).toEqual([
      'AI_HEARTBEAT_INTERVAL_SECONDS: must be below 0.8 of ANALYSIS_HEARTBEAT_SECONDS (10 s), or a healthy analysis would be taken for dead',
    ]);
    expect(fits.ai.heartbeatIntervalMs).toBe(2_000);
  });

  it('parses per-workspace quotas', () => {
    const config = loadConfig({ ...base, ...s3, WORKSPACE_QUOTAS: '{"ws-1": 1024}' });

    expect(config.limits.workspaceQuotas).toEqual({ 'ws-1': 1024 });
  });
});

describe('source type size caps', () => {
  it('reads one cap per source type from UPLOAD_MAX_BYTES_<SOURCE_TYPE>', () => {
    const config = loadConfig({
      ...base,
      ...s3,
      UPLOAD_MAX_BYTES_TASK_ATTACHMENT: '1048576',
      UPLOAD_MAX_BYTES_RECORDING: ' 21474836480 ',
      UPLOAD_MAX_BYTES_DRIVE_FILE: '',
    });

    expect(config.limits.sourceTypeMaxBytes).toEqual({
      task_attachment: 1_048_576,
      recording: 20 * 1024 ** 3,
    });
  });

  it('names every bad cap together with the other bad variables', () => {
    const problems = problemsOf({
      ...base,
      ...s3,
      PORT: 'eighty',
      UPLOAD_MAX_BYTES_SPACESHIP_PART: '10',
      UPLOAD_MAX_BYTES_DRIVE_FILE: '5GB',
      UPLOAD_MAX_BYTES_RECORDING: '0',
    });

    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'PORT',
      'UPLOAD_MAX_BYTES_DRIVE_FILE',
      'UPLOAD_MAX_BYTES_RECORDING',
      'UPLOAD_MAX_BYTES_SPACESHIP_PART',
    ]);
    expect(problems).toContain(
      'UPLOAD_MAX_BYTES_DRIVE_FILE: must be a whole number of bytes above 0',
    );
    expect(problems.find((p) => p.startsWith('UPLOAD_MAX_BYTES_SPACESHIP_PART'))).toMatch(
      /names no source type \(known: drive_file, .*recording/,
    );
  });
});

describe('.env.example', () => {
  const example = readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
  const documented = new Set(
    [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]),
  );

  it('documents every setting the schema reads', () => {
    expect(SETTING_NAMES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents the size cap setting of every built-in source type', () => {
    const names = builtInSourcePolicies().map((policy) => sizeCapSetting(policy.sourceType));

    expect(names.filter((name) => !documented.has(name))).toEqual([]);
  });
});
