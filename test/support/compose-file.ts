import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { repoRoot } from '../../scripts/stack/paths';

/** The parts of a compose service these tests read. */
export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  restart?: string;
  environment?: Record<string, string | number | null> | string[];
  volumes?: string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  entrypoint?: string[];
  init?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** The variables a copied .env.example gives compose to interpolate. */
export function envExample(): Record<string, string> {
  return parseEnv(readFileSync(path.join(repoRoot, '.env.example'), 'utf8')) as Record<
    string,
    string
  >;
}

/**
 * docker-compose.yml as compose reads it: YAML merge keys (`<<: *anchor`) applied, then every
 * string interpolated from the given variables.
 */
export function readComposeFile(vars: Record<string, string>): ComposeFile {
  const text = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
  return interpolateAll(parse(text, { merge: true }), vars) as ComposeFile;
}

/**
 * Compose's interpolation: $$ is a dollar sign; ${VAR} and $VAR the value (empty when unset);
 * ${VAR:-default} the default when VAR is unset or empty, ${VAR-default} only when unset;
 * ${VAR:?message} and ${VAR?message} fail without a value.
 */
export function interpolate(text: string, vars: Record<string, string>): string {
  const pattern = /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_]\w*)/g;
  return text.replace(pattern, (whole, name?: string, operator?: string, operand = '', bare?) => {
    if (whole === '$$') return '$';
    const variable = (name ?? bare) as string;
    const value = vars[variable];
    const missing = operator?.startsWith(':') ? !value : value === undefined;
    if (operator?.endsWith('-') && missing) return interpolate(operand, vars);
    if (operator?.endsWith('?') && missing) {
      throw new Error(`${variable} is required: ${operand || 'no value'}`);
    }
    return value ?? '';
  });
}

function interpolateAll(node: unknown, vars: Record<string, string>): unknown {
  if (typeof node === 'string') return interpolate(node, vars);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, vars));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateAll(value, vars)]),
    );
  }
  return node;
}

/** A service's environment as its container sees it, from the map or the KEY=VALUE list. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

/** The service names a service waits for, from either form of depends_on. */
export function dependenciesOf(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

/** One build stage of a Dockerfile: its name and its instructions, continuation lines joined. */
export interface DockerStage {
  name?: string;
  instructions: { keyword: string; args: string }[];
}

export function readDockerfile(): DockerStage[] {
  const text = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      stages.push({ name: /\sAS\s+(\S+)$/i.exec(line)?.[1], instructions: [] });
    }
    stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}
