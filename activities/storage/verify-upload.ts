import { ApplicationFailure } from '@temporalio/activity';
import type { ErrorCode } from '../../core/errors';
import { getSourcePolicy, isMimeTypeAllowed } from '../../core/source-policies';
import { activityLog } from '../activity-log';
import { judgeContent, SNIFF_BYTES } from './content-type';
import type { StorageActivityDeps } from './deps';

export interface VerifyUploadInput {
  fileId: string;
  workspaceId: string;
  sourceType: string;
  storageKey: string;
  /** The type the uploader declared (and signed the URL for). */
  contentType: string;
  declaredSizeBytes?: number;
}

export interface VerifiedUpload {
  sizeBytes: number;
  detectedContentType: string;
  etag?: string;
  /** Whether the source type's policy wants AI metadata, decided here and kept in the history. */
  aiMetadata: boolean;
}

/** Codes with which verification refuses an object; the workflow rejects the file on them. */
type VerificationCode = Extract<
  ErrorCode,
  | 'UNKNOWN_SOURCE_TYPE'
  | 'UPLOAD_MISSING'
  | 'FILE_TOO_LARGE'
  | 'UPLOAD_SIZE_MISMATCH'
  | 'CONTENT_TYPE_MISMATCH'
  | 'MIME_TYPE_NOT_ALLOWED'
>;

const refuse = (code: VerificationCode, message: string, details?: Record<string, unknown>) =>
  ApplicationFailure.create({ type: code, message, nonRetryable: true, details: [details] });

/**
 * Inspects what arrived at the key: that it exists, that its size fits the policy and the
 * declaration, and that its first bytes are of the declared, allowed type. Reads only the head
 * of the object. Refusals are non-retryable failures typed with their error code; the workspace
 * quota is checked against the real size when the row is marked ready (markFileReady).
 */
export function verifyUpload(deps: StorageActivityDeps) {
  return async (input: VerifyUploadInput): Promise<VerifiedUpload> => {
    const log = activityLog(deps.logger, input);
    try {
      const verified = await inspect(deps, input);
      log.info(
        { sizeBytes: verified.sizeBytes, detectedContentType: verified.detectedContentType },
        'upload verified',
      );
      return verified;
    } catch (error) {
      if (error instanceof ApplicationFailure) log.warn({ code: error.type }, 'upload refused');
      throw error;
    }
  };
}

async function inspect(
  deps: StorageActivityDeps,
  input: VerifyUploadInput,
): Promise<VerifiedUpload> {
  const policy = getSourcePolicy(input.sourceType);
  if (!policy) {
    throw refuse('UNKNOWN_SOURCE_TYPE', `No policy exists for source type ${input.sourceType}.`);
  }

  const info = await deps.store.head(input.storageKey);
  if (!info) throw refuse('UPLOAD_MISSING', 'Nothing was uploaded for this file.');
  const sizeBytes = info.sizeBytes;
  if (sizeBytes > policy.maxSizeBytes) {
    throw refuse(
      'FILE_TOO_LARGE',
      `The file is ${sizeBytes} bytes; ${policy.sourceType} allows at most ${policy.maxSizeBytes}.`,
      { sizeBytes, maxSizeBytes: policy.maxSizeBytes },
    );
  }
  const declared = input.declaredSizeBytes;
  if (declared !== undefined && declared !== sizeBytes) {
    throw refuse(
      'UPLOAD_SIZE_MISMATCH',
      `The file is ${sizeBytes} bytes but ${declared} were declared.`,
      {
        sizeBytes,
        declaredSizeBytes: declared,
      },
    );
  }

  // A ranged read of an empty object is refused by some stores; there is nothing to sniff.
  const sample =
    sizeBytes === 0
      ? Buffer.alloc(0)
      : await deps.store.readFirstBytes(input.storageKey, SNIFF_BYTES);
  const verdict = await judgeContent(input.contentType, sample, sizeBytes > sample.length);
  if (!verdict.ok) throw refuse('CONTENT_TYPE_MISMATCH', verdict.message);
  const detectedContentType = verdict.detectedContentType;
  if (!isMimeTypeAllowed(policy, detectedContentType)) {
    throw refuse(
      'MIME_TYPE_NOT_ALLOWED',
      `${detectedContentType} files are not allowed for ${policy.sourceType}.`,
    );
  }

  return { sizeBytes, detectedContentType, etag: info.etag, aiMetadata: policy.aiMetadata };
}
