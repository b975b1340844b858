import { ApplicationFailure } from '@temporalio/activity';
import { isNotFound } from '../../core/storage';
import { activityLog, type FileIds } from '../activity-log';
import type { StorageActivityDeps } from './deps';

export interface StartMultipartInput extends FileIds {
  storageKey: string;
  contentType: string;
}

export interface CompleteMultipartInput extends FileIds {
  storageKey: string;
  uploadId: string;
  parts: { partNumber: number; etag: string }[];
}

/** Errors with which a store refuses a part list: retrying the same list cannot help. */
const BAD_PART_LIST = new Set([
  'InvalidPart',
  'InvalidPartOrder',
  'EntityTooSmall',
  'MalformedXML',
]);

/**
 * Creates the multipart upload of a file's key, or returns the one already made for it: a retry
 * after a lost answer must not leave a second, never-used upload behind. Keys are unique per
 * file, so any unfinished upload of the key is this file's.
 */
export function startMultipartUpload(deps: StorageActivityDeps) {
  return async (input: StartMultipartInput): Promise<string> => {
    const log = activityLog(deps.logger, input);

    const [existing] = await deps.store.listMultipartUploadIds(input.storageKey);
    if (existing) {
      log.info({ reused: true }, 'multipart upload started');
      return existing;
    }

    const uploadId = await deps.store.createMultipartUpload(input.storageKey, input.contentType);
    log.info({ reused: false }, 'multipart upload started');
    return uploadId;
  };
}

/**
 * Joins the uploaded parts into the object. Completing twice is safe: when the store no longer
 * knows the upload but the object is there, an earlier attempt completed it.
 */
export function completeMultipartUpload(deps: StorageActivityDeps) {
  return async (input: CompleteMultipartInput): Promise<void> => {
    const log = activityLog(deps.logger, input);
    if (input.parts.length === 0) {
      throw incomplete('The completion listed no parts.');
    }

    const parts = [...input.parts].sort((a, b) => a.partNumber - b.partNumber);
    try {
      await deps.store.completeMultipartUpload(input.storageKey, input.uploadId, parts);
    } catch (error) {
      if (isNotFound(error) && (await deps.store.head(input.storageKey))) {
        log.info({ parts: parts.length }, 'multipart upload was already completed');
        return;
      }
      const name = (error as { name?: string }).name ?? '';
      if (isNotFound(error) || BAD_PART_LIST.has(name)) {
        log.warn({ parts: parts.length, storeError: name }, 'multipart completion refused');
        throw incomplete(`The store refused the part list (${name}).`);
      }
      throw error;
    }
    log.info({ parts: parts.length }, 'multipart upload completed');
  };
}

const incomplete = (message: string) =>
  ApplicationFailure.create({ type: 'UPLOAD_INCOMPLETE', message, nonRetryable: true });
