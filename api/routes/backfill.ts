import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowHandle,
} from '@temporalio/client';
import { Router } from 'express';
import { notFound } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { backfillWorkspaceOptions } from '../../temporal-config/backfill-options';
import type * as backfillWorkflows from '../../workflows/backfill';
import {
  backfillWorkspaceWorkflowId,
  BACKFILL_WORKSPACE_TIMEOUT,
  progressQuery,
  type BackfillProgress,
  type BackfillWorkspaceResult,
} from '../../workflows/backfill/definitions';
import type { ApiDeps } from '../app';
import { fromTemporalError } from '../temporal-errors';
import { workspaceIdOf } from '../workspace-param';

/** Named here so the API never loads workflow code. */
const BACKFILL_WORKSPACE_TYPE: keyof typeof backfillWorkflows = 'backfillWorkspaceFileMetadata';

/**
 * POST /backfill starts the workspace's backfill, or reports the one already running: the
 * workflow id is the workspace's, so Temporal itself refuses a second one. GET /backfill reads
 * the progress of the latest one, running or finished.
 */
export function backfillRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });

  router.post('/backfill', async (req, res) => {
    const workspaceId = workspaceIdOf(req);
    const workflowId = backfillWorkspaceWorkflowId(workspaceId);

    let started = true;
    try {
      await deps.temporal.workflow.start(BACKFILL_WORKSPACE_TYPE, {
        workflowId,
        taskQueue: deps.config.temporal.taskQueues.uploads,
        args: [workspaceId, backfillWorkspaceOptions(deps.config)],
        workflowExecutionTimeout: BACKFILL_WORKSPACE_TIMEOUT,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw fromTemporalError(err);
      started = false;
    }
    const log = req.log.child({ workspaceId, workflowId });
    const report = await describe(deps, log, workflowId, { withProgress: !started });

    log.info({ started }, 'backfill requested');
    res
      .status(202)
      .location(`/workspaces/${encodeURIComponent(workspaceId)}/backfill`)
      .json({ started, ...report });
  });

  router.get('/backfill', async (req, res) => {
    const workspaceId = workspaceIdOf(req);
    const workflowId = backfillWorkspaceWorkflowId(workspaceId);
    const log = req.log.child({ workspaceId, workflowId });
    res.json(await describe(deps, log, workflowId, { withProgress: true }));
  });

  return router;
}

async function describe(
  deps: ApiDeps,
  log: Logger,
  workflowId: string,
  options: { withProgress: boolean },
) {
  const handle =
    deps.temporal.workflow.getHandle<typeof backfillWorkflows.backfillWorkspaceFileMetadata>(
      workflowId,
    );
  const description = await deps.temporal
    .withDeadline(Date.now() + deps.config.temporal.callTimeoutMs, () => handle.describe())
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) throw notFound('A backfill of this workspace');
      throw fromTemporalError(err);
    });
  const status = description.status.name;
  const progress = options.withProgress ? await progressOf(deps, log, handle, status) : null;
  return {
    workflowId,
    runId: description.runId,
    status,
    startedAt: description.startTime.toISOString(),
    closedAt: description.closeTime?.toISOString() ?? null,
    progress,
  };
}

/**
 * The workflow's own answer when a worker gives it in time; for a finished backfill the result
 * says the same without a worker. Null when neither is available (no worker, or it failed).
 */
async function progressOf(
  deps: ApiDeps,
  log: Logger,
  handle: WorkflowHandle<typeof backfillWorkflows.backfillWorkspaceFileMetadata>,
  status: string,
): Promise<BackfillProgress | null> {
  if (status === 'COMPLETED') return finishedProgress(await handle.result());
  // A progress query is answered by a worker; the API does not wait long for one.
  try {
    return await deps.temporal.withDeadline(Date.now() + deps.config.temporal.queryTimeoutMs, () =>
      handle.query(progressQuery),
    );
  } catch (err) {
    log.warn({ error: (err as Error).message }, 'backfill progress unavailable');
    return null;
  }
}

function finishedProgress(result: BackfillWorkspaceResult): BackfillProgress {
  return {
    workspaceId: result.workspaceId,
    total: result.total,
    done: result.done,
    adopted: result.adopted,
    failed: result.failed,
    skipped: result.skipped,
    // Absent from the results of backfills that predate the wait for indexing.
    unconfirmed: result.unconfirmed ?? 0,
    ratePerMinute: result.ratePerMinute,
    startedAt: result.startedAt,
    etaSeconds: 0,
    state: 'finished',
  };
}
