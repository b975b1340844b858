import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { Config } from '../core/config';
import type { Database } from '../core/db/sequelize';
import type { Logger } from '../core/logger';
import { redactUrl } from '../core/logger';
import type { ObjectStore } from '../core/storage';
import { type QueryEmbedder } from './query-embedder';
import { errorHandler, notFoundHandler } from './error-handler';
import { methodNotAllowed } from './method-not-allowed';
import { metricsMiddleware, metricsRoutes } from './metrics';
import { authenticate, requireWorkspaceMember } from './middleware/auth';
import { healthRoutes, type HealthCheck } from './routes/health';
import { workspaceRoutes } from './routes/workspace';

/** Everything the API needs, built by the entry point (api/main.ts) or by a test. */
export interface ApiDeps {
  config: Config;
  logger: Logger;
  db: Database;
  store: ObjectStore;
  temporal: Client;
  /** Embeds search queries; the caller closes it when the API stops. */
  queryEmbedder: QueryEmbedder;
  /** Overrides the default checks (used by tests to point one at a stopped service). */
  healthChecks?: Record<string, HealthCheck>;
}

export function defaultHealthChecks(deps: ApiDeps): Record<string, HealthCheck> {
  return {
    // A deadline, not the abort signal: the client's own retries ignore an abort and would go
    // on calling a Temporal that is down for many seconds after each probe.
    temporal: async () => {
      await deps.temporal.withDeadline(Date.now() + deps.config.http.healthCheckTimeoutMs, () =>
        deps.temporal.workflowService.getSystemInfo({}),
      );
    },
    postgres: async () => {
      await deps.db.sequelize.query('select 1');
    },
    s3: (signal) => deps.store.ping(signal),
  };
}

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Read again when the response is logged: a refused request's line carries its code.
      customProps: (req, res) => {
        const errorCode = (res as { locals?: { errorCode?: string } }).locals?.errorCode;
        return { requestId: req.id, ...(errorCode && { errorCode }) };
      },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
      },
      // Health probes and scrapes would drown the log.
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  app.use((req, res, next) => {
    res.locals.requestId = req.id;
    next();
  });
  app.use(metricsMiddleware());

  // Bodies are parsed by the routes that take one (JSON, or a streamed form), not here.
  const health = healthRoutes(
    deps.healthChecks ?? defaultHealthChecks(deps),
    deps.config.http.healthCheckTimeoutMs,
  );
  const metrics = metricsRoutes();
  app.use(health);
  app.use(metrics);
  app.use(
    '/workspaces/:workspaceId',
    authenticate(deps.config.auth),
    requireWorkspaceMember,
    workspaceRoutes(deps),
  );

  app.use(methodNotAllowed(health, metrics));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
