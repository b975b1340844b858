import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import {
  devSettings,
  killProcessesUsing,
  launchDev,
  openPorts,
  portsOf,
  processesUsing,
  processTreeOf,
  stillRunning,
  type DevRun,
} from '../test/support/dev-launcher';
import { DEV_CREDENTIALS, stackEnv } from './stack';
import { stackPortsFrom } from './stack/settings';

/** Ctrl-C used to take 12 s (SeaweedFS was killed after 10 s); now it is a few seconds. */
const STOP_BOUND_MS = 8_000;
const START_TIMEOUT_MS = 240_000;

let dataDir: string;
let settings: Record<string, string>;
let run: DevRun | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'dev-launcher-'));
  // Run as root, PostgreSQL runs as nobody, who must be able to reach its data folder.
  chmodSync(dataDir, 0o755);
  settings = await devSettings(dataDir);
});

afterEach(async () => {
  // A failed assertion must not leave a launcher running for the rest of the suite.
  if (run && stillRunning([run.pid]).length > 0) await run.interrupt();
  run = undefined;
});

afterAll(() => {
  killProcessesUsing(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Ctrl-C, then what a developer expects of it: quick, complete, and said so. */
async function interruptAndCheck(launcher: DevRun): Promise<void> {
  const tree = processTreeOf(launcher.pid);
  const took = await launcher.interrupt();

  expect(took).toBeLessThan(STOP_BOUND_MS);
  expect(stillRunning(tree)).toEqual([]);
  expect(processesUsing(dataDir)).toEqual([]);
  expect(await openPorts(portsOf(settings))).toEqual([]);
  expect(launcher.output().trimEnd().split('\n').at(-1)).toMatch(/^stopped in [\d.]+ s$/);
  expect(launcher.output().match(/"api shutting down"/g)).toHaveLength(1);
}

function clients() {
  const env = stackEnv(stackPortsFrom(settings));
  const s3 = new S3Client({
    endpoint: env.S3_ENDPOINT_URL,
    region: 'auto',
    credentials: DEV_CREDENTIALS,
    forcePathStyle: true,
  });
  return { env, s3, pg: new PgClient({ connectionString: env.DATABASE_URL }) };
}

describe('npm run dev', () => {
  it(
    'stops every process it started on Ctrl-C, and a restart finds the data again',
    async () => {
      run = launchDev(settings);
      await run.waitFor(/^API: +http/m, START_TIMEOUT_MS);
      expect(processTreeOf(run.pid).length).toBeGreaterThanOrEqual(7);

      const first = clients();
      await first.pg.connect();
      await first.pg.query('create table restart_probe (note text)');
      await first.pg.query(`insert into restart_probe values ('kept across restarts')`);
      await first.pg.end();
      await first.s3.send(
        new PutObjectCommand({
          Bucket: first.env.S3_BUCKET_NAME,
          Key: 'restart-probe.txt',
          Body: 'kept across restarts too',
        }),
      );
      first.s3.destroy();

      await interruptAndCheck(run);

      run = launchDev(settings);
      await run.waitFor(/^API: +http/m, START_TIMEOUT_MS);

      const second = clients();
      await second.pg.connect();
      const rows = await second.pg.query('select note from restart_probe');
      await second.pg.end();
      const object = await second.s3.send(
        new GetObjectCommand({ Bucket: second.env.S3_BUCKET_NAME, Key: 'restart-probe.txt' }),
      );
      const body = await object.Body!.transformToString();
      second.s3.destroy();

      expect(rows.rows).toEqual([{ note: 'kept across restarts' }]);
      expect(body).toBe('kept across restarts too');
      await interruptAndCheck(run);
    },
    3 * START_TIMEOUT_MS,
  );

  it(
    'stops what has started when Ctrl-C comes during start-up',
    async () => {
      run = launchDev(settings);
      await run.waitFor(/starting Temporal, PostgreSQL and SeaweedFS/, 60_000);
      await waitForServices(dataDir);

      const took = await run.interrupt();

      expect(took).toBeLessThan(STOP_BOUND_MS);
      expect(processesUsing(dataDir)).toEqual([]);
      expect(await openPorts(portsOf(settings))).toEqual([]);
      expect(run.output()).not.toMatch(/^API:/m);
      expect(run.output().trimEnd().split('\n').at(-1)).toMatch(/^stopped in [\d.]+ s$/);
    },
    START_TIMEOUT_MS,
  );
});

/** Waits until the stack's three services have been spawned (each names the data folder). */
async function waitForServices(dir: string): Promise<void> {
  const services = [/\/temporal server start-dev/, /\/postgres -D/, /\/weed server/];
  const allRunning = () =>
    services.every((service) => processesUsing(dir).some((p) => service.test(p)));
  const deadline = Date.now() + 30_000;
  while (!allRunning() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(allRunning()).toBe(true);
}
