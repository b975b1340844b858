import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  asServerUser,
  handToServerUser,
  ownDirForServer,
  placeDataDir,
  reachableInstall,
  type DataPlacement,
} from './postgres-placement';
import { spawnService, stopOnFailure, waitUntil, type ServiceProcess } from './service-process';

// Asynchronous on purpose: a launcher blocked in initdb or psql cannot answer a Ctrl-C, and tsx,
// which runs it, kills a child that does not acknowledge a signal within a few dozen ms.
const run = promisify(execFile);

/** Bound on one psql call of the set-up (a readiness probe, creating the database). */
const PSQL_TIMEOUT_MS = 15_000;

export interface PostgresOptions {
  dataDir: string;
  logDir: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** In a process group of its own (see SpawnOptions.detached). */
  detached?: boolean;
  /** Cancels the wait for readiness; the server is then stopped. */
  signal?: AbortSignal;
  /** How long the server may take to become ready; it is stopped when it does not. */
  readyTimeoutMs?: number;
}

async function initCluster(install: string, opts: PostgresOptions): Promise<void> {
  if (existsSync(path.join(opts.dataDir, 'PG_VERSION'))) return;
  ownDirForServer(opts.dataDir);
  const pwFile = path.join(os.tmpdir(), `.pg-pass-${process.pid}-${Date.now()}`);
  writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 });
  handToServerUser(pwFile);
  const [cmd, args] = asServerUser(path.join(install, 'bin', 'initdb'), [
    '-D',
    opts.dataDir,
    '-U',
    opts.user,
    '--auth=scram-sha-256',
    `--pwfile=${pwFile}`,
    '--encoding=UTF8',
    '--locale=C',
  ]);
  try {
    await run(cmd, args);
  } finally {
    rmSync(pwFile, { force: true });
  }
}

async function psql(
  install: string,
  opts: PostgresOptions,
  database: string,
  sql: string,
): Promise<string> {
  // A port that accepts but never answers (another program on it) must not hang start-up: the
  // connection gives up after a few seconds, and the whole call after a few more.
  const { stdout } = await run(
    path.join(install, 'bin', 'psql'),
    ['-h', '127.0.0.1', '-p', String(opts.port), '-U', opts.user, '-d', database, '-tAc', sql],
    {
      env: { ...process.env, PGPASSWORD: opts.password, PGCONNECT_TIMEOUT: '3' },
      encoding: 'utf8',
      timeout: PSQL_TIMEOUT_MS,
    },
  );
  return stdout.trim();
}

/** PostgreSQL, with where it keeps its data (which may not be the folder asked for). */
export interface PostgresServer extends ServiceProcess {
  readonly placement: DataPlacement;
}

/** Starts PostgreSQL 16 on loopback, creates the database and the vector extension. */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const install = await reachableInstall();
  const placement = await placeDataDir(options.dataDir);
  const opts = { ...options, dataDir: placement.dir };
  await initCluster(install, opts);

  const [cmd, args] = asServerUser(path.join(install, 'bin', 'postgres'), [
    '-D',
    opts.dataDir,
    '-p',
    String(opts.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=`,
    '-c',
    'max_connections=200',
  ]);
  // SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions and checkpoints, where SIGTERM
  // ("smart") would wait for every client to disconnect first.
  const server = spawnService('postgres', cmd, args, {
    logDir: opts.logDir,
    detached: opts.detached,
    stopSignal: 'SIGINT',
  });
  await stopOnFailure(server, async () => {
    await waitUntil(
      'PostgreSQL',
      () => accepting(server, install, opts),
      opts.readyTimeoutMs ?? 60_000,
      opts.signal,
    );
    await createDatabase(install, opts);
  });
  return Object.assign(server, { placement });
}

async function accepting(
  server: ServiceProcess,
  install: string,
  opts: PostgresOptions,
): Promise<boolean> {
  if (server.child.exitCode !== null) throw new Error(`postgres exited; see ${server.logFile}`);
  try {
    return (await psql(install, opts, 'postgres', 'select 1')) === '1';
  } catch {
    return false;
  }
}

async function createDatabase(install: string, opts: PostgresOptions): Promise<void> {
  const exists = await psql(
    install,
    opts,
    'postgres',
    `select 1 from pg_database where datname = '${opts.database}'`,
  );
  if (exists !== '1') await psql(install, opts, 'postgres', `create database "${opts.database}"`);
  await psql(install, opts, opts.database, 'create extension if not exists vector');
}
