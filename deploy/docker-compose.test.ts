import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/config';
import { repoRoot } from '../scripts/stack/paths';
import {
  dependenciesOf,
  envExample,
  environmentOf,
  interpolate,
  readComposeFile,
  readDockerfile,
  type ComposeService,
} from '../test/support/compose-file';

const compose = readComposeFile(envExample());
const stages = readDockerfile();
const image = stages.at(-1)!;

/** What the image itself sets (ENV lines of the final stage), under what compose sets. */
function imageEnv(): Record<string, string> {
  return Object.fromEntries(
    image.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => {
        const at = i.args.indexOf('=');
        return [i.args.slice(0, at), i.args.slice(at + 1)];
      }),
  );
}

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The configuration a process of the image builds inside that service's container. */
function containerConfig(name: string) {
  return loadConfig({ ...imageEnv(), ...environmentOf(service(name)) });
}

describe("the compose file's interpolation, as these tests read it", () => {
  it('follows compose: defaults for unset or empty, $$ for a dollar, failures for ?', () => {
    const vars = { SET: 'value', EMPTY: '' };

    expect(interpolate('${SET:-x} ${EMPTY:-x} ${UNSET:-x} ${EMPTY-x} ${UNSET-x}', vars)).toBe(
      'value x x  x',
    );
    expect(interpolate('$SET/${UNSET}/$$HOME/^NAME$', vars)).toBe('value//$HOME/^NAME$');
    expect(interpolate('${UNSET:-${SET}}', vars)).toBe('value');
    expect(() => interpolate('${UNSET:?set it}', vars)).toThrow('UNSET is required: set it');
  });
});

describe('docker-compose.yml', () => {
  it.each(['api', 'worker-uploads', 'worker-analysis', 'migrate'])(
    "gives %s a configuration the service's own loader accepts",
    (name) => {
      const config = containerConfig(name);

      expect(config.env).toBe('production');
      expect(config.database.url).toMatch(/@postgres:5432\//);
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.storage.endpoint).toBe('http://rustfs:9000');
      expect(config.storage.publicEndpoint).toMatch(/\/storage$/);
    },
  );

  it('lets the API listen beyond its container, where nginx reaches it', () => {
    const config = containerConfig('api');
    const proxied = readFileSync(path.join(repoRoot, 'deploy', 'nginx', 'compose.conf'), 'utf8');

    expect(config.http.host).toBe('0.0.0.0');
    expect(proxied).toContain(`proxy_pass http://api:${config.http.port};`);
  });

  it('runs every part of the deployment the service needs', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'temporal',
        'temporal-ui',
        'temporal-setup',
        'postgres',
        'rustfs',
        'nginx',
        'migrate',
        'api',
        'worker-uploads',
        'worker-analysis',
      ]),
    );
    expect(service('postgres').image).toMatch(/^pgvector\/pgvector:/);
    expect(service('rustfs').image).toMatch(/^rustfs\/rustfs:/);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:/);
  });

  it.each(['api', 'worker-uploads', 'worker-analysis'])(
    "runs %s as node itself behind an init, so that docker stop's SIGTERM drains it",
    (name) => {
      expect(service(name).command?.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
      expect(service(name).init).toBe(true);
    },
  );

  it('migrates once, before the API and the workers start', () => {
    expect(service('migrate').restart ?? 'no').toBe('no');
    expect(service('migrate').command).toEqual(expect.arrayContaining(['scripts/migrate.ts']));
    for (const name of ['api', 'worker-uploads', 'worker-analysis']) {
      expect(dependenciesOf(service(name))).toMatchObject({
        migrate: 'service_completed_successfully',
        'temporal-setup': 'service_completed_successfully',
      });
    }
  });

  it('serves /storage/ through nginx with the tested snippets where they are included', () => {
    const mounts = Object.fromEntries(
      (service('nginx').volumes ?? []).map((volume) => {
        const [source = '', target = ''] = volume.split(':');
        return [path.basename(source), { source: path.resolve(repoRoot, source), target }];
      }),
    );
    const server = mounts['compose.conf']!;
    const location = mounts['storage-location.conf']!;
    const upstream = mounts['storage-upstream.conf.template']!;

    for (const mount of [server, location, upstream]) expect(existsSync(mount.source)).toBe(true);
    expect(readFileSync(server.source, 'utf8')).toContain(`include ${location.target};`);
    expect(upstream.target).toMatch(/^\/etc\/nginx\/templates\/.+\.template$/);
  });

  it("points nginx's storage upstream at the port RustFS listens on", () => {
    const template = readFileSync(
      path.join(repoRoot, 'deploy/nginx/storage-upstream.conf.template'),
      'utf8',
    );
    const nginx = environmentOf(service('nginx'));
    const rustfs = environmentOf(service('rustfs'));

    expect(template).toContain('server ${STORAGE_UPSTREAM};');
    expect(new RegExp(nginx.NGINX_ENVSUBST_FILTER!).test('STORAGE_UPSTREAM')).toBe(true);
    expect(nginx.STORAGE_UPSTREAM).toBe(`rustfs${rustfs.RUSTFS_ADDRESS}`);
  });

  it('builds the analysis worker an image that holds the model it loads at start-up', () => {
    const config = containerConfig('worker-analysis');
    const workdir = image.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)!.args;
    const copies = image.instructions
      .filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from='))
      .map((i) => {
        const [from = '', source = '', target = ''] = i.args.split(/\s+/);
        return { stage: from.slice('--from='.length), source, target };
      });

    const modelCopy = copies.find(
      (c) =>
        path.posix.resolve(workdir, c.target) ===
        path.posix.resolve(workdir, config.ai.embedding.localModelDir),
    );
    expect(modelCopy).toBeDefined();
    const stage = stages.find((s) => s.name === modelCopy!.stage)!;
    const runs = stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.join('\n')).toContain('scripts/install-models.sh');
    const stageDir = stage.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)!.args;
    expect(modelCopy!.source).toBe(path.posix.join(stageDir, '.local/models'));
  });
});
