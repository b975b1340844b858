import { patched } from '@temporalio/workflow';
import type { FileRun, Reason } from './file-run';
import { refusalOf } from './refusal';
import { reject } from './upload-phase';

/**
 * Workflows that became ready before this check existed never scheduled it; the patch keeps
 * their replay on the path their history recorded.
 */
const RECHECK_PATCH = 'recheck-upload-after-url-expiry';

/**
 * When the ready file's object must be looked at again, or undefined. A presigned PUT or POST
 * keeps working until it expires, also after the file was verified: bytes put through it then
 * would replace what was checked. Multipart uploads cannot be reopened once joined, and files
 * adopted or carried over by continue-as-new were checked by the run that verified them.
 */
export function recheckDeadline(run: FileRun): number | undefined {
  const { input } = run;
  const byUrl = input.uploadMethod === 'PUT' || input.uploadMethod === 'POST';
  if (!byUrl || input.adopted || input.resume) return undefined;
  if (!patched(RECHECK_PATCH)) return undefined;
  return Date.parse(input.uploadExpiresAt);
}

/**
 * Verifies the object again once its upload URL has expired. A file whose object was replaced
 * or no longer passes is rejected and its object removed. True when the file stays ready.
 */
export async function recheckUpload(run: FileRun): Promise<boolean> {
  const { input } = run;
  let reason: Reason;
  try {
    const verified = await run.acts.uploads.verifyUpload({
      ...run.ids,
      sourceType: input.sourceType,
      storageKey: input.storageKey,
      contentType: input.contentType,
      declaredSizeBytes: input.declaredSizeBytes,
    });
    const unchanged =
      verified.etag === run.verifiedEtag && verified.sizeBytes === run.status.sizeBytes;
    if (unchanged) return true;
    reason = {
      code: 'UPLOAD_CHANGED',
      message: 'The object was replaced after it had been verified.',
    };
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    reason = refusal;
  }

  await reject(run, reason);
  return false;
}
