import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../scripts/stack/paths';
import { freePort, spawnService, waitForPort } from '../../scripts/stack/service-process';

/** Debian puts nginx in /usr/sbin, which is not on every user's PATH. */
const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

const TEMPLATE_DIR = path.join(repoRoot, 'deploy', 'nginx');

export interface StorageProxy {
  /** The public origin browsers would use, e.g. http://127.0.0.1:PORT */
  origin: string;
  /** What S3_PUBLIC_ENDPOINT_URL is set to for the app under test. */
  publicEndpoint: string;
  stop(): Promise<void>;
}

export function nginxBinary(): string {
  const found = NGINX_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('nginx is not installed; run `npm run setup` as root or apt-get it');
  return found;
}

/**
 * Runs a real nginx in the foreground on a free loopback port, serving the object store under
 * /storage/ with the same configuration files that deployments include (deploy/nginx/). Its
 * pid file, logs and temporary files live in a directory of its own.
 */
export async function startStorageProxy(storeEndpoint: string): Promise<StorageProxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'storage-proxy-'));
  const temp = path.join(dir, 'temp');
  mkdirSync(temp);
  const port = await freePort();

  const upstream = readFileSync(
    path.join(TEMPLATE_DIR, 'storage-upstream.conf.template'),
    'utf8',
  ).replaceAll('${STORAGE_UPSTREAM}', new URL(storeEndpoint).host);
  writeFileSync(path.join(dir, 'storage-upstream.conf'), upstream);
  writeFileSync(path.join(dir, 'nginx.conf'), mainConfig(dir, temp, port));

  const nginx = spawnService(
    'nginx',
    nginxBinary(),
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    { logDir: dir },
  );
  await waitForPort('127.0.0.1', port, 10_000, nginx).catch((error: Error) => {
    throw new Error(`${error.message}\n${readLog(dir)}`);
  });

  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    publicEndpoint: `${origin}/storage`,
    async stop() {
      await nginx.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function mainConfig(dir: string, temp: string, port: number): string {
  // nginx started by root drops its workers to "nobody", who could not write the temp dir.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  return `${user}
daemon off;
master_process on;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  access_log ${path.join(dir, 'access.log')};
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  include ${path.join(dir, 'storage-upstream.conf')};
  server {
    listen 127.0.0.1:${port};
    include ${path.join(TEMPLATE_DIR, 'storage-location.conf')};
  }
}
`;
}

function readLog(dir: string): string {
  const file = path.join(dir, 'error.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '(no error log)';
}
