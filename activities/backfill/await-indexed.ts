import { Context } from '@temporalio/activity';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Models } from '../../core/db/sequelize';
import type { Logger } from '../../core/logger';
import type { AwaitIndexedInput, IndexingOutcome } from './contract';
import { needsIndexingWhere } from './needs-indexing';

export interface AwaitIndexedDeps {
  models: Pick<Models, 'FileMetadata'>;
  pipelineVersion: string;
  logger: Logger;
  /** How often the row is read while the file is being indexed. */
  pollMs?: number;
}

const DEFAULT_POLL_MS = 2_000;

/**
 * Waits until the file a backfill just told to reindex has been indexed, or has failed, by
 * reading its row: this is what keeps a backfill from queueing more work than the analysis
 * workers get through. Heartbeats on every read, so that a cancelled backfill stops waiting at
 * once; the reindex itself goes on in the file's own workflow either way.
 */
export function awaitFileIndexed(deps: AwaitIndexedDeps) {
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  const { FileMetadata } = deps.models;

  const outcomeNow = async (input: AwaitIndexedInput): Promise<IndexingOutcome | undefined> => {
    const row = await FileMetadata.findByPk(input.fileId, {
      attributes: ['status', 'deletedAt', 'aiStatus', 'updatedAt'],
    });
    if (!row || row.deletedAt || row.status !== 'ready') return 'gone';
    if (row.aiStatus === 'pending' || row.aiStatus === 'running') return undefined;

    const stillNeeded = await FileMetadata.count({
      where: { ...needsIndexingWhere(deps.pipelineVersion), id: input.fileId },
    });
    if (stillNeeded === 0) return row.aiStatus === 'failed' ? 'failed' : 'indexed';
    // Still needed and settled: a failure written after the dispatch is this reindex's (its
    // attempts ran out); anything older means the file's workflow has not started on it yet.
    if (row.aiStatus === 'failed' && row.updatedAt.getTime() > Date.parse(input.dispatchedAt)) {
      return 'failed';
    }
    return undefined;
  };

  return async (input: AwaitIndexedInput): Promise<IndexingOutcome> => {
    const context = Context.current();
    const giveUpAt = Date.parse(input.dispatchedAt) + input.waitSeconds * 1000;

    for (;;) {
      const outcome = await outcomeNow(input);
      if (outcome) return outcome;
      if (Date.now() >= giveUpAt) {
        deps.logger.warn(
          { workspaceId: input.workspaceId, fileId: input.fileId, waitSeconds: input.waitSeconds },
          'backfill stopped waiting for a file to be indexed',
        );
        return 'unconfirmed';
      }

      context.heartbeat();
      await sleep(pollMs, undefined, { signal: context.cancellationSignal });
    }
  };
}
