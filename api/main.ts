import { loadConfig } from '../core/config';
import { buildRuntime } from '../core/runtime';
import { connectTemporalClient } from '../core/temporal';
import { createApp } from './app';
import { lazyQueryEmbedder } from './query-embedder';

/** API process: serves HTTP, starts/signals/queries workflows, reads the database. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const runtime = buildRuntime(config, 'api');
  const { logger } = runtime;

  await runtime.store.ensureBucket();
  const temporal = await connectTemporalClient(config.temporal);
  const queryEmbedder = lazyQueryEmbedder(config.ai);
  const app = createApp({ ...runtime, temporal, queryEmbedder });

  const server = app.listen(config.http.port, config.http.host, () => {
    logger.info({ host: config.http.host, port: config.http.port }, 'api listening');
  });

  // Phased shutdown: stop accepting, let requests in flight finish, then close the clients.
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'api shutting down');
    server.close(() => {
      void Promise.allSettled([
        temporal.connection.close(),
        runtime.close(),
        queryEmbedder.close(),
      ]).then(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
