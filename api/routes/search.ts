import { Router } from 'express';
import { z } from 'zod';
import { SOURCE_SLUG } from '../../core/source-policies';
import type { ApiDeps } from '../app';
import { jsonBody } from '../json-body';
import { searchWorkspace } from '../search-query';
import { parseOrThrow } from '../validation/parse';
import { workspaceIdOf } from '../workspace-param';

/**
 * POST /search: semantic search over the workspace's files, blended with matches on file
 * names, tags and summaries. The query must be embedded by the model that embedded the files:
 * the same configuration builds both.
 */
export function searchRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  const { maxResults } = deps.config.search;
  const body = z.object({
    query: z.string().trim().min(1).max(1000),
    limit: z.number().int().min(1).max(maxResults).default(10),
    sourceType: z.string().regex(SOURCE_SLUG).optional(),
    sourceId: z.string().min(1).max(200).optional(),
  });

  router.post('/search', jsonBody(deps.config.http.bodyLimitBytes), async (req, res) => {
    const request = parseOrThrow(body, req.body, 'search request');
    const model = await deps.queryEmbedder.get();
    const vector = await model.embeddings.embedQuery(request.query);
    const results = await searchWorkspace(
      deps.db.sequelize,
      { ...request, workspaceId: workspaceIdOf(req), vector, model: model.model },
      deps.config.search,
    );
    res.json({ results });
  });
  return router;
}
