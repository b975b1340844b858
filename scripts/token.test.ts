import { spawnSync } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { verifyToken } from '../core/auth';
import { repoRoot } from './stack/paths';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const secret = 'a-token-test-secret-that-is-long-enough-for-hs256';

/** Runs `npm run -s token -- ...` as a shell would, with a known signing secret. */
function token(...args: string[]) {
  const run = spawnSync(tsx, [path.join(repoRoot, 'scripts', 'token.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, AUTH_JWT_SECRET: secret },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run -s token', () => {
  it('prints exactly one line: a token the API accepts for the given workspaces and user', () => {
    const run = token('--workspace', 'ws-a', '--workspace', 'ws-b', '--user', 'alice');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const principal = verifyToken(run.stdout.trim(), { jwtSecret: secret });
    expect(principal).toEqual({ userId: 'alice', workspaces: ['ws-a', 'ws-b'] });
  });

  it('lives 24 hours unless --ttl says otherwise', () => {
    const lifetime = (stdout: string) => {
      const claims = jwt.decode(stdout.trim()) as { iat: number; exp: number };
      return claims.exp - claims.iat;
    };

    expect(lifetime(token('-w', 'ws-a').stdout)).toBe(24 * 3600);
    expect(lifetime(token('-w', 'ws-a', '--ttl', '600').stdout)).toBe(600);
  });

  it('answers --help with its usage and success', () => {
    const run = token('--help');

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('--workspace <id>');
    expect(run.stdout).toContain('--ttl <seconds>');
  });

  it('refuses an unknown option on stderr, with nothing on stdout', () => {
    const run = token('--workspace', 'ws-a', '--bogus');

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("Unknown option '--bogus'");
  });
});
