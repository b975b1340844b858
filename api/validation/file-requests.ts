import { z } from 'zod';
import { KEY_SEGMENT } from '../../core/storage-keys';

/** S3 refuses a multipart upload of more parts than this. */
export const MAX_MULTIPART_PARTS = 10_000;

const sourceType = z.string().trim().min(1).max(63);
const sourceId = z
  .string()
  .trim()
  .regex(KEY_SEGMENT, 'must be 1-128 letters, digits, ".", "_", ":" or "-", starting alphanumeric');
const filename = z.string().min(1).max(1024);
/** type/subtype with optional parameters; the exact string is signed into the upload. */
const contentType = z
  .string()
  .trim()
  .max(255)
  .regex(/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"]*"|[\w.+-]+))*$/, 'must be a MIME type');
const sizeBytes = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const uploadUrlBody = z.strictObject({
  sourceType,
  sourceId,
  filename,
  contentType,
  sizeBytes,
  /** PUT by default; POST for browsers that upload with a form and a size-bounded policy. */
  uploadMethod: z.enum(['PUT', 'POST']).default('PUT'),
});

export const multipartBody = z.strictObject({
  sourceType,
  sourceId,
  filename,
  contentType,
  sizeBytes: sizeBytes.min(1),
});

export const completeBody = z
  .strictObject({
    parts: z
      .array(
        z.strictObject({
          partNumber: z.number().int().min(1).max(MAX_MULTIPART_PARTS),
          etag: z.string().min(1).max(200),
        }),
      )
      .min(1)
      .max(MAX_MULTIPART_PARTS)
      .optional(),
  })
  .default({});

/** Server-side upload form fields; they must come before the file part in the form. */
export const serverUploadFields = z.strictObject({
  sourceType,
  sourceId,
  sizeBytes: z.coerce.number().pipe(sizeBytes),
  /** Overrides the type the browser put on the file part. */
  contentType: contentType.optional(),
});

export const serverUploadFilename = filename;

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuery = z.strictObject({
  sourceType: sourceType.optional(),
  sourceId: sourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
  includeDeleted: booleanFlag.default(false),
});

export const parentParams = z.object({ sourceType, sourceId });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A file id the service could have issued; anything else cannot name a file. */
export const isFileId = (value: string) => UUID.test(value);
