/**
 * What each source type may store: allowed MIME types, the size cap, the key prefix and whether
 * its files get AI metadata. A new uploadable surface is one more entry here, with a short
 * snake_case slug. Pure data: workflow code may import it.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface SourcePolicy {
  sourceType: string;
  /** Exact MIME types, or a family such as `image/*`. */
  allowedMimeTypes: readonly string[];
  maxSizeBytes: number;
  /** Which configured per-purpose prefix (S3_RECORDINGS_PREFIX, S3_COMPLIANCE_PREFIX) applies. */
  prefix?: 'recordings' | 'compliance';
  aiMetadata: boolean;
}

const DOCUMENTS = [
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
  'text/plain',
  'text/markdown',
  'text/csv',
  'text/html',
  'application/json',
] as const;

const IMAGES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/tiff'] as const;
const MEDIA = ['audio/*', 'video/*'] as const;
const ARCHIVES = ['application/zip'] as const;

export const SOURCE_SLUG = /^[a-z][a-z0-9_]{0,62}$/;

const BUILT_IN: readonly SourcePolicy[] = [
  {
    sourceType: 'drive_file',
    allowedMimeTypes: [...DOCUMENTS, ...IMAGES, ...MEDIA, ...ARCHIVES],
    maxSizeBytes: 5 * GiB,
    aiMetadata: true,
  },
  {
    sourceType: 'task_attachment',
    allowedMimeTypes: [...DOCUMENTS, ...IMAGES, ...ARCHIVES],
    maxSizeBytes: 100 * MiB,
    aiMetadata: true,
  },
  {
    sourceType: 'compliance_document',
    allowedMimeTypes: [...DOCUMENTS, ...IMAGES],
    maxSizeBytes: 200 * MiB,
    prefix: 'compliance',
    aiMetadata: true,
  },
  {
    sourceType: 'crm_record_attachment',
    allowedMimeTypes: [...DOCUMENTS, ...IMAGES],
    maxSizeBytes: 50 * MiB,
    aiMetadata: false,
  },
  {
    sourceType: 'recording',
    allowedMimeTypes: [...MEDIA],
    maxSizeBytes: 10 * GiB,
    prefix: 'recordings',
    aiMetadata: true,
  },
];

const registry = new Map<string, SourcePolicy>(BUILT_IN.map((p) => [p.sourceType, p]));

/** Registers (or replaces) the policy of a source type; the slug must be short snake_case. */
export function registerSourcePolicy(policy: SourcePolicy): void {
  if (!SOURCE_SLUG.test(policy.sourceType)) {
    throw new Error(`source type "${policy.sourceType}" must be a short snake_case slug`);
  }
  registry.set(policy.sourceType, policy);
}

export function getSourcePolicy(sourceType: string): SourcePolicy | undefined {
  return registry.get(sourceType);
}

export function knownSourceTypes(): string[] {
  return [...registry.keys()];
}

/** True when the MIME type (parameters ignored) is allowed by the policy. */
export function isMimeTypeAllowed(policy: SourcePolicy, mimeType: string): boolean {
  const bare = mimeType.split(';')[0]!.trim().toLowerCase();
  return policy.allowedMimeTypes.some((allowed) =>
    allowed.endsWith('/*') ? bare.startsWith(allowed.slice(0, -1)) : allowed === bare,
  );
}
