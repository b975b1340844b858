import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const requestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Duration of HTTP requests by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Times every request, labelled by its route pattern (never by the raw path with ids). */
export function metricsMiddleware(): RequestHandler {
  return (req, res, next) => {
    const end = requestDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      // By the time an error has been answered, Express has left the workspace router and
      // req.baseUrl is empty again; the original URL still says where the route was mounted.
      const base = req.originalUrl.startsWith('/workspaces/') ? '/workspaces/:workspaceId' : '';
      const pattern = route ? `${base}${route}` : 'unmatched';
      end({ method: req.method, route: pattern, status: String(res.statusCode) });
    });
    next();
  };
}

export function metricsRoutes(): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
