import type { RequestHandler } from 'express';
import { verifyToken, type AuthSettings, type Principal } from '../../core/auth';
import { forbidden, unauthenticated } from '../../core/errors';

/** Reads `Authorization: Bearer <JWT>` and puts the principal on res.locals. */
export function authenticate(settings: AuthSettings): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match?.[1] ? verifyToken(match[1], settings) : undefined;
    if (!principal) {
      next(unauthenticated());
      return;
    }
    res.locals.principal = principal;
    next();
  };
}

/** Refuses any caller whose token does not list the workspace named in the path. */
export const requireWorkspaceMember: RequestHandler = (req, res, next) => {
  const principal = res.locals.principal as Principal | undefined;
  const workspaceId = req.params.workspaceId as string | undefined;
  if (!principal) {
    next(unauthenticated());
    return;
  }
  if (!workspaceId || !principal.workspaces.includes(workspaceId)) {
    next(forbidden());
    return;
  }
  next();
};

export function principalOf(locals: Record<string, unknown>): Principal {
  return locals.principal as Principal;
}
