import { parseArgs } from 'node:util';
import { signToken } from '../core/auth';
import { loadConfig } from '../core/config';
import { withDevDefaults } from './dev-env';

const DEFAULT_TTL_SECONDS = 24 * 3600;

const USAGE = `Usage: npm run -s token -- --workspace <id> [--workspace <id> ...] [options]

Prints one bearer token for the API (an HS256 JWT) on one line and nothing else, signed with
AUTH_JWT_SECRET, or with the development stack's own secret when that is unset outside
production.

Options:
  -w, --workspace <id>  a workspace the token grants; repeat it for more (at least one)
  -u, --user <id>       the user the token names (its subject); default dev-user
      --ttl <seconds>   how long the token stays valid; default ${DEFAULT_TTL_SECONDS} (24 hours)
  -h, --help            show this text
`;

/** `npm run -s token -- --workspace W [--workspace W2] [--user U] [--ttl SECONDS]` */
function main(): void {
  const values = parseOptions(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const workspaces = values.workspace ?? [];
  if (workspaces.length === 0) throw new Error('give at least one --workspace (see --help)');
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive integer');

  const config = loadConfig(withDevDefaults(process.env));
  process.stdout.write(`${signToken({ userId: values.user!, workspaces }, config.auth, ttl)}\n`);
}

function parseOptions(args: string[]) {
  try {
    const { values } = parseArgs({
      args,
      options: {
        workspace: { type: 'string', multiple: true, short: 'w' },
        user: { type: 'string', short: 'u', default: 'dev-user' },
        ttl: { type: 'string', default: String(DEFAULT_TTL_SECONDS) },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : error} (see --help)`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
