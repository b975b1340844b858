import type { StorageActivityDeps } from './deps';
import { completeMultipartUpload, startMultipartUpload } from './multipart';
import { abortMultipartUploads, removeObject } from './remove-object';
import { verifyUpload } from './verify-upload';

export type { StorageActivityDeps } from './deps';
export type { CompleteMultipartInput, StartMultipartInput } from './multipart';
export type { RemoveUploadInput } from './remove-object';
export type { VerifiedUpload, VerifyUploadInput } from './verify-upload';

/** The file workflow's activities that touch the object store. */
export function createStorageActivities(deps: StorageActivityDeps) {
  return {
    startMultipartUpload: startMultipartUpload(deps),
    completeMultipartUpload: completeMultipartUpload(deps),
    verifyUpload: verifyUpload(deps),
    abortMultipartUploads: abortMultipartUploads(deps),
    removeObject: removeObject(deps),
  };
}

export type StorageActivities = ReturnType<typeof createStorageActivities>;
