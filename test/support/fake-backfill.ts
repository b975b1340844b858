import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type {
  AwaitIndexedInput,
  BackfillActivities,
  IndexingOutcome,
  DispatchOutcome,
  DispatchReindexInput,
} from '../../activities/backfill/contract';

export interface Dispatch {
  workspaceId: string;
  fileId: string;
  /** Server time when the dispatch was scheduled: virtual time under time skipping. */
  at: number;
  runId: string;
  finished: boolean;
}

/**
 * In-memory stand-ins for the backfill's activities: workspaces of files that need indexing,
 * and a log of every dispatch with the (virtual) time it happened, for throttle assertions.
 */
export class FakeBackfill {
  readonly dispatches: Dispatch[] = [];
  readonly indexed = new Set<string>();
  /** Workspaces whose listing fails for good, to prove one failure does not stop the others. */
  readonly broken = new Set<string>();
  /** Awaited inside a dispatch before it finishes; lets a test hold one dispatch open. */
  gate?: (input: DispatchReindexInput) => Promise<void>;
  /** Awaited while the backfill waits for a file's indexing; answers how the indexing ended. */
  indexing?: (input: AwaitIndexedInput) => Promise<IndexingOutcome>;
  /** Files whose indexing the backfill waited for, in order. */
  readonly awaited: string[] = [];
  private readonly files = new Map<string, string[]>();

  addWorkspace(workspaceId: string, count: number): string[] {
    const ids = Array.from(
      { length: count },
      (_, i) => `${workspaceId}-f${String(i).padStart(4, '0')}`,
    );
    this.files.set(workspaceId, ids);
    return ids;
  }

  dispatchesOf(workspaceId: string): Dispatch[] {
    return this.dispatches.filter((d) => d.workspaceId === workspaceId);
  }

  private pending(workspaceId: string): string[] {
    if (this.broken.has(workspaceId)) {
      throw ApplicationFailure.nonRetryable('listing refused', 'DEPENDENCY_UNAVAILABLE');
    }
    return (this.files.get(workspaceId) ?? []).filter((id) => !this.indexed.has(id));
  }

  readonly activities: BackfillActivities = {
    listFilesNeedingIndex: async ({ workspaceId, after, limit }) =>
      this.pending(workspaceId)
        .filter((id) => after === undefined || id > after)
        .slice(0, limit),
    countFilesNeedingIndex: async ({ workspaceId }) => this.pending(workspaceId).length,
    listWorkspacesNeedingIndex: async ({ after, limit }) =>
      [...this.files.keys()]
        .filter((ws) => this.broken.has(ws) || this.pending(ws).length > 0)
        .sort()
        .filter((ws) => after === undefined || ws > after)
        .slice(0, limit),
    dispatchFileReindex: async (input): Promise<DispatchOutcome> => {
      const info = Context.current().info;
      const dispatch: Dispatch = {
        workspaceId: input.workspaceId,
        fileId: input.fileId,
        at: info.currentAttemptScheduledTimestampMs,
        runId: info.workflowExecution?.runId ?? '',
        finished: false,
      };
      this.dispatches.push(dispatch);
      await this.gate?.(input);
      this.indexed.add(input.fileId);
      dispatch.finished = true;
      // Every other file stands for a legacy upload that had no workflow yet.
      return Number(input.fileId.slice(-1)) % 2 === 0 ? 'adopted' : 'signalled';
    },
    awaitFileIndexed: async (input) => {
      this.awaited.push(input.fileId);
      return (await this.indexing?.(input)) ?? 'indexed';
    },
  };
}

/** The most dispatches that fall in any window of `windowMs` (start inclusive, end exclusive). */
export function mostInAnyWindow(dispatches: Dispatch[], windowMs = 60_000): number {
  const times = dispatches.map((d) => d.at).sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
