import { Context } from '@temporalio/activity';
import { QueryTypes } from 'sequelize';
import type { Database } from '../../core/db/sequelize';
import type { Logger } from '../../core/logger';
import { deleteSignal } from '../../workflows/file-lifecycle/definitions';
import { sourceDeletionWorkflowId } from '../../workflows/source-deletion/definitions';
import { signalFileWorkflow, type FileWorkflowClient } from '../file-workflow-client';
import { softDeleteRows } from '../metadata/soft-delete';
import type { DeletionActivities } from './contract';

export type { DeletionActivities } from './contract';

export interface DeletionActivityDeps extends FileWorkflowClient {
  db: Pick<Database, 'sequelize' | 'models'>;
  logger: Logger;
}

/** Rows read per page, and signals in flight at once, while telling a parent's files. */
const PAGE_SIZE = 500;
const SIGNALS_IN_FLIGHT = 16;

/** The activities of a parent's deletion, run by the uploads worker. */
export function createDeletionActivities(deps: DeletionActivityDeps): DeletionActivities {
  const { sequelize, models } = deps.db;

  return {
    async softDeleteSourceFiles(input) {
      const rows = await softDeleteRows(sequelize, input);
      deps.logger.info(
        { ...input, workflowId: sourceDeletionWorkflowId(input), deleted: rows.length },
        'parent files soft-deleted',
      );
      return { deleted: rows.length, deletedAt: rows[0]?.deletedAtText };
    },

    /**
     * Pages through the rows the soft delete hid, in id order, and signals each file's workflow.
     * The cursor is heartbeated after every batch; a retried attempt starts after it. A file
     * told twice (a batch cut short by a crash) ignores the second delete.
     */
    async signalSourceFileDeletes(input) {
      const context = Context.current();
      let cursor = (context.info.heartbeatDetails as { cursor?: string } | undefined)?.cursor;
      let signalled = 0;

      for (;;) {
        const ids = await sequelize.query<{ id: string }>(
          `select id from file_metadata
            where workspace_id = $1 and source_type = $2 and source_id = $3
              and deleted_at = $4::timestamptz and ($5::uuid is null or id > $5::uuid)
            order by id limit $6`,
          {
            type: QueryTypes.SELECT,
            bind: [
              input.workspaceId,
              input.sourceType,
              input.sourceId,
              input.deletedAt,
              cursor ?? null,
              PAGE_SIZE,
            ],
          },
        );
        const rows = await models.FileMetadata.findAll({
          where: { id: ids.map((row) => row.id) },
          order: [['id', 'ASC']],
        });
        for (let i = 0; i < rows.length; i += SIGNALS_IN_FLIGHT) {
          const batch = rows.slice(i, i + SIGNALS_IN_FLIGHT);
          await Promise.all(
            batch.map((row) =>
              signalFileWorkflow(deps, row, deleteSignal, { requestedBy: input.requestedBy }),
            ),
          );
          signalled += batch.length;
          cursor = batch[batch.length - 1]!.id;
          context.heartbeat({ cursor });
        }
        if (ids.length < PAGE_SIZE) break;
      }

      deps.logger.info(
        { ...input, workflowId: sourceDeletionWorkflowId(input), signalled },
        'parent files told to delete',
      );
      return signalled;
    },
  };
}
