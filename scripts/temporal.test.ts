import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './stack/paths';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

function temporal(...args: string[]) {
  return spawnSync(tsx, [path.join(repoRoot, 'scripts', 'temporal.ts'), ...args], {
    cwd: repoRoot,
    env: process.env,
    encoding: 'utf8',
  });
}

describe('npm run -s temporal', () => {
  it("runs the pinned CLI against the configured cluster, showing the service's attributes", () => {
    const run = temporal('operator', 'search-attribute', 'list', '--output', 'json');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('WorkspaceId');
    expect(run.stdout).toContain('FileStatus');
  });

  it("passes the CLI's exit status on", () => {
    const run = temporal('workflow', 'describe', '--workflow-id', 'file-that-does-not-exist');

    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/not found/i);
  });
});
