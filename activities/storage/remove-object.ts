import { activityLog, type FileIds } from '../activity-log';
import type { StorageActivityDeps } from './deps';

export interface RemoveUploadInput extends FileIds {
  storageKey: string;
  /** The upload the workflow knows of; any other unfinished upload of the key goes too. */
  multipartUploadId?: string;
}

/**
 * Aborts every unfinished multipart upload of the file's key, so that no part keeps costing
 * storage and no late part can still be joined into an object. Safe to repeat.
 */
export function abortMultipartUploads(deps: StorageActivityDeps) {
  return async (input: RemoveUploadInput): Promise<number> => {
    const log = activityLog(deps.logger, input);

    const listed = await deps.store.listMultipartUploadIds(input.storageKey);
    const ids = new Set(input.multipartUploadId ? [input.multipartUploadId, ...listed] : listed);
    for (const id of ids) await deps.store.abortMultipartUpload(input.storageKey, id);

    if (ids.size > 0) log.info({ aborted: ids.size }, 'multipart uploads aborted');
    return ids.size;
  };
}

/**
 * Removes the file's object and any unfinished multipart upload of its key. Deleting only ever
 * touches the key the workflow was started with, and deleting what is already gone succeeds, so
 * a retry can neither fail on its own earlier success nor remove another file.
 */
export function removeObject(deps: StorageActivityDeps) {
  const abort = abortMultipartUploads(deps);
  return async (input: RemoveUploadInput): Promise<void> => {
    const log = activityLog(deps.logger, input);

    await abort(input);
    const existed = (await deps.store.head(input.storageKey)) !== undefined;
    await deps.store.delete(input.storageKey);

    log.info({ existed }, 'object removed');
  };
}
