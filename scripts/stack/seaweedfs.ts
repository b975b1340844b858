import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { binaries } from './paths';
import { spawnService, stopOnFailure, waitUntil, type ServiceProcess } from './service-process';

export interface SeaweedPorts {
  s3: number;
  master: number;
  masterGrpc: number;
  volume: number;
  volumeGrpc: number;
  filer: number;
  filerGrpc: number;
}

export interface SeaweedOptions {
  dataDir: string;
  logDir: string;
  ports: SeaweedPorts;
  accessKeyId: string;
  secretAccessKey: string;
  /** In a process group of its own (see SpawnOptions.detached). */
  detached?: boolean;
  /** Cancels the wait for readiness; the server is then stopped. */
  signal?: AbortSignal;
  /** How long the server may take to become ready; it is stopped when it does not. */
  readyTimeoutMs?: number;
}

/**
 * Starts SeaweedFS (master, volume, filer and the S3 gateway in one process) on loopback.
 * The S3 identity file makes the gateway enforce SigV4: with at least one identity configured,
 * anonymous and badly signed requests are refused.
 */
export async function startSeaweed(opts: SeaweedOptions): Promise<ServiceProcess> {
  mkdirSync(opts.dataDir, { recursive: true });
  const identities = {
    identities: [
      {
        name: 'file-orchestrator',
        credentials: [{ accessKey: opts.accessKeyId, secretKey: opts.secretAccessKey }],
        actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'],
      },
    ],
  };
  const configFile = path.join(opts.dataDir, 's3-identities.json');
  writeFileSync(configFile, JSON.stringify(identities, null, 2), { mode: 0o600 });

  const p = opts.ports;
  const server = spawnService(
    'seaweedfs',
    binaries.weed,
    [
      'server',
      `-dir=${opts.dataDir}`,
      '-ip=127.0.0.1',
      '-ip.bind=127.0.0.1',
      `-master.port=${p.master}`,
      `-master.port.grpc=${p.masterGrpc}`,
      '-master.volumeSizeLimitMB=256',
      // One master and no peers: the 10 s raft election timeout (and 300 ms heartbeat) meant to
      // ride out network blips between masters only delayed every restart by 13-18 s.
      '-master.electionTimeout=1s',
      '-master.heartbeatInterval=100ms',
      `-volume.port=${p.volume}`,
      `-volume.port.grpc=${p.volumeGrpc}`,
      '-volume.max=0',
      // No other volume server could take over its traffic during a 10 s farewell.
      '-volume.preStopSeconds=0',
      '-filer',
      `-filer.port=${p.filer}`,
      `-filer.port.grpc=${p.filerGrpc}`,
      `-filer.localSocket=${path.join(opts.dataDir, 'filer.sock')}`,
      '-s3',
      `-s3.port=${p.s3}`,
      `-s3.config=${configFile}`,
      `-s3.localSocket=${path.join(opts.dataDir, 's3.sock')}`,
      '-master.telemetry=false',
      // The gateway's Iceberg and Lance listeners default to fixed ports, which would collide
      // between stacks running side by side; the service needs neither.
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
    ],
    {
      logDir: opts.logDir,
      detached: opts.detached,
      // On SIGTERM the filer waits a fixed 15 s for gRPC streams that never end by themselves
      // (its own metadata subscription and the S3 gateway's, both in this same process) before
      // it goes on. Every write it acknowledged is already in its files by then, so it gets a
      // moment to close its listeners and is then killed.
      stopTimeoutMs: 2_000,
    },
  );

  // The gateway answers 403 to an unsigned request once it is up and enforcing identities.
  await stopOnFailure(server, () =>
    waitUntil(
      'SeaweedFS S3 gateway',
      () => enforcingSigV4(server, p.s3),
      opts.readyTimeoutMs ?? 90_000,
      opts.signal,
    ),
  );
  return server;
}

async function enforcingSigV4(server: ServiceProcess, s3Port: number): Promise<boolean> {
  if (server.child.exitCode !== null) throw new Error(`weed exited; see ${server.logFile}`);
  try {
    const res = await fetch(`http://127.0.0.1:${s3Port}/`);
    return res.status === 403;
  } catch {
    return false;
  }
}
