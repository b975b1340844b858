import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { stackEnv } from './stack';
import { localDir, repoRoot } from './stack/paths';
import { stackPortsFrom } from './stack/settings';

type Env = Record<string, string | undefined>;

/** Where `npm run dev` keeps its data: .local/dev, or DEV_DATA_DIR (the launcher's test). */
export function devDataDirFrom(env: Env): string {
  return env.DEV_DATA_DIR ? path.resolve(env.DEV_DATA_DIR) : path.join(localDir, 'dev');
}

/** A development signing secret, made once per data folder and kept there. */
function devJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
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
  const secret = merged.AUTH_JWT_SECRET ?? devJwtSecret(devDataDirFrom(merged));
  return {
    ...stackEnv(stackPortsFrom(merged)),
    AUTH_JWT_SECRET: secret,
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
