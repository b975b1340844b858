import { lstatSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { localDir } from './paths';
import { startPostgres, type PostgresServer } from './postgres';
import { freePort } from './service-process';

/** Only root hands PostgreSQL to `nobody`; as anyone else the data always stays where asked. */
const asRoot = process.getuid?.() === 0;
const rootOnly = asRoot ? it : it.skip;

const database = { database: 'placement', user: 'placement', password: 'placement-secret' };
const cleanUp: string[] = [];
let server: PostgresServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
  for (const dir of cleanUp.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let port = 0;

async function start(dataDir: string, logDir: string): Promise<PostgresServer> {
  port = await freePort();
  server = await startPostgres({ dataDir, logDir, port, ...database });
  return server;
}

async function query(sql: string): Promise<unknown[]> {
  const client = new Client({ host: '127.0.0.1', port, ...database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('where PostgreSQL keeps its data when run as root', () => {
  rootOnly('opens a closed folder under .local for nobody and keeps the data there', async () => {
    const closed = mkdtempSync(path.join(localDir, 'placement-')); // mode 0700, as umask 077 makes
    cleanUp.push(closed);
    const dataDir = path.join(closed, 'postgres');

    const pg = await start(dataDir, path.join(closed, 'logs'));

    expect(pg.placement).toEqual({ dir: dataDir });
    expect(statSync(closed).mode & 0o001).toBe(0o001);
    expect(lstatSync(dataDir).isDirectory()).toBe(true);
  });

  rootOnly(
    'moves to a folder of its own under /var/tmp, never /tmp, and finds it again',
    async () => {
      // A folder nobody cannot traverse, outside .local: as a clone under /root would be.
      const home = mkdtempSync(path.join(os.tmpdir(), 'placement-home-'));
      cleanUp.push(home);
      const dataDir = path.join(home, 'clone', '.local', 'dev', 'postgres');

      let pg = await start(dataDir, path.join(home, 'logs'));
      const standIn = pg.placement.dir;
      cleanUp.push(standIn);
      await query('create table kept (note text)');
      await query(`insert into kept values ('still here')`);
      await pg.stop();

      expect(standIn).toMatch(/^\/var\/tmp\/file-orchestrator-pgdata-[0-9a-f]{12}$/);
      expect(readlinkSync(dataDir)).toBe(standIn);
      expect(pg.placement.note).toContain(standIn);
      expect(statSync(home).mode & 0o077).toBe(0);

      pg = await start(dataDir, path.join(home, 'logs'));

      expect(pg.placement.dir).toBe(standIn);
      expect(await query('select note from kept')).toEqual([{ note: 'still here' }]);
    },
  );
});
