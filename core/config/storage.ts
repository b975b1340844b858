import { z } from 'zod';
import { optionalText, optionalUrl, prefix } from './fields';

/** The object store: the S3_* family, and the legacy R2_* family as its fallback. */
export const storageEnvShape = {
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
};

type StorageEnv = z.infer<z.ZodObject<typeof storageEnvShape>>;

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

/** With R2_ACCOUNT_ID, each R2_* setting stands in for its S3_* one only when that is unset. */
const R2_FALLBACKS = [
  ['R2_ACCESS_KEY_ID', 'S3_ACCESS_KEY_ID'],
  ['R2_SECRET_ACCESS_KEY', 'S3_SECRET_ACCESS_KEY'],
  ['R2_BUCKET_NAME', 'S3_BUCKET_NAME'],
] as const;

/** Which family applies, and that it is complete; issues join the one report of bad variables. */
export function checkStorageEnv(env: StorageEnv, ctx: z.RefinementCtx): void {
  const usesS3 = env.S3_ENDPOINT_URL !== undefined;
  if (usesS3) {
    for (const name of ['S3_BUCKET_NAME', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required with S3_ENDPOINT_URL' });
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
  for (const [r2, s3] of R2_FALLBACKS) {
    if (!env[r2] && !env[s3]) {
      ctx.addIssue({
        code: 'custom',
        path: [r2],
        message: `is required with R2_ACCOUNT_ID (or set ${s3})`,
      });
    }
  }
}

export function storageConfigFrom(env: StorageEnv): StorageConfig {
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
  // Cloudflare R2 exposes one S3 endpoint per account, and calls its region "auto" (the default
  // of S3_REGION). Any S3_* setting that is set still wins over its R2_* counterpart.
  const endpoint = `https://${env.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`;
  const publicEndpoint = env.S3_PUBLIC_ENDPOINT_URL;
  return {
    source: 'r2',
    endpoint,
    publicEndpoint:
      publicEndpoint && !sameUrl(publicEndpoint, endpoint) ? publicEndpoint : undefined,
    bucket: (env.S3_BUCKET_NAME ?? env.R2_BUCKET_NAME)!,
    region: env.S3_REGION,
    accessKeyId: (env.S3_ACCESS_KEY_ID ?? env.R2_ACCESS_KEY_ID)!,
    secretAccessKey: (env.S3_SECRET_ACCESS_KEY ?? env.R2_SECRET_ACCESS_KEY)!,
    prefixes,
  };
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
