import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pgInstallDir } from './paths';
import { spawnService, stopOnFailure, waitUntil, type ServiceProcess } from './service-process';

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

/**
 * PostgreSQL refuses to run as root. When we are root (CI, these machines), the server runs as
 * the unprivileged `nobody` user through setpriv; everyone else runs it as themselves.
 */
const runsAsRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534, name: 'nobody' };

function asServerUser(command: string, args: string[]): [string, string[]] {
  if (!runsAsRoot) return [command, args];
  const drop = [`--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', '--'];
  return ['setpriv', [...drop, command, ...args]];
}

function canServerUserRead(target: string): boolean {
  if (!runsAsRoot) return true;
  const [cmd, args] = asServerUser('test', ['-x', target]);
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns an install tree the server user can execute. When the clone sits under a folder that
 * `nobody` cannot traverse (a root home, say), the tree is mirrored once under the temp dir.
 */
function reachableInstall(): string {
  const install = pgInstallDir();
  if (canServerUserRead(path.join(install, 'bin', 'postgres'))) return install;
  // The binaries find their shared libraries at $ORIGIN/../../../pgserver.libs: mirror both.
  const sitePackages = path.resolve(install, '..', '..');
  const version = readdirSync(sitePackages).find((d) => /^pgserver-.*\.dist-info$/.test(d));
  const mirror = path.join(os.tmpdir(), `file-orchestrator-${version ?? 'pgserver'}`);
  const mirrored = path.join(mirror, 'pgserver', 'pginstall');
  if (!existsSync(path.join(mirrored, 'bin', 'postgres'))) {
    rmSync(mirror, { recursive: true, force: true });
    for (const dir of ['pgserver', 'pgserver.libs']) {
      cpSync(path.join(sitePackages, dir), path.join(mirror, dir), { recursive: true });
    }
  }
  return mirrored;
}

/**
 * The data directory as asked, or, when the server user cannot reach it (same reason as
 * above), a stable stand-in under the temp dir so that restarts still find their data.
 */
function reachableDataDir(dataDir: string): string {
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (canServerUserRead(parent)) return dataDir;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `file-orchestrator-pgdata-${digest}`);
}

function ownDirForServer(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (runsAsRoot) chownSync(dir, NOBODY.uid, NOBODY.gid);
  chmodSync(dir, 0o700);
}

function initCluster(install: string, opts: PostgresOptions): void {
  if (existsSync(path.join(opts.dataDir, 'PG_VERSION'))) return;
  ownDirForServer(opts.dataDir);
  const pwFile = path.join(os.tmpdir(), `.pg-pass-${process.pid}-${Date.now()}`);
  writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 });
  if (runsAsRoot) chownSync(pwFile, NOBODY.uid, NOBODY.gid);
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
    execFileSync(cmd, args, { stdio: 'pipe' });
  } finally {
    execFileSync('rm', ['-f', pwFile]);
  }
}

function psql(install: string, opts: PostgresOptions, database: string, sql: string): string {
  return execFileSync(
    path.join(install, 'bin', 'psql'),
    ['-h', '127.0.0.1', '-p', String(opts.port), '-U', opts.user, '-d', database, '-tAc', sql],
    { env: { ...process.env, PGPASSWORD: opts.password }, encoding: 'utf8', stdio: 'pipe' },
  ).trim();
}

/** Starts PostgreSQL 16 on loopback, creates the database and the vector extension. */
export async function startPostgres(options: PostgresOptions): Promise<ServiceProcess> {
  const install = reachableInstall();
  const opts = { ...options, dataDir: reachableDataDir(options.dataDir) };
  initCluster(install, opts);

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
    createDatabase(install, opts);
  });
  return server;
}

async function accepting(
  server: ServiceProcess,
  install: string,
  opts: PostgresOptions,
): Promise<boolean> {
  if (server.child.exitCode !== null) throw new Error(`postgres exited; see ${server.logFile}`);
  try {
    return psql(install, opts, 'postgres', 'select 1') === '1';
  } catch {
    return false;
  }
}

function createDatabase(install: string, opts: PostgresOptions): void {
  const exists = psql(
    install,
    opts,
    'postgres',
    `select 1 from pg_database where datname = '${opts.database}'`,
  );
  if (exists !== '1') psql(install, opts, 'postgres', `create database "${opts.database}"`);
  psql(install, opts, opts.database, 'create extension if not exists vector');
}
