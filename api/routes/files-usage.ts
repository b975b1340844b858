import { Router } from 'express';
import { QueryTypes } from 'sequelize';
import { QUOTA_STATES, workspaceQuotaBytes } from '../../core/workspace-quota';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';

/**
 * GET /usage: what the workspace's quota is measured against, from the rows themselves. Bytes
 * are the verified size once known and the declared size while an upload is pending, the same
 * measure the quota check at registration uses.
 */
export function usageRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/usage', async (req, res) => {
    const workspaceId = workspaceIdOf(req);

    const [totals] = await deps.db.sequelize.query<{ used: string; files: string }>(
      `select coalesce(sum(coalesce(size_bytes, declared_size_bytes, 0)), 0) as used,
              count(*) as files
         from file_metadata
        where workspace_id = :workspaceId and deleted_at is null and status in (:states)`,
      { type: QueryTypes.SELECT, replacements: { workspaceId, states: QUOTA_STATES } },
    );

    res.json({
      usedBytes: Number(totals?.used ?? 0),
      limitBytes: workspaceQuotaBytes(deps.config.limits, workspaceId),
      fileCount: Number(totals?.files ?? 0),
    });
  });

  return router;
}
