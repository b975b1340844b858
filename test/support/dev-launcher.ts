import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../../scripts/stack/paths';
import { descendantsOf, runningProcesses } from '../../scripts/stack/process-table';
import { freePort, sleep } from '../../scripts/stack/service-process';

/** The settings a second `npm run dev` needs beside any other: free ports, its own data. */
export async function devSettings(dataDir: string): Promise<Record<string, string>> {
  const taken = new Set<number>();
  const next = async () => {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    return String(port);
  };
  // SeaweedFS puts each gRPC port at its HTTP port + 10000: both must be free.
  const pair = async () => {
    for (;;) {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      if (taken.has(port) || taken.has(port + 10_000)) continue;
      if ((await canListen(port)) && (await canListen(port + 10_000))) {
        taken.add(port).add(port + 10_000);
        return String(port);
      }
    }
  };
  return {
    DEV_DATA_DIR: dataDir,
    PORT: await next(),
    TEMPORAL_PORT: await next(),
    TEMPORAL_UI_PORT: await next(),
    TEMPORAL_HTTP_PORT: await next(),
    TEMPORAL_METRICS_PORT: await next(),
    POSTGRES_PORT: await next(),
    S3_PORT: await next(),
    SEAWEED_MASTER_PORT: await pair(),
    SEAWEED_VOLUME_PORT: await pair(),
    SEAWEED_FILER_PORT: await pair(),
  };
}

/** Every port of those settings, SeaweedFS's gRPC ports included. */
export function portsOf(settings: Record<string, string>): number[] {
  const ports = Object.entries(settings)
    .filter(([name]) => name.endsWith('PORT'))
    .map(([, value]) => Number(value));
  const seaweed = ['SEAWEED_MASTER_PORT', 'SEAWEED_VOLUME_PORT', 'SEAWEED_FILER_PORT'];
  return [...ports, ...seaweed.map((name) => Number(settings[name]) + 10_000)];
}

export interface DevRun {
  /** The launcher's pid, also the id of the process group a terminal would have given it. */
  pid: number;
  output(): string;
  /** Resolves with the first match in the output so far or to come. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Ctrl-C: SIGINT to the whole group. Resolves with the milliseconds until the launcher exits. */
  interrupt(): Promise<number>;
  exited: Promise<number | null>;
}

/**
 * Starts scripts/dev.ts as `npm run dev` does, in a process group of its own as a terminal
 * would give it, with only the given settings (never the test stack's).
 */
export function launchDev(settings: Record<string, string>): DevRun {
  // The same command as the npm script: node with tsx's loader, no relay process in front.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'scripts', 'dev.ts')],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  return {
    pid: child.pid!,
    output: () => output,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) break;
        await sleep(200);
      }
      throw new Error(`no ${pattern} in the launcher's output:\n${output.slice(-4000)}`);
    },
    async interrupt() {
      const sent = Date.now();
      process.kill(-child.pid!, 'SIGINT');
      await exited;
      return Date.now() - sent;
    },
    exited,
  };
}

/** The launcher and everything below it, as it is now. */
export function processTreeOf(pid: number): number[] {
  return [pid, ...descendantsOf(pid)];
}

/** Of these pids, the ones still running (zombies count as gone). */
export function stillRunning(pids: number[]): number[] {
  const running = new Set(runningProcesses().map((p) => p.pid));
  return pids.filter((pid) => running.has(pid));
}

/** Running processes whose command line names this folder: the stack's services do. */
export function processesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(dir) && stillRunning([Number(name)]).length > 0) {
        found.push(`${name}: ${cmdline.slice(0, 120)}`);
      }
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/**
 * Kills whatever still runs on this folder. A test's last resort after it failed: the stack it
 * left would keep the test runner from ever exiting. Answers what it had to kill.
 */
export function killProcessesUsing(dir: string): string[] {
  const left = processesUsing(dir);
  for (const entry of left) {
    try {
      process.kill(Number(entry.split(':')[0]), 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  return left;
}

/** Of these ports, the ones something still accepts connections on. */
export async function openPorts(ports: number[]): Promise<number[]> {
  const open = await Promise.all(ports.map((port) => canConnect(port)));
  return ports.filter((_, i) => open[i]);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
