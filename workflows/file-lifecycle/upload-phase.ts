import { condition, patched, sleep } from '@temporalio/workflow';
import type { FileRun, Reason } from './file-run';
import { refusalOf } from './refusal';
import { waitUntil } from './wait-until';

/** Patch id: a completion that carries the API's refusal rejects the file without verifying. */
const API_REFUSED_UPLOAD = 'api-refused-upload';

/**
 * From the registration to a verified, ready file; or to a rejected one (refused at the
 * registration or by the verification, its object removed); or to an abandoned one, when no
 * completion came before the upload URL's expiry plus the grace period.
 */
export async function receiveUpload(run: FileRun): Promise<void> {
  const deadline = Date.parse(run.input.uploadExpiresAt) + run.settings.uploadGraceSeconds * 1000;
  const { registration, inbox } = run;

  const arrived = await waitUntil(
    () =>
      registration.phase === 'refused' ||
      (registration.phase === 'accepted' && inbox.completion !== undefined),
    deadline,
  );

  if (registration.phase === 'refused') return refuseRegistration(run, registration.refusal!);
  if (!arrived) return abandon(run);
  const refusal = inbox.completion?.refusal;
  if (refusal && patched(API_REFUSED_UPLOAD)) return reject(run, refusal);
  await verify(run);
}

async function verify(run: FileRun): Promise<void> {
  const { input } = run;
  const { uploads, multipartCompletion } = run.acts;
  run.moveTo('verifying', { completedAt: run.now() });

  try {
    await uploads.markFileVerifying(run.ids);
    if (input.uploadMethod === 'MULTIPART') {
      await multipartCompletion.completeMultipartUpload({
        ...run.ids,
        storageKey: input.storageKey,
        uploadId: run.object.multipartUploadId ?? '',
        parts: run.inbox.completion?.parts ?? [],
      });
    }
    const verified = await uploads.verifyUpload({
      ...run.ids,
      sourceType: input.sourceType,
      storageKey: input.storageKey,
      contentType: input.contentType,
      declaredSizeBytes: input.declaredSizeBytes,
    });
    const ready = await uploads.markFileReady({
      ...run.ids,
      sizeBytes: verified.sizeBytes,
      detectedContentType: verified.detectedContentType,
      aiRequested: verified.aiMetadata,
    });
    if (ready.outcome === 'deleted') {
      // The row was soft-deleted meanwhile; finish the deletion the way a signal would.
      run.inbox.deleteRequest ??= {};
      return;
    }
    run.verifiedEtag = verified.etag;
    run.moveTo('ready', {
      sizeBytes: verified.sizeBytes,
      detectedContentType: verified.detectedContentType,
      readyAt: ready.readyAt ?? run.now(),
      aiRequested: verified.aiMetadata,
      aiStatus: verified.aiMetadata ? 'pending' : 'not_requested',
    });
  } catch (error) {
    const reason = refusalOf(error);
    if (!reason) throw error;
    await reject(run, reason);
  }
}

export async function reject(run: FileRun, reason: Reason): Promise<void> {
  const { uploads } = run.acts;
  run.moveTo('rejected', { reason });

  await uploads.removeObject(run.object);
  await uploads.markFileRejected({ ...run.ids, ...reason });

  // The upload URL may still be valid: bytes put through it after the removal would stay
  // forever, so look once more when it has expired.
  const untilExpiry = Date.parse(run.input.uploadExpiresAt) - Date.now();
  if (untilExpiry > 0) {
    await sleep(untilExpiry);
    await uploads.removeObject(run.object);
  }
}

async function refuseRegistration(run: FileRun, reason: Reason): Promise<void> {
  run.moveTo('rejected', { reason });

  // A quota or conflict refusal wrote nothing. A registration that ran out of time may have
  // written the row or started a multipart upload before it did: undo both.
  if (reason.code === 'DEPENDENCY_UNAVAILABLE') {
    await run.acts.uploads.removeObject(run.object);
    await run.acts.uploads.markFileRejected({ ...run.ids, ...reason });
  }
}

async function abandon(run: FileRun): Promise<void> {
  // A reservation still being written would otherwise land after the row is marked.
  await condition(() => run.registration.phase !== 'running');
  const reason = {
    code: 'UPLOAD_EXPIRED',
    message: 'No completed upload arrived before the upload URL and its grace period expired.',
  };
  run.moveTo('abandoned', { reason });

  await run.acts.uploads.removeObject(run.object);
  await run.acts.uploads.markFileAbandoned({ ...run.ids, ...reason });
}
