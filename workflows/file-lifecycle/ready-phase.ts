import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  workflowInfo,
} from '@temporalio/workflow';
import { extractAiMetadata } from './ai-metadata';
import type { FileWorkflowInput, FileWorkflowStatus } from './definitions';
import type { FileRun } from './file-run';
import { recheckDeadline, recheckUpload } from './upload-recheck';
import { waitUntil } from './wait-until';

/**
 * A ready file may wait months for its deletion. Each signal adds to the history, so a run
 * hands over to a fresh one (continue-as-new, carrying its status) after this many signals, or
 * earlier when Temporal suggests it.
 */
export const SIGNALS_PER_RUN = 200;

/**
 * Serves a ready file until it is deleted: makes its AI metadata when its policy wants some,
 * re-makes it on request, looks at its object again once the upload URL has expired, and keeps
 * the history bounded. Returns when a delete arrived or the recheck rejected the file.
 */
export async function serveReadyFile(run: FileRun): Promise<void> {
  let recheckAt = recheckDeadline(run);
  if (run.status.aiStatus === 'pending') {
    await extractAiMetadata(run, run.input.adopted ? 'reindex' : 'upload');
  }

  for (;;) {
    // A pending recheck holds back continue-as-new: the next run would not know of it.
    const wake = () =>
      run.inbox.deleteRequest !== undefined ||
      run.inbox.reindex !== undefined ||
      (recheckAt === undefined && historyFull(run));
    const woken =
      recheckAt === undefined
        ? await condition(wake).then(() => true)
        : await waitUntil(wake, recheckAt);
    if (run.inbox.deleteRequest) return;

    if (!woken) {
      recheckAt = undefined;
      if (await recheckUpload(run)) continue;
      return;
    }

    const reindex = run.inbox.reindex;
    if (reindex) {
      if (reindex.aiRequested) run.status.aiRequested = true;
      if (run.status.aiRequested) await extractAiMetadata(run, 'reindex');
      else {
        run.inbox.reindex = undefined;
        log.info('reindex ignored: no AI metadata for this source type', {
          ...run.ids,
          requestReason: reindex.reason,
        });
      }
      continue;
    }

    await condition(allHandlersFinished);
    if (run.inbox.deleteRequest || run.inbox.reindex) continue;
    log.info('file workflow continues as new', { ...run.ids, signals: run.inbox.signalsThisRun });
    await continueAsNew<(input: FileWorkflowInput) => Promise<FileWorkflowStatus>>({
      ...run.input,
      resume: run.status,
    });
  }
}

function historyFull(run: FileRun): boolean {
  return run.inbox.signalsThisRun >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested;
}
