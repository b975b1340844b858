import { condition, log, setHandler } from '@temporalio/workflow';
import {
  deleteSignal,
  deletionAppliedUpdate,
  registerUpdate,
  reindexSignal,
  statusQuery,
  uploadCompletedSignal,
} from './definitions';
import type { FileRun } from './file-run';
import { register } from './register';

/**
 * Installs the workflow's query, signals and updates. Signal handlers only record what arrived;
 * the main flow acts on it, so that every step stays in one readable sequence.
 */
export function installHandlers(run: FileRun): void {
  setHandler(statusQuery, () => run.status);

  setHandler(registerUpdate, () => register(run));

  setHandler(uploadCompletedSignal, (signal) => {
    run.inbox.signalsThisRun += 1;
    // Only the first completion of a pending upload counts; repeats change nothing.
    if (run.inbox.completion || run.status.state !== 'awaiting_upload') {
      log.info('upload completion ignored', { ...run.ids, state: run.status.state });
      return;
    }
    run.inbox.completion = signal ?? {};
  });

  setHandler(deleteSignal, (request) => {
    run.inbox.signalsThisRun += 1;
    if (run.inbox.deleteRequest) return;
    run.inbox.deleteRequest = request ?? {};
    log.info('file delete requested', { ...run.ids, requestedBy: request?.requestedBy });
  });

  setHandler(
    deletionAppliedUpdate,
    async () => {
      await condition(() => run.status.deletedAt !== undefined);
      return { deletedAt: run.status.deletedAt! };
    },
    {
      // Waiting is only meaningful once a delete is on its way; otherwise it could last forever.
      validator: () => {
        if (!run.inbox.deleteRequest) throw new Error('No delete was requested for this file.');
      },
    },
  );

  setHandler(reindexSignal, (signal) => {
    run.inbox.signalsThisRun += 1;
    run.inbox.reindex = signal ?? { reason: 'unspecified' };
  });
}
