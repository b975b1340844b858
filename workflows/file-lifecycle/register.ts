import { isCancellation, log } from '@temporalio/workflow';
import type { RegisterResult } from './definitions';
import type { FileRun, Reason } from './file-run';

/**
 * The `register` update: reserves the file's row and its share of the workspace's quota, and
 * for a multipart upload creates the store's upload that part URLs are signed for. Asking again
 * (a retried update-with-start) answers what the first request got.
 */
export function register(run: FileRun): Promise<RegisterResult> {
  run.registration.result ??= reserve(run);
  return run.registration.result;
}

async function reserve(run: FileRun): Promise<RegisterResult> {
  const { input, registration } = run;
  const { registration: acts } = run.acts;
  if (
    input.adopted ||
    input.resume ||
    run.inbox.deleteRequest ||
    run.status.state !== 'awaiting_upload'
  ) {
    return { accepted: false, reason: conflict(run) };
  }

  registration.phase = 'running';
  try {
    const reservation = await acts.reserveFile({
      ...run.ids,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      storageKey: input.storageKey,
      filename: input.filename,
      contentType: input.contentType,
      declaredSizeBytes: input.declaredSizeBytes,
      uploadedById: input.uploadedById,
    });
    if (!reservation.accepted) return refuse(run, reservation.reason);

    if (input.uploadMethod === 'MULTIPART') {
      registration.multipartUploadId = await acts.startMultipartUpload({
        ...run.ids,
        storageKey: input.storageKey,
        contentType: input.contentType,
      });
    }
    registration.phase = 'accepted';
    return { accepted: true, multipartUploadId: registration.multipartUploadId };
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('file registration failed', { ...run.ids, error: String(error) });
    return refuse(run, {
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'The file could not be registered in time; please try again.',
    });
  }
}

function refuse(run: FileRun, reason: Reason): RegisterResult {
  run.registration.phase = 'refused';
  run.registration.refusal = reason;
  return { accepted: false, reason };
}

/** The file was registered, adopted or deleted before: the id cannot start another upload. */
function conflict(run: FileRun): Reason {
  const state = run.inbox.deleteRequest ? 'deleted' : run.status.state;
  return {
    code: 'CONFLICT',
    message: `File ${run.input.fileId} is ${state} and cannot be registered again.`,
  };
}
