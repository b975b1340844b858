import {
  CancellationScope,
  ChildWorkflowFailure,
  ParentClosePolicy,
  continueAsNew,
  executeChild,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { BackfillActivities } from '../../activities/backfill/contract';
import { backfillWorkspaceFileMetadata } from './backfill-workspace';
import {
  allProgressQuery,
  backfillWorkspaceWorkflowId,
  BACKFILL_WORKSPACE_TIMEOUT,
  zeroCounts,
  type BackfillAllOptions,
  type BackfillAllResult,
  type BackfillAllState,
  type BackfillWorkspaceResult,
} from './definitions';
import { forEachBounded } from './for-each-bounded';

const { listWorkspacesNeedingIndex } = proxyActivities<BackfillActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});

const DEFAULT_WORKSPACE_PAGE_SIZE = 100;

/**
 * Backfills every workspace that has files needing indexing: one throttled child per
 * workspace, at most `maxConcurrentWorkspaces` at once. A failing child is counted and the
 * others go on. Workspaces are visited a page at a time and the parent continues as new between
 * pages, so its history stays bounded however many workspaces there are.
 */
export async function backfillAllWorkspaces(
  options: BackfillAllOptions,
): Promise<BackfillAllResult> {
  const state = options.resume ?? firstRunState();
  const pageSize = options.workspacePageSize ?? DEFAULT_WORKSPACE_PAGE_SIZE;
  const running = new Set<string>();
  setHandler(allProgressQuery, () => ({
    ...resultOf(state),
    startedAt: state.startedAt,
    running: [...running],
  }));

  const page = await listWorkspacesNeedingIndex({ after: state.cursor, limit: pageSize });
  await forEachBounded(page, options.maxConcurrentWorkspaces, async (workspaceId) => {
    running.add(workspaceId);
    try {
      await backfillOne(workspaceId, options, state);
    } finally {
      running.delete(workspaceId);
    }
  });
  state.cursor = page[page.length - 1] ?? state.cursor;

  if (page.length === pageSize) {
    return await continueAsNew<typeof backfillAllWorkspaces>({ ...options, resume: state });
  }
  log.info('backfill of all workspaces finished', { ...resultOf(state) });
  return resultOf(state);
}

function firstRunState(): BackfillAllState {
  const startedAt = new Date().toISOString();
  return {
    ...zeroCounts(),
    total: 0,
    workspaces: 0,
    workspacesFailed: 0,
    workspacesAlreadyRunning: 0,
    startedAt,
  };
}

async function backfillOne(
  workspaceId: string,
  options: BackfillAllOptions,
  state: BackfillAllState,
): Promise<void> {
  try {
    const result = await executeChild(backfillWorkspaceFileMetadata, {
      workflowId: backfillWorkspaceWorkflowId(workspaceId),
      args: [workspaceId, options.workspace],
      workflowExecutionTimeout: BACKFILL_WORKSPACE_TIMEOUT,
      // Cancelling (or terminating) the parent cancels the children, which stop cleanly
      // between two dispatches instead of being cut off in the middle of one.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    });
    add(state, result);
  } catch (err) {
    if (CancellationScope.current().consideredCancelled) throw err;
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      state.workspacesAlreadyRunning += 1;
      log.info('workspace backfill already running', { workspaceId });
      return;
    }
    state.workspacesFailed += 1;
    const error = err instanceof ChildWorkflowFailure ? err.cause?.message : undefined;
    log.warn('workspace backfill failed', { workspaceId, error: error ?? (err as Error).message });
  }
}

function add(state: BackfillAllState, result: BackfillWorkspaceResult): void {
  state.workspaces += 1;
  state.total += result.total;
  state.done += result.done;
  state.adopted += result.adopted;
  state.failed += result.failed;
  state.skipped += result.skipped;
  state.unconfirmed = (state.unconfirmed ?? 0) + (result.unconfirmed ?? 0);
}

function resultOf(state: BackfillAllState): BackfillAllResult {
  const { total, done, adopted, failed, skipped, unconfirmed = 0 } = state;
  const { workspaces, workspacesFailed, workspacesAlreadyRunning } = state;
  return {
    total,
    done,
    adopted,
    failed,
    skipped,
    unconfirmed,
    workspaces,
    workspacesFailed,
    workspacesAlreadyRunning,
  };
}
