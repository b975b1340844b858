import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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
}

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

  return {
    name,
    child,
    logFile,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
      log.end();
    },
  };
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

/** Polls until check() resolves true; an error thrown by check() ends the wait at once. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
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
