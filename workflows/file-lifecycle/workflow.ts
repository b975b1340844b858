import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
} from '@temporalio/workflow';
import { deleteFile } from './delete-phase';
import type { FileWorkflowInput, FileWorkflowStatus } from './definitions';
import { FileRun } from './file-run';
import { installHandlers } from './handlers';
import { serveReadyFile } from './ready-phase';
import { publishFileAttributes } from './search-attributes';
import { receiveUpload } from './upload-phase';

/**
 * The life of one file, from the moment its upload URL is issued to the removal of its object:
 * awaiting_upload → verifying → ready, or rejected, abandoned, and deleted from any state.
 * Started by the API with update-with-start (`register`), by the backfill for adopted files,
 * and by itself when it continues as new.
 */
export async function fileLifecycleWorkflow(input: FileWorkflowInput): Promise<FileWorkflowStatus> {
  const run = new FileRun(input);
  installHandlers(run);
  publishFileAttributes(input, run.status.state);

  if (input.adopted && !input.resume) await adopt(run);
  if (run.status.state === 'awaiting_upload' && !run.inbox.deleteRequest) {
    await untilDeleteRequested(run, () => receiveUpload(run));
  }
  if (run.status.state === 'ready') await untilDeleteRequested(run, () => serveReadyFile(run));
  if (run.inbox.deleteRequest) await deleteFile(run);

  await condition(allHandlersFinished);
  return run.status;
}

/**
 * Runs a phase until it ends or a delete arrives. A delete cancels whatever the phase was
 * waiting for (a timer, a verification, an extraction), so the deletion starts at once.
 */
async function untilDeleteRequested(run: FileRun, phase: () => Promise<void>): Promise<void> {
  const scope = new CancellationScope();
  const work = scope.run(phase);
  await Promise.race([work, condition(() => run.inbox.deleteRequest !== undefined)]);
  if (!run.inbox.deleteRequest) return;

  scope.cancel();
  await work.catch((error: unknown) => {
    if (!isCancellation(error)) throw error;
  });
}

/** A file uploaded before file workflows existed: its row and object are already there. */
async function adopt(run: FileRun): Promise<void> {
  const facts = await run.acts.uploads.describeFile(run.ids);
  if (!facts || facts.deletedAt) {
    // Nothing live to serve; the delete path removes whatever object is left.
    run.inbox.deleteRequest ??= {};
    return;
  }
  run.moveTo('ready', {
    sizeBytes: facts.sizeBytes ?? run.input.declaredSizeBytes,
    detectedContentType: facts.detectedContentType,
    readyAt: facts.readyAt ?? run.now(),
    aiStatus: facts.aiRequested ? facts.aiStatus : 'not_requested',
    aiRequested: facts.aiRequested,
  });
}
