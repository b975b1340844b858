import { condition, log, sleep } from '@temporalio/workflow';
import type { FileRun } from './file-run';

/**
 * Deletes a file in any state. The row is soft-deleted at once, so readers stop seeing the file
 * while the caller waits for nothing else; the object stays for the retention delay (a durable
 * timer, so a restart of every worker loses nothing) and is then removed by an activity that
 * retries until the store accepts it.
 */
export async function deleteFile(run: FileRun): Promise<void> {
  const { uploads } = run.acts;
  // A reservation still being written would otherwise bring the row back after the delete.
  await condition(() => run.registration.phase !== 'running');
  run.moveTo('deleted', { deleteRequestedAt: run.now() });

  const deletedAt = await uploads.softDeleteFile(run.ids);
  run.status.deletedAt = deletedAt ?? run.now();
  if (run.input.uploadMethod === 'MULTIPART') {
    // Parts still arriving must not be joined into an object after the file is gone.
    await uploads.abortMultipartUploads(run.object);
  }

  // Never before the upload URL has expired either: bytes put through it after the removal
  // would stay in the bucket with no file to own them.
  const retentionEnds = Date.now() + run.settings.deleteRetentionSeconds * 1000;
  const wait = Math.max(retentionEnds, Date.parse(run.input.uploadExpiresAt)) - Date.now();
  if (wait > 0) await sleep(wait);

  await uploads.removeObject(run.object);
  run.status.objectRemovedAt = run.now();
  log.info('file object removed', { ...run.ids, deletedAt: run.status.deletedAt });
}
