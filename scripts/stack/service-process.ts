import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { groupRunning } from './process-table';

/** A child process of the stack, with its log file, that can be stopped politely. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Also copy the output to this process's stdout, each line prefixed with the name. */
  tee?: boolean;
  /**
   * Run in a process group of its own. A Ctrl-C in the terminal then reaches only the launcher,
   * which stops each process in its turn; whatever the process started is stopped with it.
   */
  detached?: boolean;
  /** The signal that asks this process to stop; SIGTERM unless it has a faster polite one. */
  stopSignal?: NodeJS.Signals;
  /** How long a polite stop may take before the process (and its group) is killed. */
  stopTimeoutMs?: number;
}

const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/** Process groups this process created and has not seen end yet (see killLeftoverGroups). */
const liveGroups = new Set<number>();

export function spawnService(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
): ServiceProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (options.tee) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          if (line) process.stdout.write(`${name} | ${line}\n`);
        }
      });
    }
  }

  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });

  // Signals go to the process itself (it knows how to stop its own helpers, as PostgreSQL does
  // its backends); only the last resort, SIGKILL, goes to the whole group when it has one.
  const groupId = options.detached ? child.pid : undefined;
  if (groupId !== undefined) liveGroups.add(groupId);
  const kill = () => {
    if (groupId !== undefined) signalGroup(groupId, 'SIGKILL');
    else child.kill('SIGKILL');
  };

  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    logFile,
    stop() {
      stopping ??= (async () => {
        if (!exited) {
          child.kill(options.stopSignal ?? 'SIGTERM');
          const killer = setTimeout(kill, options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
          await exit;
          clearTimeout(killer);
        }
        if (groupId !== undefined) {
          await reapGroup(groupId);
          liveGroups.delete(groupId);
        }
        log.end();
      })();
      return stopping;
    },
  };
}

/**
 * Once a group's leader has exited, what it left behind (tsx's esbuild service, say) normally
 * follows within moments; whatever is still there after a short while is killed.
 */
async function reapGroup(groupId: number): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (groupRunning(groupId) && Date.now() < deadline) await sleep(50);
  if (groupRunning(groupId)) signalGroup(groupId, 'SIGKILL');
}

function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Kills, at once and without waiting, every detached group this process started and did not
 * stop: a last resort for a launcher that is exiting for a reason it did not plan (a crash), so
 * that no service outlives it unseen. Synchronous, for process.on('exit').
 */
export function killLeftoverGroups(): void {
  for (const groupId of liveGroups) signalGroup(groupId, 'SIGKILL');
  liveGroups.clear();
}

/**
 * Runs the start-up steps of a service that was just spawned. When one fails, times out or is
 * cancelled, the process is stopped before the error goes on, so that nothing is left running
 * that no one holds a handle to.
 */
export async function stopOnFailure<T>(
  service: ServiceProcess,
  steps: () => Promise<T>,
): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    await service.stop();
    throw error;
  }
}

/** Resolves when something accepts TCP connections on host:port, or rejects after the timeout. */
export async function waitForPort(
  host: string,
  port: number,
  timeoutMs: number,
  service?: ServiceProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service && service.child.exitCode !== null) {
      throw new Error(`${service.name} exited early; see ${service.logFile}`);
    }
    if (await canConnect(host, port)) return;
    await sleep(200);
  }
  const where = service ? `; see ${service.logFile}` : '';
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms${where}`);
}

/**
 * Polls until check() resolves true; an error thrown by check() ends the wait at once, and so
 * does the abort signal (a Ctrl-C during start-up).
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error(`waiting for ${what} was cancelled`);
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms`);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Asks the kernel for a port that is free right now on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port was assigned'));
      });
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
