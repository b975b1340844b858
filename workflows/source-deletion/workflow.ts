import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DeletionActivities } from '../../activities/deletion/contract';
import {
  sourceHiddenUpdate,
  type SourceDeletionInput,
  type SourceDeletionResult,
  type SourceHidden,
} from './definitions';

// Hiding the rows is one statement; the database is retried with backoff until it answers, so
// that a parent's delete is delayed by an outage, never lost.
const hiding = proxyActivities<DeletionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// Telling every file's workflow can take minutes for a large parent: the activity heartbeats
// its cursor, so a retry after a lost worker resumes there instead of starting over.
const telling = proxyActivities<DeletionActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Deletes every file of one parent (a drive folder, a task): hides all their rows at once, in
 * one transaction, then tells each file's workflow to delete, which removes its object after
 * the retention delay like any single delete. The caller waits only for the first step.
 */
export async function deleteSourceFilesWorkflow(
  input: SourceDeletionInput,
): Promise<SourceDeletionResult> {
  // Read by the update handler, which may be called before the first step has ended.
  let hidden: SourceHidden | undefined = undefined;
  setHandler(sourceHiddenUpdate, async () => {
    await condition(() => hidden !== undefined);
    return hidden!;
  });

  hidden = await hiding.softDeleteSourceFiles(input);

  const signalled =
    hidden.deletedAt === undefined
      ? 0
      : await telling.signalSourceFileDeletes({ ...input, deletedAt: hidden.deletedAt });

  // An update that arrived with the last step is answered before the run ends.
  await condition(allHandlersFinished);
  return { ...hidden, signalled };
}
