import type { Request } from 'express';

/**
 * The workspace named in the path. Routers mounted under /workspaces/:workspaceId merge that
 * parameter in, but Express's types only know a route's own parameters.
 */
export function workspaceIdOf(req: Request): string {
  return (req.params as Record<string, string>).workspaceId!;
}
