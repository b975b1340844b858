/**
 * What each source type may store: allowed MIME types, the size cap, the key prefix and whether
 * its files get AI metadata. A new uploadable surface is one more entry here, with a short
 * snake_case slug. Each cap can be changed by a setting (UPLOAD_MAX_BYTES_<SOURCE_TYPE>), which
 * the process applies once at start-up (core/runtime.ts). Pure data: workflow code may import it.
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

/** The families the built-in policies are made of, by the names the README uses for them. */
export const MIME_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  documents: DOCUMENTS,
  images: IMAGES,
  media: MEDIA,
  archives: ARCHIVES,
};

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

/** Caps set by configuration, by source type; they replace the policies' own. */
let configuredCaps: Readonly<Record<string, number>> = {};

/** The policies this module ships with, with their own caps (for documentation checks). */
export function builtInSourcePolicies(): readonly SourcePolicy[] {
  return BUILT_IN;
}

/** The setting that overrides a source type's cap, e.g. UPLOAD_MAX_BYTES_DRIVE_FILE. */
export const sizeCapSetting = (sourceType: string) =>
  `UPLOAD_MAX_BYTES_${sourceType.toUpperCase()}`;

/** Applies the configured caps (replacing any applied before); {} restores the policies' own. */
export function configureSizeCaps(caps: Readonly<Record<string, number>>): void {
  configuredCaps = { ...caps };
}

/** Registers (or replaces) the policy of a source type; the slug must be short snake_case. */
export function registerSourcePolicy(policy: SourcePolicy): void {
  if (!SOURCE_SLUG.test(policy.sourceType)) {
    throw new Error(`source type "${policy.sourceType}" must be a short snake_case slug`);
  }
  registry.set(policy.sourceType, policy);
}

export function getSourcePolicy(sourceType: string): SourcePolicy | undefined {
  const policy = registry.get(sourceType);
  const cap = Object.hasOwn(configuredCaps, sourceType) ? configuredCaps[sourceType] : undefined;
  return policy && cap !== undefined ? { ...policy, maxSizeBytes: cap } : policy;
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
