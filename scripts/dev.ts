import path from 'node:path';
import { signToken } from '../core/auth';
import { loadConfig, type Config } from '../core/config';
import { connectTemporalClient } from '../core/temporal';
import { devDataDirFrom, loadDevEnv } from './dev-env';
import { prepareServices } from './prepare-services';
import { startStack, type Stack } from './stack';
import { repoRoot } from './stack/paths';
import {
  killLeftoverGroups,
  spawnService,
  waitUntil,
  type ServiceProcess,
} from './stack/service-process';
import { stackPortsFrom } from './stack/settings';
import { workersPolling } from './worker-pollers';

/**
 * Node with tsx's loader, rather than the tsx command: that one puts a relay process in front,
 * which kills its child when the child does not acknowledge a signal within a few dozen ms, so
 * that a worker busy at that moment would be killed instead of draining.
 */
const NODE_WITH_TSX = [process.execPath, '--import', 'tsx'] as const;

/** The service's own processes, each in its own Node process like in production. */
const PROCESSES = [
  { name: 'api', entry: 'api/main.ts' },
  { name: 'worker-uploads', entry: 'workers/uploads.ts' },
  { name: 'worker-analysis', entry: 'workers/analysis.ts' },
];

/** What has been started so far, in the order it must be stopped in reverse. */
interface Started {
  stack?: Stack;
  processes: ServiceProcess[];
}

/**
 * `npm run dev`: the embedded stack (Temporal dev server with UI, PostgreSQL with pgvector,
 * SeaweedFS S3) on loopback with data under .local/dev (or DEV_DATA_DIR), then migrations, the
 * bucket, the schedules, the workers and the API.
 *
 * The launcher owns the shutdown. Every process it starts has a process group of its own, so a
 * Ctrl-C in the terminal reaches the launcher alone; it stops the API and the workers first
 * (they drain against a database and a store that are still there), then the stack, and says
 * when everything is gone. A Ctrl-C, a failure or a timeout during start-up stops whatever had
 * started by then.
 */
async function main(): Promise<void> {
  const env = loadDevEnv(process.env);
  const config = loadConfig(env);
  const started: Started = { processes: [] };
  const startup = new AbortController();
  let starting: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;

  const stop = (code: number) => {
    stopping ??= (async () => {
      const began = Date.now();
      console.log('\nstopping…');
      startup.abort();
      await starting.catch(() => undefined);
      await stopInOrder(started);
      console.log(`stopped in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Should the launcher itself die, its service groups would outlive it: take them along.
  process.on('exit', killLeftoverGroups);

  starting = start(env, config, started, startup.signal);
  try {
    await starting;
  } catch (error) {
    if (!startup.signal.aborted) console.error(error instanceof Error ? error.message : error);
    await stop(1);
  }
}

async function start(
  env: Record<string, string>,
  config: Config,
  started: Started,
  signal: AbortSignal,
): Promise<void> {
  const dataDir = devDataDirFrom(env);
  const logDir = path.join(dataDir, 'logs');

  console.log('starting Temporal, PostgreSQL and SeaweedFS…');
  const ports = stackPortsFrom(env);
  started.stack = await startStack({ dataDir, ports, detached: true, signal });
  for (const note of started.stack.notes) console.log(note);
  await prepareServices(env);
  await applyDeclaredSchedules(env);
  signal.throwIfAborted();

  const launchedAt = new Date();
  for (const p of PROCESSES) {
    const [node, ...flags] = NODE_WITH_TSX;
    const child = spawnService(p.name, node, [...flags, path.join(repoRoot, p.entry)], {
      logDir,
      env,
      cwd: repoRoot,
      tee: true,
      detached: true,
    });
    started.processes.push(child);
  }
  const api = `http://127.0.0.1:${config.http.port}`;
  await waitForService(started.processes, api, config, launchedAt, signal);

  const token = signToken({ userId: 'dev-user', workspaces: ['ws-dev'] }, config.auth);
  console.log(
    [
      '',
      `API:          ${api}   (health: ${api}/healthz)`,
      `Temporal UI:  ${env.TEMPORAL_UI_URL}`,
      `Dev token:    ${token}`,
      '              (user dev-user, workspace ws-dev, 24 h; more with npm run -s token)',
      `Data:         ${dataDir}`,
      `Logs:         ${logDir}`,
      '',
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
}

/** Ready means the API answers its health check and every worker polls its task queue. */
async function waitForService(
  processes: ServiceProcess[],
  api: string,
  config: Config,
  launchedAt: Date,
  signal: AbortSignal,
): Promise<void> {
  const temporal = await connectTemporalClient(config.temporal);
  try {
    await waitUntil(
      'the API and the workers',
      async () => {
        for (const p of processes) {
          if (p.child.exitCode !== null) throw new Error(`${p.name} exited; see ${p.logFile}`);
        }
        const health = await fetch(`${api}/healthz`).catch(() => undefined);
        if (health?.status !== 200) return false;
        return workersPolling(temporal, config.temporal, launchedAt);
      },
      180_000,
      signal,
    );
  } finally {
    await temporal.connection.close();
  }
}

/** The service's processes first, so that they drain with their dependencies still up. */
async function stopInOrder(started: Started): Promise<void> {
  await Promise.allSettled(started.processes.map((p) => p.stop()));
  await started.stack?.stop();
}

/** Schedules are applied when their module exists (the backfill declares them). */
async function applyDeclaredSchedules(env: Record<string, string>): Promise<void> {
  const { applyDeclaredSchedules: apply } = await import('./apply-schedules-hook');
  await apply(env);
}

void main();
