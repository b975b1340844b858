import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { killProcessesUsing, openPorts, processesUsing } from '../../test/support/dev-launcher';
import { freeStackPorts, startStack, type StackPorts } from './index';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'start-stack-'));
  // PostgreSQL runs as nobody when the tests run as root: it must reach its data folder.
  chmodSync(dataDir, 0o755);
});

afterEach(() => {
  killProcessesUsing(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

const portList = (ports: StackPorts) => Object.values(ports);

describe('a stack that does not start', () => {
  it('leaves no process behind when its services time out before they are ready', async () => {
    const ports = await freeStackPorts();

    await expect(
      startStack({ dataDir, ports, headless: true, readyTimeoutMs: 300 }),
    ).rejects.toThrow(/Temporal was not ready|PostgreSQL was not ready|SeaweedFS/);

    expect(processesUsing(dataDir)).toEqual([]);
    expect(await openPorts(portList(ports))).toEqual([]);
  });

  it('stops the other services at once when one of them fails', async () => {
    const ports = await freeStackPorts();
    const squatter = net.createServer().listen(ports.postgres, '127.0.0.1');
    const began = Date.now();

    try {
      await expect(startStack({ dataDir, ports, headless: true })).rejects.toThrow(
        /postgres exited/,
      );
    } finally {
      squatter.close();
    }

    expect(Date.now() - began).toBeLessThan(30_000);
    expect(processesUsing(dataDir)).toEqual([]);
    expect(await openPorts(portList(ports).filter((p) => p !== ports.postgres))).toEqual([]);
  });
});
