import { z } from 'zod';
import { getSourcePolicy, knownSourceTypes } from '../source-policies';
import { GiB, int, MiB, optionalText, positive } from './fields';

/** Sizes, lifetimes and quotas of uploads and downloads. */

const quotaMap = optionalText.transform((raw, ctx) => {
  if (raw === undefined) return {};
  try {
    return z.record(z.string(), z.number().int().nonnegative()).parse(JSON.parse(raw));
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a JSON object of workspace id to byte limit, e.g. {"ws-1": 1073741824}',
    });
    return z.NEVER;
  }
});

export const limitsEnvShape = {
  UPLOAD_URL_TTL_SECONDS: positive(900).pipe(z.number().max(900, 'must be at most 900 (15 min)')),
  DOWNLOAD_URL_TTL_SECONDS: positive(300).pipe(z.number().max(3600)),
  UPLOAD_GRACE_SECONDS: int(3600),
  DELETE_RETENTION_SECONDS: int(7 * 24 * 3600),
  SERVER_UPLOAD_MAX_BYTES: positive(10 * MiB),
  /** Room for a form's boundaries and fields around its file, on top of the cap above. */
  SERVER_UPLOAD_FORM_OVERHEAD_BYTES: positive(64 * 1024),
  MULTIPART_PART_SIZE_BYTES: positive(16 * MiB).pipe(z.number().min(5 * MiB)),
  WORKSPACE_QUOTA_BYTES: positive(10 * GiB),
  WORKSPACE_QUOTAS: quotaMap,
};

type LimitsEnv = z.infer<z.ZodObject<typeof limitsEnvShape>>;

export interface LimitsConfig {
  uploadUrlTtlSeconds: number;
  downloadUrlTtlSeconds: number;
  uploadGraceSeconds: number;
  deleteRetentionSeconds: number;
  serverUploadMaxBytes: number;
  serverUploadFormOverheadBytes: number;
  multipartPartSizeBytes: number;
  workspaceQuotaBytes: number;
  workspaceQuotas: Record<string, number>;
  /** Size caps set by UPLOAD_MAX_BYTES_<SOURCE_TYPE>, by source type, over the policies' own. */
  sourceTypeMaxBytes: Record<string, number>;
}

export function limitsConfigFrom(
  env: LimitsEnv,
  sourceTypeMaxBytes: Record<string, number>,
): LimitsConfig {
  return {
    uploadUrlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
    downloadUrlTtlSeconds: env.DOWNLOAD_URL_TTL_SECONDS,
    uploadGraceSeconds: env.UPLOAD_GRACE_SECONDS,
    deleteRetentionSeconds: env.DELETE_RETENTION_SECONDS,
    serverUploadMaxBytes: env.SERVER_UPLOAD_MAX_BYTES,
    serverUploadFormOverheadBytes: env.SERVER_UPLOAD_FORM_OVERHEAD_BYTES,
    multipartPartSizeBytes: env.MULTIPART_PART_SIZE_BYTES,
    workspaceQuotaBytes: env.WORKSPACE_QUOTA_BYTES,
    workspaceQuotas: env.WORKSPACE_QUOTAS,
    sourceTypeMaxBytes,
  };
}

const CAP_SETTING = /^UPLOAD_MAX_BYTES_([A-Z][A-Z0-9_]*)$/;

/**
 * The UPLOAD_MAX_BYTES_<SOURCE_TYPE> settings. Their names depend on the registered source
 * types, so they are read beside the schema rather than in it; their problems join the same
 * report. Each must name a known source type and be a whole number of bytes above zero.
 */
export function sourceSizeCapsFrom(source: Record<string, string | undefined>): {
  caps: Record<string, number>;
  problems: string[];
} {
  const caps: Record<string, number> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(source)) {
    const match = CAP_SETTING.exec(name);
    const value = raw?.trim();
    if (!match || !value) continue;

    const sourceType = match[1]!.toLowerCase();
    if (!getSourcePolicy(sourceType)) {
      problems.push(`${name}: names no source type (known: ${knownSourceTypes().join(', ')})`);
      continue;
    }
    const bytes = Number(value);
    if (!/^\d+$/.test(value) || bytes < 1 || !Number.isSafeInteger(bytes)) {
      problems.push(`${name}: must be a whole number of bytes above 0`);
      continue;
    }
    caps[sourceType] = bytes;
  }
  return { caps, problems };
}
