import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The public contract of the backfill workflows: ids, inputs, results, signals and queries. The
 * API, the schedules and operators depend on these names; running workflows carry these shapes
 * across continue-as-new, so fields are only ever added (optional), never renamed or removed.
 */

/** One id per workspace: Temporal then refuses a second backfill of it while one runs. */
export const backfillWorkspaceWorkflowId = (workspaceId: string) =>
  `backfill-workspace-${workspaceId}`;

/**
 * Bound on one workspace's whole backfill, continue-as-new included: a backfill that cannot
 * finish in this time gives way to the next scheduled one, which resumes where files still need
 * indexing.
 */
export const BACKFILL_WORKSPACE_TIMEOUT = '6 hours';

/** One extraction's whole budget (ANALYSIS_START_TO_CLOSE_SECONDS by default). */
export const DEFAULT_INDEX_WAIT_SECONDS = 1800;

export interface BackfillCounts {
  /**
   * Files indexed by the current pipeline after their reindex was dispatched (adopted ones
   * included). Backfills started before the wait existed count dispatched files here.
   */
  done: number;
  /** Of the files handled, those that had no file workflow and were given one. */
  adopted: number;
  /**
   * Files whose dispatch kept failing, or whose indexing failed (refused, or its attempts ran
   * out); the reason is on the file. The next backfill picks up those that may pass.
   */
  failed: number;
  /** Files that no longer needed indexing when their turn came (deleted, indexed meanwhile). */
  skipped: number;
  /**
   * Files told to reindex whose indexing had not ended when the wait for it gave up; their
   * workflows go on with it. Absent from results of backfills that predate the wait.
   */
  unconfirmed?: number;
}

export const zeroCounts = (): BackfillCounts => ({
  done: 0,
  adopted: 0,
  failed: 0,
  skipped: 0,
  unconfirmed: 0,
});

export interface BackfillWorkspaceOptions {
  /** The throttle: dispatches per minute for this workspace, spaced evenly. */
  filesPerMinute: number;
  /** Files one run handles before it continues as new, so its history stays bounded. */
  filesPerRun: number;
  /** Files listed per query. */
  pageSize: number;
  /**
   * How long the backfill waits for a dispatched file to be indexed before it goes on to the
   * next one. Absent in inputs that predate it; DEFAULT_INDEX_WAIT_SECONDS applies then.
   */
  indexWaitSeconds?: number;
  /** Carried across continue-as-new; absent on a first run. */
  resume?: BackfillWorkspaceState;
}

/** Everything a run hands to the next one when it continues as new. */
export interface BackfillWorkspaceState {
  /** Id of the last file handled; files are visited in id order. */
  cursor?: string;
  counts: BackfillCounts;
  /** Files that needed indexing when the backfill started. */
  total: number;
  startedAt: string;
  /** Epoch ms before which the next dispatch must not happen (the throttle's memory). */
  nextDispatchAt: number;
  paused: boolean;
}

export interface BackfillProgress extends BackfillCounts {
  workspaceId: string;
  total: number;
  ratePerMinute: number;
  startedAt: string;
  /** Time left at the configured rate; 0 once finished. Does not count time spent paused. */
  etaSeconds: number;
  /** `starting` while the files to do are being counted: `total` is not known yet. */
  state: 'starting' | 'running' | 'paused' | 'finished';
}

export interface BackfillWorkspaceResult extends BackfillCounts {
  workspaceId: string;
  total: number;
  ratePerMinute: number;
  startedAt: string;
  finishedAt: string;
}

export interface BackfillAllOptions {
  /** How many workspaces are backfilled at the same time. */
  maxConcurrentWorkspaces: number;
  /** Passed to each workspace's child. */
  workspace: Omit<BackfillWorkspaceOptions, 'resume'>;
  /** Workspaces handled per run; the parent continues as new between pages. */
  workspacePageSize?: number;
  /** Carried across continue-as-new; absent on a first run. */
  resume?: BackfillAllState;
}

export interface BackfillAllState extends BackfillAllResult {
  /** Last workspace id handled; workspaces are visited in id order. */
  cursor?: string;
  startedAt: string;
}

export interface BackfillAllResult extends BackfillCounts {
  total: number;
  /** Workspaces whose child finished. */
  workspaces: number;
  /** Workspaces whose child failed, timed out or was cancelled; the others went on. */
  workspacesFailed: number;
  /** Workspaces skipped because a backfill of theirs was already running (started by the API). */
  workspacesAlreadyRunning: number;
}

export interface BackfillAllProgress extends BackfillAllResult {
  startedAt: string;
  running: string[];
}

export const progressQuery = defineQuery<BackfillProgress>('progress');
export const allProgressQuery = defineQuery<BackfillAllProgress>('progress');
export const pauseSignal = defineSignal<[]>('pause');
export const resumeSignal = defineSignal<[]>('resume');
