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
 * /healthz with each dependency down in turn. The first app is pointed at a PostgreSQL server of
 * its own, so that the test can stop it and watch /healthz report it down while Temporal and S3
 * stay up; the others reach Temporal or the store at an address where nothing listens.
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

describe('GET /healthz with Temporal or the store out of reach', () => {
  /** An app on the test stack, but with the named dependency at a port where nothing listens. */
  async function appWithout(service: 'temporal' | 's3') {
    const nowhere = `127.0.0.1:${await freePort()}`;
    const config = testConfig({
      HEALTH_CHECK_TIMEOUT_MS: '2000',
      ...(service === 's3' && { S3_ENDPOINT_URL: `http://${nowhere}` }),
    });
    const own = buildRuntime(config, 'test');
    const temporalConnection =
      service === 'temporal'
        ? // Without the client's retries, nothing this test starts outlives it.
          Connection.lazy({ address: nowhere, connectTimeout: 1000, interceptors: [] })
        : await Connection.connect({ address: config.temporal.address });
    const temporal = new Client({
      connection: temporalConnection,
      namespace: config.temporal.namespace,
    });
    const app = createApp({ ...own, temporal, queryEmbedder: lazyQueryEmbedder(config.ai) });
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    const { port } = listening.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}/healthz`,
      async close() {
        listening.close();
        await own.close();
        await temporalConnection.close().catch(() => undefined);
      },
    };
  }

  it.each([
    ['temporal', ['postgres', 's3']],
    ['s3', ['temporal', 'postgres']],
  ] as const)('answers 503 naming %s, the others up', async (service, upServices) => {
    const app = await appWithout(service);
    try {
      const res = await fetch(app.url);
      const body = (await res.json()) as {
        status: string;
        down: string[];
        services: Record<string, { status: string; error?: string }>;
      };

      expect(res.status).toBe(503);
      expect(body.status).toBe('degraded');
      expect(body.down).toEqual([service]);
      expect(body.services[service]).toEqual({ status: 'down', error: expect.any(String) });
      for (const up of upServices) expect(body.services[up]).toEqual({ status: 'up' });
    } finally {
      await app.close();
    }
  });
});
