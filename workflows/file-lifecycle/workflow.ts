import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
} from '@temporalio/workflow';
import type { FileState } from '../../core/file-states';
import { deleteFile } from './delete-phase';
import type { FileWorkflowInput, FileWorkflowStatus } from './definitions';
import { FileRun } from './file-run';
import { installHandlers } from './handlers';
import { serveReadyFile } from './ready-phase';
import { publishFileAttributes } from './search-attributes';
import { receiveUpload } from './upload-phase';

/** States in which a file's workflow has nothing left to do but, on request, its deletion. */
const ENDED: FileState[] = ['rejected', 'abandoned'];

/** Patch id: an adopted file that ended rejected or abandoned keeps that state. */
const ADOPT_KEEPS_ENDED_STATE = 'adopt-keeps-ended-state';

/**
 * The life of one file, from the moment its upload URL is issued to the removal of its object:
 * awaiting_upload → verifying → ready, or rejected, abandoned, and deleted from any state.
 * Started by the API with update-with-start (`register`), adopted (from the file's row) by the
 * backfill and by a delete that found no running workflow, and by itself when it continues as
 * new.
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

/**
 * A file whose row exists already: one uploaded before file workflows existed, or one deleted
 * after its own workflow had ended (rejected or abandoned), whose delete started this run.
 */
async function adopt(run: FileRun): Promise<void> {
  const facts = await run.acts.uploads.describeFile(run.ids);
  if (!facts || facts.deletedAt) {
    // Nothing live to serve; the delete path removes whatever object is left.
    run.inbox.deleteRequest ??= {};
    return;
  }
  if (ENDED.includes(facts.state) && patched(ADOPT_KEEPS_ENDED_STATE)) {
    // Its object went when it ended: nothing to serve, only a delete to run. Histories without
    // the patch served such a file as ready, and must replay that way.
    run.moveTo(facts.state);
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
