import { z } from 'zod';
import type { ActivitySettings } from './activity-settings';
import {
  aiConfigFrom,
  aiEnvShape,
  checkAiEnv,
  type AiConfig,
  type SearchConfig,
} from './ai-config';

/**
 * The one place the service reads its settings. Entry points call loadConfig(process.env) once
 * at start-up; every other module receives the parsed object (or the part of it it needs).
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const optionalUrl = optionalText.pipe(z.url().optional());
const prefix = optionalText.transform((v) => (v === undefined ? '' : v.replace(/^\/+/, '')));

const quotaMap = optionalText.transform((raw, ctx) => {
  if (raw === undefined) return {};
  try {
    const parsed = z.record(z.string(), z.number().int().nonnegative()).parse(JSON.parse(raw));
    return parsed;
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a JSON object of workspace id to byte limit, e.g. {"ws-1": 1073741824}',
    });
    return z.NEVER;
  }
});

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
      .default('info'),
    HOST: z.string().default('127.0.0.1'),
    PORT: positive(3000).pipe(z.number().max(65535)),

    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    DATABASE_POOL_MAX: positive(10),

    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_UI_URL: optionalUrl,
    TASK_QUEUE_UPLOADS: z.string().min(1).default('file-uploads'),
    TASK_QUEUE_ANALYSIS: z.string().min(1).default('file-analysis'),

    S3_ENDPOINT_URL: optionalUrl,
    S3_PUBLIC_ENDPOINT_URL: optionalUrl,
    S3_BUCKET_NAME: optionalText,
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
    S3_REGION: z.string().trim().min(1).default('auto'),
    S3_RECORDINGS_PREFIX: prefix,
    S3_COMPLIANCE_PREFIX: prefix,
    R2_ACCOUNT_ID: optionalText,
    R2_ACCESS_KEY_ID: optionalText,
    R2_SECRET_ACCESS_KEY: optionalText,
    R2_BUCKET_NAME: optionalText,

    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
    AUTH_JWT_ISSUER: optionalText,
    AUTH_JWT_AUDIENCE: optionalText,

    UPLOAD_URL_TTL_SECONDS: positive(900).pipe(z.number().max(900, 'must be at most 900 (15 min)')),
    DOWNLOAD_URL_TTL_SECONDS: positive(300).pipe(z.number().max(3600)),
    UPLOAD_GRACE_SECONDS: int(3600),
    DELETE_RETENTION_SECONDS: int(7 * 24 * 3600),
    SERVER_UPLOAD_MAX_BYTES: positive(10 * MiB),
    MULTIPART_PART_SIZE_BYTES: positive(16 * MiB).pipe(z.number().min(5 * MiB)),
    WORKSPACE_QUOTA_BYTES: positive(10 * GiB),
    WORKSPACE_QUOTAS: quotaMap,
    HTTP_BODY_LIMIT_BYTES: positive(64 * 1024),

    // Timeouts and retries of the file workflow's activities (workflows/file-lifecycle/settings).
    ACTIVITY_START_TO_CLOSE_SECONDS: positive(60),
    ACTIVITY_RETRY_INITIAL_SECONDS: positive(1),
    ACTIVITY_RETRY_MAX_INTERVAL_SECONDS: positive(600),
    REGISTER_MAX_ATTEMPTS: positive(3),
    REGISTER_TIMEOUT_SECONDS: positive(15),
    MULTIPART_COMPLETE_TIMEOUT_SECONDS: positive(900),
    ANALYSIS_START_TO_CLOSE_SECONDS: positive(1800),
    ANALYSIS_HEARTBEAT_SECONDS: positive(300),
    ANALYSIS_RETRY_INITIAL_SECONDS: positive(30),
    ANALYSIS_MAX_ATTEMPTS: positive(5),

    BACKFILL_FILES_PER_MINUTE: positive(10),
    BACKFILL_MAX_CONCURRENT_WORKSPACES: positive(4),
    BACKFILL_FILES_PER_RUN: positive(500),
    BACKFILL_PAGE_SIZE: positive(100).pipe(z.number().max(1000)),
    BACKFILL_SCHEDULE_CRON: z.string().trim().min(1).default('0 3 * * *'),

    ...aiEnvShape,
  })
  .superRefine(checkAiEnv)
  .superRefine((env, ctx) => {
    const usesS3 = env.S3_ENDPOINT_URL !== undefined;
    if (usesS3) {
      for (const name of ['S3_BUCKET_NAME', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[name]) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required with S3_ENDPOINT_URL',
          });
        }
      }
      return;
    }
    if (!env.R2_ACCOUNT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_ENDPOINT_URL'],
        message: 'is required (or set R2_ACCOUNT_ID and the other R2_* settings)',
      });
      return;
    }
    for (const name of ['R2_ACCESS_KEY_ID', 'R2_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required with R2_ACCOUNT_ID' });
      }
    }
    if (!env.R2_BUCKET_NAME && !env.S3_BUCKET_NAME) {
      ctx.addIssue({
        code: 'custom',
        path: ['R2_BUCKET_NAME'],
        message: 'is required with R2_ACCOUNT_ID (or set S3_BUCKET_NAME)',
      });
    }
  });

type Env = z.infer<typeof envSchema>;

export interface StorageConfig {
  /** Which family of settings produced this: the S3_* names, or the legacy R2_* fallback. */
  source: 's3' | 'r2';
  endpoint: string;
  /** Set only when browsers reach the store through another origin than the service does. */
  publicEndpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefixes: { recordings: string; compliance: string };
}

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  http: { host: string; port: number; bodyLimitBytes: number };
  database: { url: string; poolMax: number };
  temporal: {
    address: string;
    namespace: string;
    uiUrl?: string;
    taskQueues: { uploads: string; analysis: string };
  };
  storage: StorageConfig;
  auth: { jwtSecret: string; issuer?: string; audience?: string };
  limits: {
    uploadUrlTtlSeconds: number;
    downloadUrlTtlSeconds: number;
    uploadGraceSeconds: number;
    deleteRetentionSeconds: number;
    serverUploadMaxBytes: number;
    multipartPartSizeBytes: number;
    workspaceQuotaBytes: number;
    workspaceQuotas: Record<string, number>;
  };
  backfill: {
    filesPerMinute: number;
    maxConcurrentWorkspaces: number;
    /** Files one run handles before it continues as new, keeping its history bounded. */
    filesPerRun: number;
    pageSize: number;
    /** When the nightly backfill of every workspace starts (cron syntax, UTC). */
    scheduleCron: string;
  };
  /** Timeouts and retries of the file workflow's activities, handed to it in its input. */
  activities: ActivitySettings;
  ai: AiConfig;
  search: SearchConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function storageFrom(env: Env): StorageConfig {
  const prefixes = { recordings: env.S3_RECORDINGS_PREFIX, compliance: env.S3_COMPLIANCE_PREFIX };
  if (env.S3_ENDPOINT_URL) {
    const publicEndpoint = env.S3_PUBLIC_ENDPOINT_URL;
    const differs = publicEndpoint !== undefined && !sameUrl(publicEndpoint, env.S3_ENDPOINT_URL);
    return {
      source: 's3',
      endpoint: env.S3_ENDPOINT_URL,
      publicEndpoint: differs ? publicEndpoint : undefined,
      bucket: env.S3_BUCKET_NAME!,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID!,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
      prefixes,
    };
  }
  // Cloudflare R2 exposes one S3 endpoint per account; its region is always "auto".
  const endpoint = `https://${env.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`;
  const publicEndpoint = env.S3_PUBLIC_ENDPOINT_URL;
  return {
    source: 'r2',
    endpoint,
    publicEndpoint:
      publicEndpoint && !sameUrl(publicEndpoint, endpoint) ? publicEndpoint : undefined,
    bucket: (env.R2_BUCKET_NAME ?? env.S3_BUCKET_NAME)!,
    region: 'auto',
    accessKeyId: env.R2_ACCESS_KEY_ID!,
    secretAccessKey: env.R2_SECRET_ACCESS_KEY!,
    prefixes,
  };
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** Parses and checks every setting at once; throws a ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
      const value = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : '';
      return `${name}: ${value || issue.message}`;
    });
    throw new ConfigError(problems);
  }

  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    http: { host: env.HOST, port: env.PORT, bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES },
    database: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      uiUrl: env.TEMPORAL_UI_URL,
      taskQueues: { uploads: env.TASK_QUEUE_UPLOADS, analysis: env.TASK_QUEUE_ANALYSIS },
    },
    storage: storageFrom(env),
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET,
      issuer: env.AUTH_JWT_ISSUER,
      audience: env.AUTH_JWT_AUDIENCE,
    },
    limits: {
      uploadUrlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
      downloadUrlTtlSeconds: env.DOWNLOAD_URL_TTL_SECONDS,
      uploadGraceSeconds: env.UPLOAD_GRACE_SECONDS,
      deleteRetentionSeconds: env.DELETE_RETENTION_SECONDS,
      serverUploadMaxBytes: env.SERVER_UPLOAD_MAX_BYTES,
      multipartPartSizeBytes: env.MULTIPART_PART_SIZE_BYTES,
      workspaceQuotaBytes: env.WORKSPACE_QUOTA_BYTES,
      workspaceQuotas: env.WORKSPACE_QUOTAS,
    },
    backfill: {
      filesPerMinute: env.BACKFILL_FILES_PER_MINUTE,
      maxConcurrentWorkspaces: env.BACKFILL_MAX_CONCURRENT_WORKSPACES,
      filesPerRun: env.BACKFILL_FILES_PER_RUN,
      pageSize: env.BACKFILL_PAGE_SIZE,
      scheduleCron: env.BACKFILL_SCHEDULE_CRON,
    },
    activities: {
      startToCloseSeconds: env.ACTIVITY_START_TO_CLOSE_SECONDS,
      retryInitialSeconds: env.ACTIVITY_RETRY_INITIAL_SECONDS,
      retryMaxIntervalSeconds: env.ACTIVITY_RETRY_MAX_INTERVAL_SECONDS,
      registerMaxAttempts: env.REGISTER_MAX_ATTEMPTS,
      registerTimeoutSeconds: env.REGISTER_TIMEOUT_SECONDS,
      multipartCompleteSeconds: env.MULTIPART_COMPLETE_TIMEOUT_SECONDS,
      analysis: {
        startToCloseSeconds: env.ANALYSIS_START_TO_CLOSE_SECONDS,
        heartbeatSeconds: env.ANALYSIS_HEARTBEAT_SECONDS,
        retryInitialSeconds: env.ANALYSIS_RETRY_INITIAL_SECONDS,
        maxAttempts: env.ANALYSIS_MAX_ATTEMPTS,
      },
    },
    ...aiConfigFrom(env),
  };
}
