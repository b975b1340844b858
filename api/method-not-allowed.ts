import type { RequestHandler, Router } from 'express';
import { ServiceError } from '../core/errors';

interface KnownRoute {
  segments: string[];
  methods: string[];
}

/**
 * Answers 405 METHOD_NOT_ALLOWED, with an Allow header, for a request that no route took but
 * whose path some route of these routers serves with another method; other requests go on (to
 * the 404). Mount it after the routes. The routes are read from the routers themselves, once,
 * on the first request, so that the answer cannot drift from what is served. Sub-routers are
 * followed where they are mounted without a path of their own, as every one of ours is.
 */
export function methodNotAllowed(...routers: Router[]): RequestHandler {
  let routes: KnownRoute[] | undefined;
  return (req, res, next) => {
    routes ??= routers.flatMap((router) => routesOf(router as unknown as RouterStack));
    const segments = splitPath(req.path);
    const allowed = new Set(
      routes.filter((route) => matches(route.segments, segments)).flatMap((r) => r.methods),
    );
    if (allowed.size === 0) {
      next();
      return;
    }

    if (allowed.has('GET')) allowed.add('HEAD');
    const methods = [...allowed].sort();
    res.setHeader('Allow', methods.join(', '));
    next(
      new ServiceError(
        'METHOD_NOT_ALLOWED',
        `${req.method} is not served on this path; it takes ${methods.join(', ')}.`,
        { allowed: methods },
      ),
    );
  };
}

/** The parts of Express's router stack read here: routes, and routers mounted in routers. */
interface RouterStack {
  stack?: {
    route?: { path: unknown; methods: Record<string, boolean | undefined> };
    handle?: RouterStack;
  }[];
}

function routesOf(router: RouterStack): KnownRoute[] {
  return (router.stack ?? []).flatMap((layer): KnownRoute[] => {
    if (layer.route && typeof layer.route.path === 'string') {
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
      return [{ segments: splitPath(layer.route.path), methods: methods.map(upper) }];
    }
    return layer.handle?.stack ? routesOf(layer.handle) : [];
  });
}

const upper = (method: string) => method.toUpperCase();

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** `:name` segments match any one segment; the others match themselves exactly. */
function matches(pattern: string[], path: string[]): boolean {
  return (
    pattern.length === path.length &&
    pattern.every((segment, i) => segment.startsWith(':') || segment === path[i])
  );
}
