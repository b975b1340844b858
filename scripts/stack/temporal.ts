import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SEARCH_ATTRIBUTES } from '../../temporal-config/search-attributes';
import { binaries } from './paths';
import { spawnService, stopOnFailure, waitUntil, type ServiceProcess } from './service-process';

const run = promisify(execFile);

export interface TemporalOptions {
  dataDir: string;
  logDir: string;
  port: number;
  uiPort: number;
  httpPort: number;
  metricsPort: number;
  namespace: string;
  /** Tests run without the web UI to spare a little CPU. */
  headless?: boolean;
  /** In a process group of its own (see SpawnOptions.detached). */
  detached?: boolean;
  /** Cancels the wait for readiness; the server is then stopped. */
  signal?: AbortSignal;
  /** How long the server may take to become ready; it is stopped when it does not. */
  readyTimeoutMs?: number;
}

/**
 * Starts the Temporal development server with SQLite persistence on loopback, with our custom
 * search attributes registered at launch so that workflows can be started with them at once.
 */
export async function startTemporal(opts: TemporalOptions): Promise<ServiceProcess> {
  mkdirSync(opts.dataDir, { recursive: true });
  const attributes = Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--http-port',
    String(opts.httpPort),
    '--metrics-port',
    String(opts.metricsPort),
    '--db-filename',
    path.join(opts.dataDir, 'temporal.sqlite'),
    '--namespace',
    opts.namespace,
    '--log-level',
    'warn',
    ...attributes,
    ...(opts.headless ? ['--headless'] : []),
  ];
  const server = spawnService('temporal', binaries.temporal, args, {
    logDir: opts.logDir,
    detached: opts.detached,
  });

  await stopOnFailure(server, () =>
    waitUntil(
      'Temporal',
      () => namespaceReady(server, opts),
      opts.readyTimeoutMs ?? 90_000,
      opts.signal,
    ),
  );
  return server;
}

/** The dev server is ready once it describes our namespace; an exited server ends the wait. */
async function namespaceReady(server: ServiceProcess, opts: TemporalOptions): Promise<boolean> {
  if (server.child.exitCode !== null) throw new Error(`temporal exited; see ${server.logFile}`);
  const address = `127.0.0.1:${opts.port}`;
  const describe = ['operator', 'namespace', 'describe', '--address', address];
  try {
    await run(binaries.temporal, [...describe, '--namespace', opts.namespace]);
    return true;
  } catch {
    return false;
  }
}
