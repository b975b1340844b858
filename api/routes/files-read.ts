import { Router } from 'express';
import { Op, type WhereOptions } from 'sequelize';
import type { FileMetadata } from '../../core/db/models/file-metadata';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { findFile } from '../file-lookup';
import { queryFileStatus } from '../file-status';
import { fileView } from '../file-view';
import { isFileId, listQuery } from '../validation/file-requests';
import { fieldProblem, invalid, parseOrThrow } from '../validation/parse';
import { policyForSourceType } from '../upload-policy';

/** GET /files/:fileId (one file, with the workflow's live status) and GET /files (a listing). */
export function readRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  const { FileMetadata } = deps.db.models;

  router.get('/files/:fileId', async (req, res) => {
    const file = await findFile(deps.db.models, workspaceIdOf(req), req.params.fileId, {
      includeDeleted: true,
    });
    const log = req.log.child({
      fileId: file.id,
      workspaceId: file.workspaceId,
      workflowId: file.workflowId,
    });
    const live = await queryFileStatus(deps, file.workflowId, log);
    res.json(fileView(file, live));
  });

  router.get('/files', async (req, res) => {
    const query = parseOrThrow(listQuery, req.query, 'query string');
    if (query.cursor !== undefined && !isFileId(query.cursor)) {
      throw invalid('query string', [
        fieldProblem('cursor', 'must be a nextCursor this service handed out'),
      ]);
    }
    // The same refusal as everywhere else: an unknown type is a mistake, not an empty parent.
    if (query.sourceType) policyForSourceType(query.sourceType);

    const where: WhereOptions<FileMetadata>[] = [{ workspaceId: workspaceIdOf(req) }];
    if (query.sourceType) where.push({ sourceType: query.sourceType });
    if (query.sourceId) where.push({ sourceId: query.sourceId });
    if (!query.includeDeleted) where.push({ deletedAt: null });
    // Keyset pagination: the cursor is the last file of the previous page, and the next page
    // starts strictly after its (created_at, id), so inserts between pages never shift rows.
    if (query.cursor) {
      where.push(
        FileMetadata.sequelize!.literal(
          '(created_at, id) < (select c.created_at, c.id from file_metadata c where c.id = :cursor)',
        ) as WhereOptions<FileMetadata>,
      );
    }
    const rows = await FileMetadata.findAll({
      where: { [Op.and]: where },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: query.limit,
      replacements: { cursor: query.cursor ?? null },
    });

    const last = rows.length === query.limit ? rows[rows.length - 1] : undefined;
    res.json({ files: rows.map((row) => fileView(row)), nextCursor: last?.id ?? null });
  });

  return router;
}
