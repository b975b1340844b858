import { Client, Connection } from '@temporalio/client';
import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRuntime, type Runtime } from '../core/runtime';
import { startPostgres } from '../scripts/stack/postgres';
import { freePort, type ServiceProcess } from '../scripts/stack/service-process';
import { testConfig } from '../test/support/runtime';
import { createApp } from './app';
import { lazyQueryEmbedder } from './query-embedder';

/**
 * The API is pointed at a PostgreSQL server of its own, so that the test can stop it and watch
 * /healthz report it down while Temporal and S3 stay up.
 */
let postgres: ServiceProcess;
let runtime: Runtime;
let connection: Connection;
let server: Server;
let baseUrl: string;
const dataDir = path.join(os.tmpdir(), `healthz-pg-${process.pid}`);

beforeAll(async () => {
  const port = await freePort();
  const db = { database: 'health', user: 'health', password: 'health-pass' };
  postgres = await startPostgres({ dataDir, logDir: path.join(dataDir, 'logs'), port, ...db });
  const config = testConfig({
    DATABASE_URL: `postgres://health:health-pass@127.0.0.1:${port}/health`,
  });
  runtime = buildRuntime(config, 'test');
  connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  // Never asked to search here, so the query model is never loaded.
  const app = createApp({ ...runtime, temporal, queryEmbedder: lazyQueryEmbedder(config.ai) });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  server?.close();
  await runtime?.close();
  await connection?.close();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /healthz', () => {
  it('answers 200 with every dependency up', async () => {
    const res = await fetch(`${baseUrl}/healthz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      down: [],
      services: { temporal: { status: 'up' }, postgres: { status: 'up' }, s3: { status: 'up' } },
    });
  });

  it('answers 503 naming PostgreSQL once it is stopped', async () => {
    await postgres.stop();

    const res = await fetch(`${baseUrl}/healthz`);
    const body = (await res.json()) as { down: string[]; services: Record<string, unknown> };

    expect(res.status).toBe(503);
    expect(body.down).toEqual(['postgres']);
    expect(body.services.postgres).toMatchObject({ status: 'down' });
    expect(body.services.s3).toEqual({ status: 'up' });
  });
});
