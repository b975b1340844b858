import { parseArgs } from 'node:util';
import { signToken } from '../core/auth';
import { loadConfig } from '../core/config';
import { loadDevEnv } from './dev-env';

/**
 * `npm run -s token -- --workspace W [--workspace W2] --user U [--ttl SECONDS]` prints a bearer
 * token for the configured secret (the dev stack's when none is configured), and nothing else.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string', multiple: true, short: 'w' },
      user: { type: 'string', short: 'u', default: 'dev-user' },
      ttl: { type: 'string', default: String(24 * 3600) },
    },
  });
  const workspaces = values.workspace ?? [];
  if (workspaces.length === 0) throw new Error('give at least one --workspace');
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive integer');

  const config = loadConfig(loadDevEnv(process.env));
  process.stdout.write(`${signToken({ userId: values.user!, workspaces }, config.auth, ttl)}\n`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
