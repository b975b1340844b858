import {
  ActivityCancellationType,
  CancellationScope,
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  BackfillActivities,
  DispatchOutcome,
  IndexingOutcome,
} from '../../activities/backfill/contract';
import {
  DEFAULT_INDEX_WAIT_SECONDS,
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
 * Patch id: after each dispatch, wait until the file is indexed before the next one. Without it
 * the throttle alone set the pace, and a few workspaces at their rate could queue more
 * extractions than the analysis workers get through, ahead of new uploads' own.
 */
const WAITS_FOR_INDEXING = 'backfill-waits-for-indexing';

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
        const dispatchedAt = new Date().toISOString();
        const outcome = await dispatchUninterrupted(workspaceId, fileId);
        const told = outcome === 'signalled' || outcome === 'adopted';
        const indexing =
          told && patched(WAITS_FOR_INDEXING)
            ? await untilIndexed(workspaceId, fileId, dispatchedAt, options)
            : undefined;
        record(state, outcome, indexing);
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

/**
 * Waits for the dispatched file's indexing to end: the backfill's backpressure, so that it
 * never runs ahead of the analysis workers. Cancelling the backfill stops the wait at once (the
 * file's own workflow goes on indexing it); a wait that cannot be had counts as unconfirmed.
 */
async function untilIndexed(
  workspaceId: string,
  fileId: string,
  dispatchedAt: string,
  options: BackfillWorkspaceOptions,
): Promise<IndexingOutcome> {
  const waitSeconds = options.indexWaitSeconds ?? DEFAULT_INDEX_WAIT_SECONDS;
  const waiting = proxyActivities<BackfillActivities>({
    startToCloseTimeout: `${waitSeconds + 60} seconds`,
    // The wait reads a row every few seconds: a short heartbeat timeout notices a lost worker
    // soon, and lets a cancellation reach the activity within seconds (heartbeats carry it).
    heartbeatTimeout: '20 seconds',
    // A cancelled backfill ends only once the wait has really stopped.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
  });
  try {
    return await waiting.awaitFileIndexed({ workspaceId, fileId, dispatchedAt, waitSeconds });
  } catch (err) {
    if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
    log.warn('backfill could not wait for indexing', { workspaceId, fileId, error: err.message });
    return 'unconfirmed';
  }
}

function record(
  state: BackfillWorkspaceState,
  outcome: DispatchOutcome | 'failed',
  indexing: IndexingOutcome = 'indexed',
): void {
  const counts = state.counts;
  if (outcome === 'adopted') counts.adopted += 1;
  if (outcome === 'failed') counts.failed += 1;
  if (outcome === 'skipped') counts.skipped += 1;
  if (outcome !== 'signalled' && outcome !== 'adopted') return;

  if (indexing === 'indexed') counts.done += 1;
  if (indexing === 'failed') counts.failed += 1;
  if (indexing === 'gone') counts.skipped += 1;
  if (indexing === 'unconfirmed') counts.unconfirmed = (counts.unconfirmed ?? 0) + 1;
}

const handled = ({ counts }: BackfillWorkspaceState) =>
  counts.done + counts.failed + counts.skipped + (counts.unconfirmed ?? 0);

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
