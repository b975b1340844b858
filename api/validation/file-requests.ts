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
  .regex(
    /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"]*"|[\w.+-]+))*$/,
    'must be a MIME type such as text/plain',
  );
/** What a size field says when it is not a number of bytes, and when it is missing. */
export const WHOLE_BYTES = 'must be a whole number of bytes';
const BYTES_REQUIRED = 'is required: a whole number of bytes';

/**
 * A declared size. Any number passes here, however large and whole or not: a size over the
 * source type's cap is refused as FILE_TOO_LARGE (413) by the policy check, which also asks for
 * a whole number once the size fits (api/upload-policy.ts). JSON's 1e400 is Infinity: too large.
 */
const sizeBytes = z
  .custom<number>((v) => typeof v === 'number' && !Number.isNaN(v), {
    error: (issue) =>
      issue.input === undefined || issue.input === null ? BYTES_REQUIRED : WHOLE_BYTES,
  })
  .refine((v) => v >= 0, { error: 'must be a whole number of bytes, not below 0' });

/** A form field's text as a number; an empty or absent field stays missing. */
const formNumber = (v: unknown) =>
  typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v;

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
  sizeBytes: sizeBytes.refine((v) => v >= 1, { error: 'must be at least 1 byte' }),
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
  sizeBytes: z.preprocess(formNumber, sizeBytes),
  /** Overrides the type the browser put on the file part. */
  contentType: contentType.optional(),
});

export const serverUploadFilename = filename;

const PAGE_SIZE = 'must be a whole number from 1 to 100';

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuery = z.strictObject({
  sourceType: sourceType.optional(),
  sourceId: sourceId.optional(),
  limit: z.preprocess(
    formNumber,
    z
      .number({ error: PAGE_SIZE })
      .int({ error: PAGE_SIZE })
      .min(1, { error: PAGE_SIZE })
      .max(100, { error: PAGE_SIZE })
      .default(50),
  ),
  cursor: z.string().max(200).optional(),
  includeDeleted: booleanFlag.default(false),
});

export const parentParams = z.object({ sourceType, sourceId });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A file id the service could have issued; anything else cannot name a file. */
export const isFileId = (value: string) => UUID.test(value);
