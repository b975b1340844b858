import { signToken } from '../core/auth';
import { loadConfig } from '../core/config';
import { devDataDir, loadDevEnv } from './dev-env';
import { prepareServices } from './prepare-services';
import { startStack, type Stack } from './stack';
import { repoRoot } from './stack/paths';
import { spawnService, waitUntil, type ServiceProcess } from './stack/service-process';
import { stackPortsFrom } from './stack/settings';
import path from 'node:path';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

/** The service's own processes, each in its own Node process like in production. */
const PROCESSES = [
  { name: 'api', entry: 'api/main.ts' },
  { name: 'worker-uploads', entry: 'workers/uploads.ts' },
  { name: 'worker-analysis', entry: 'workers/analysis.ts' },
];

/**
 * `npm run dev`: the embedded stack (Temporal dev server with UI, PostgreSQL with pgvector,
 * SeaweedFS S3) on loopback with data under .local/dev, then migrations, the bucket, the
 * schedules, the workers and the API. Ctrl-C stops everything it started.
 */
async function main(): Promise<void> {
  const env = loadDevEnv(process.env);
  const config = loadConfig(env);
  const logDir = path.join(devDataDir, 'logs');
  let stack: Stack | undefined;
  const children: ServiceProcess[] = [];

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await Promise.allSettled(children.map((c) => c.stop()));
    await stack?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    console.log('starting Temporal, PostgreSQL and SeaweedFS…');
    stack = await startStack({ dataDir: devDataDir, ports: stackPortsFrom(env) });
    await prepareServices(env);
    await applyDeclaredSchedules(env);

    for (const p of PROCESSES) {
      const child = spawnService(p.name, tsx, [path.join(repoRoot, p.entry)], {
        logDir,
        env,
        cwd: repoRoot,
        tee: true,
      });
      children.push(child);
    }
    const api = `http://127.0.0.1:${config.http.port}`;
    await waitUntil(
      'the API',
      async () => {
        for (const c of children) {
          if (c.child.exitCode !== null) throw new Error(`${c.name} exited; see ${c.logFile}`);
        }
        const res = await fetch(`${api}/healthz`).catch(() => undefined);
        return res?.status === 200;
      },
      120_000,
    );

    const token = signToken({ userId: 'dev-user', workspaces: ['ws-dev'] }, config.auth);
    console.log(
      [
        '',
        `API:          ${api}   (health: ${api}/healthz)`,
        `Temporal UI:  ${env.TEMPORAL_UI_URL}`,
        `Dev token:    ${token}`,
        '              (user dev-user, workspace ws-dev; make others with npm run -s token)',
        `Logs:         ${logDir}`,
        '',
        'Press Ctrl-C to stop everything.',
      ].join('\n'),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop(1);
  }
}

/** Schedules are applied when their module exists (the backfill declares them). */
async function applyDeclaredSchedules(env: Record<string, string>): Promise<void> {
  const { applyDeclaredSchedules: apply } = await import('./apply-schedules-hook');
  await apply(env);
}

void main();
