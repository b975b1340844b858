import path from 'node:path';
import { startPostgres } from './postgres';
import { startSeaweed } from './seaweedfs';
import { freePort, type ServiceProcess } from './service-process';
import { startTemporal } from './temporal';

export interface StackPorts {
  temporal: number;
  temporalUi: number;
  temporalHttp: number;
  temporalMetrics: number;
  postgres: number;
  s3: number;
  weedMaster: number;
  weedMasterGrpc: number;
  weedVolume: number;
  weedVolumeGrpc: number;
  weedFiler: number;
  weedFilerGrpc: number;
}

export interface StackOptions {
  /** Where each service keeps its data; reused across runs so a restart keeps it. */
  dataDir: string;
  ports: StackPorts;
  headless?: boolean;
  namespace?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  database?: { name: string; user: string; password: string };
  /**
   * Each service in a process group of its own, for a launcher that stops them itself in its
   * own order; otherwise they share the caller's group, and a Ctrl-C reaches them too.
   */
  detached?: boolean;
  /** Cancels the start-up: what has started is stopped and startStack rejects. */
  signal?: AbortSignal;
  /** How long each service may take to become ready; by default as long as each needs. */
  readyTimeoutMs?: number;
}

export interface Stack {
  ports: StackPorts;
  /** Settings for the API, the workers and the tests, pointing at this stack. */
  env: Record<string, string>;
  services: ServiceProcess[];
  /** Things a person should know about this stack, such as data kept outside its folder. */
  notes: string[];
  stop(): Promise<void>;
}

/** Local-only credentials of the embedded stack; nothing outside loopback ever sees them. */
export const DEV_CREDENTIALS = {
  accessKeyId: 'file-orchestrator-dev',
  secretAccessKey: 'file-orchestrator-dev-secret-key',
};
export const DEV_DATABASE = {
  name: 'file_orchestrator',
  user: 'file_orchestrator',
  password: 'file-orchestrator-dev',
};

/** Settings that point the service's processes at a stack on the given ports. */
export function stackEnv(
  ports: StackPorts,
  namespace = 'default',
  credentials = DEV_CREDENTIALS,
  database = DEV_DATABASE,
): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_UI_URL: `http://127.0.0.1:${ports.temporalUi}`,
    DATABASE_URL:
      `postgres://${database.user}:${encodeURIComponent(database.password)}` +
      `@127.0.0.1:${ports.postgres}/${database.name}`,
    S3_ENDPOINT_URL: `http://127.0.0.1:${ports.s3}`,
    S3_BUCKET_NAME: 'file-orchestrator',
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    S3_REGION: 'auto',
  };
}

/** Free loopback ports for a whole stack, so test runs never collide with a dev stack. */
export async function freeStackPorts(): Promise<StackPorts> {
  const names: (keyof StackPorts)[] = [
    'temporal',
    'temporalUi',
    'temporalHttp',
    'temporalMetrics',
    'postgres',
    's3',
    'weedMaster',
    'weedMasterGrpc',
    'weedVolume',
    'weedVolumeGrpc',
    'weedFiler',
    'weedFilerGrpc',
  ];
  const ports: Partial<StackPorts> = {};
  const taken = new Set<number>();
  for (const name of names) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports as StackPorts;
}

/**
 * Starts Temporal, PostgreSQL and SeaweedFS on loopback, all at once, and stops them together.
 * When one of them fails, or the caller's signal aborts, the others stop waiting: every process
 * that was spawned is stopped before startStack rejects.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { ports, dataDir, detached, readyTimeoutMs } = options;
  const logDir = path.join(dataDir, 'logs');
  const namespace = options.namespace ?? 'default';
  const credentials = options.credentials ?? DEV_CREDENTIALS;
  const database = options.database ?? DEV_DATABASE;
  const cancel = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
  const cancelOthers = (error: unknown) => {
    cancel.abort();
    throw error;
  };

  const started = await Promise.allSettled([
    startTemporal({
      dataDir: path.join(dataDir, 'temporal'),
      logDir,
      port: ports.temporal,
      uiPort: ports.temporalUi,
      httpPort: ports.temporalHttp,
      metricsPort: ports.temporalMetrics,
      namespace,
      headless: options.headless,
      detached,
      signal,
      readyTimeoutMs,
    }).catch(cancelOthers),
    startPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      logDir,
      port: ports.postgres,
      database: database.name,
      user: database.user,
      password: database.password,
      detached,
      signal,
      readyTimeoutMs,
    }).catch(cancelOthers),
    startSeaweed({
      dataDir: path.join(dataDir, 'seaweedfs'),
      logDir,
      ports: {
        s3: ports.s3,
        master: ports.weedMaster,
        masterGrpc: ports.weedMasterGrpc,
        volume: ports.weedVolume,
        volumeGrpc: ports.weedVolumeGrpc,
        filer: ports.weedFiler,
        filerGrpc: ports.weedFilerGrpc,
      },
      ...credentials,
      detached,
      signal,
      readyTimeoutMs,
    }).catch(cancelOthers),
  ]);

  const services = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
  };
  const failures = started.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length > 0) {
    await stop();
    throw new Error(`the stack did not start:\n  ${failures.map((e) => e.message).join('\n  ')}`);
  }

  const env = stackEnv(ports, namespace, credentials, database);
  const notes = services.flatMap((s) =>
    'placement' in s && s.placement.note ? [s.placement.note] : [],
  );
  return { ports, env, services, notes, stop };
}
