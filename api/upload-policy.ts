import { ServiceError } from '../core/errors';
import { WHOLE_BYTES } from './validation/file-requests';
import { fieldProblem, invalid } from './validation/parse';
import {
  getSourcePolicy,
  isMimeTypeAllowed,
  knownSourceTypes,
  type SourcePolicy,
} from '../core/source-policies';

/** What a caller says it is about to upload, before any byte has arrived. */
export interface DeclaredUpload {
  sourceType: string;
  contentType: string;
  /** Absent only on paths where the size is learnt while the bytes stream in. */
  sizeBytes?: number;
}

/**
 * The source type's policy, once the declared upload fits it. Each way of not fitting has its
 * own code so that a client can tell the user what to change. A size over the cap is too large
 * whatever else is wrong with it; only a size that fits must also be a whole number.
 */
export function policyFor(upload: DeclaredUpload): SourcePolicy {
  const policy = policyForSourceType(upload.sourceType);

  if (!isMimeTypeAllowed(policy, upload.contentType)) {
    throw new ServiceError(
      'MIME_TYPE_NOT_ALLOWED',
      `Files of type ${upload.contentType} cannot be attached to ${policy.sourceType}.`,
      { contentType: upload.contentType, allowed: policy.allowedMimeTypes },
    );
  }

  if (upload.sizeBytes !== undefined && upload.sizeBytes > policy.maxSizeBytes) {
    throw tooLarge(policy.sourceType, policy.maxSizeBytes, upload.sizeBytes);
  }
  if (upload.sizeBytes !== undefined && !Number.isSafeInteger(upload.sizeBytes)) {
    throw invalid('request', [fieldProblem('sizeBytes', WHOLE_BYTES)]);
  }
  return policy;
}

/** The policy of a source type, or UNKNOWN_SOURCE_TYPE naming the ones that exist. */
export function policyForSourceType(sourceType: string): SourcePolicy {
  const policy = getSourcePolicy(sourceType);
  if (!policy) {
    throw new ServiceError('UNKNOWN_SOURCE_TYPE', `Files cannot be attached to "${sourceType}".`, {
      sourceType,
      known: knownSourceTypes(),
    });
  }
  return policy;
}

export function tooLarge(sourceType: string, maxSizeBytes: number, sizeBytes?: number) {
  return new ServiceError(
    'FILE_TOO_LARGE',
    `Files attached to ${sourceType} may be at most ${maxSizeBytes} bytes.`,
    { maxSizeBytes, ...(sizeBytes !== undefined && Number.isFinite(sizeBytes) && { sizeBytes }) },
  );
}
