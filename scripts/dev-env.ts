import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { stackEnv } from './stack';
import { localDir, repoRoot } from './stack/paths';
import { stackPortsFrom } from './stack/settings';

type Env = Record<string, string | undefined>;

export const devDataDir = path.join(localDir, 'dev');

/** A development signing secret, made once per clone and kept with the dev data. */
function devJwtSecret(): string {
  const file = path.join(devDataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(devDataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function dotEnv(): Record<string, string> {
  const file = path.join(repoRoot, '.env');
  if (!existsSync(file)) return {};
  return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

/**
 * The environment of the development processes: the embedded stack's addresses and a local
 * secret as defaults, then `.env`, then the real environment, each overriding the one before.
 */
export function loadDevEnv(env: Env): Record<string, string> {
  const merged = nonEmpty({ ...dotEnv(), ...env });
  return {
    ...stackEnv(stackPortsFrom(merged)),
    AUTH_JWT_SECRET: devJwtSecret(),
    // The pinned SDK runs on Node 20; its notice that future releases need Node 22 is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...merged,
  };
}

/**
 * Settings of the operator scripts (token, schedules, the Temporal CLI): in production exactly
 * the environment they run in, elsewhere with the development stack filling the gaps, so that
 * a production shell never signs with, or connects to, something it did not configure.
 */
export function withDevDefaults(env: Env): Env {
  return env.NODE_ENV === 'production' ? env : loadDevEnv(env);
}

/** An empty value (as in a copied .env.example) means "use the default", not "empty". */
function nonEmpty(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}
