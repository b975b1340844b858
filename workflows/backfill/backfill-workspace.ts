import {
  CancellationScope,
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { BackfillActivities, DispatchOutcome } from '../../activities/backfill/contract';
import {
  pauseSignal,
  progressQuery,
  resumeSignal,
  zeroCounts,
  type BackfillProgress,
  type BackfillWorkspaceOptions,
  type BackfillWorkspaceResult,
  type BackfillWorkspaceState,
} from './definitions';

type Phase = 'starting' | 'running' | 'finished';

// Listing reads the database: a failing database is retried for about a quarter of an hour,
// then this workspace's backfill fails and the parent goes on with the others.
const listing = proxyActivities<BackfillActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});

// One dispatch is one signal (or signal-with-start) to Temporal: quick, and idempotent enough
// to retry (a duplicate reindex costs nothing, the pipeline skips a version it already indexed).
const dispatching = proxyActivities<BackfillActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * Re-indexes a workspace's files that need it (never indexed, failed, or indexed by an older
 * pipeline), one dispatch at a time, evenly spaced by durable timers so the workspace never
 * exceeds its rate. Resumable: the cursor and counters survive continue-as-new.
 */
export async function backfillWorkspaceFileMetadata(
  workspaceId: string,
  options: BackfillWorkspaceOptions,
): Promise<BackfillWorkspaceResult> {
  // Handlers come first: a query or a pause may arrive before the first count is back.
  const state = options.resume ?? firstRunState();
  const intervalMs = Math.ceil(60_000 / options.filesPerMinute);
  let phase: Phase = options.resume ? 'running' : 'starting';
  setHandler(progressQuery, () => progressOf(workspaceId, state, options, phase));
  setHandler(pauseSignal, () => {
    state.paused = true;
  });
  setHandler(resumeSignal, () => {
    state.paused = false;
  });
  if (!options.resume) {
    state.total = await listing.countFilesNeedingIndex({ workspaceId });
    log.info('backfill started', { workspaceId, total: state.total });
  }
  phase = 'running';

  try {
    let handledThisRun = 0;
    for (;;) {
      const page = await listing.listFilesNeedingIndex({
        workspaceId,
        after: state.cursor,
        limit: options.pageSize,
      });
      for (const fileId of page) {
        await waitForTurn(state);
        state.nextDispatchAt = Date.now() + intervalMs;
        record(state, await dispatchUninterrupted(workspaceId, fileId));
        state.cursor = fileId;
        handledThisRun += 1;
        if (handledThisRun >= options.filesPerRun || workflowInfo().continueAsNewSuggested) {
          // Signals handled so far are already in `state`; wait for none to be half-done.
          await condition(allHandlersFinished);
          return await continueAsNew<typeof backfillWorkspaceFileMetadata>(workspaceId, {
            ...options,
            resume: state,
          });
        }
      }
      if (page.length < options.pageSize) break;
    }
  } catch (err) {
    if (isCancellation(err)) {
      log.info('backfill cancelled', { workspaceId, ...state.counts, cursor: state.cursor });
    }
    throw err;
  }

  phase = 'finished';
  log.info('backfill finished', { workspaceId, total: state.total, ...state.counts });
  return {
    workspaceId,
    total: Math.max(state.total, handled(state)),
    ...state.counts,
    ratePerMinute: options.filesPerMinute,
    startedAt: state.startedAt,
    finishedAt: new Date().toISOString(),
  };
}

function firstRunState(): BackfillWorkspaceState {
  const startedAt = new Date().toISOString();
  return { counts: zeroCounts(), total: 0, startedAt, nextDispatchAt: Date.now(), paused: false };
}

/** Blocks while paused and until the throttle allows the next dispatch. */
async function waitForTurn(state: BackfillWorkspaceState): Promise<void> {
  for (;;) {
    await condition(() => !state.paused);
    const waitMs = state.nextDispatchAt - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    // A pause that arrived during the sleep wins over the timer.
    if (!state.paused) return;
  }
}

/**
 * A dispatch that has begun always completes, even when the backfill is cancelled meanwhile:
 * the file is then either told to reindex or not, never left half-dispatched.
 */
async function dispatchUninterrupted(
  workspaceId: string,
  fileId: string,
): Promise<DispatchOutcome | 'failed'> {
  return CancellationScope.nonCancellable(async () => {
    try {
      return await dispatching.dispatchFileReindex({ workspaceId, fileId, reason: 'backfill' });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('backfill dispatch failed', { workspaceId, fileId, error: err.cause?.message });
      return 'failed';
    }
  });
}

function record(state: BackfillWorkspaceState, outcome: DispatchOutcome | 'failed'): void {
  const counts = state.counts;
  if (outcome === 'signalled' || outcome === 'adopted') counts.done += 1;
  if (outcome === 'adopted') counts.adopted += 1;
  if (outcome === 'failed') counts.failed += 1;
  if (outcome === 'skipped') counts.skipped += 1;
}

const handled = (state: BackfillWorkspaceState) =>
  state.counts.done + state.counts.failed + state.counts.skipped;

function progressOf(
  workspaceId: string,
  state: BackfillWorkspaceState,
  options: BackfillWorkspaceOptions,
  phase: Phase,
): BackfillProgress {
  // Files created after the start may be handled too: the total never reads below what is done.
  const total = Math.max(state.total, handled(state));
  const remaining = phase === 'finished' ? 0 : total - handled(state);
  return {
    workspaceId,
    total,
    ...state.counts,
    ratePerMinute: options.filesPerMinute,
    startedAt: state.startedAt,
    etaSeconds: Math.ceil((remaining * 60) / options.filesPerMinute),
    state: phase === 'running' && state.paused ? 'paused' : phase,
  };
}
