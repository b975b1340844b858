import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { localDir, pgInstallDir } from './paths';

const run = promisify(execFile);

/**
 * PostgreSQL refuses to run as root. When we are root (CI, these machines), the server runs as
 * the unprivileged `nobody` user through setpriv; everyone else runs it as themselves. This
 * module decides where its binaries and its data live so that `nobody` can reach them.
 */
export const runsAsRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

/** A place that survives reboots and /tmp clean-ups, and that every user can traverse. */
const PERSISTENT_TEMP = '/var/tmp';

export function asServerUser(command: string, args: string[]): [string, string[]] {
  if (!runsAsRoot) return [command, args];
  const drop = [`--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', '--'];
  return ['setpriv', [...drop, command, ...args]];
}

async function canServerUserReach(target: string): Promise<boolean> {
  if (!runsAsRoot) return true;
  const [cmd, args] = asServerUser('test', ['-x', target]);
  try {
    await run(cmd, args);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns an install tree the server user can execute. When the clone sits under a folder that
 * `nobody` cannot traverse (a root home, say), the tree is mirrored once under the temp dir: a
 * copy of the wheel's files, made again whenever it is missing.
 */
export async function reachableInstall(): Promise<string> {
  const install = pgInstallDir();
  if (await canServerUserReach(path.join(install, 'bin', 'postgres'))) return install;
  // The binaries find their shared libraries at $ORIGIN/../../../pgserver.libs: mirror both.
  const sitePackages = path.resolve(install, '..', '..');
  const version = readdirSync(sitePackages).find((d) => /^pgserver-.*\.dist-info$/.test(d));
  const mirror = path.join(os.tmpdir(), `file-orchestrator-${version ?? 'pgserver'}`);
  const mirrored = path.join(mirror, 'pgserver', 'pginstall');
  if (!existsSync(path.join(mirrored, 'bin', 'postgres'))) {
    rmSync(mirror, { recursive: true, force: true });
    for (const dir of ['pgserver', 'pgserver.libs']) {
      cpSync(path.join(sitePackages, dir), path.join(mirror, dir), { recursive: true });
    }
  }
  return mirrored;
}

export interface DataPlacement {
  /** The folder PostgreSQL keeps its data in. */
  dir: string;
  /** Set when that is not the folder asked for, with why; for the launcher to print. */
  note?: string;
}

/**
 * Where the data lives: the folder asked for when the server user can reach it, after opening
 * the folders of .local on the way for traversal (they are ours; nothing above .local is ever
 * changed). Otherwise a folder of its own under /var/tmp, named after the asked-for path so that
 * every restart finds it, with a symbolic link at the asked-for path pointing there.
 */
export async function placeDataDir(dataDir: string): Promise<DataPlacement> {
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (!runsAsRoot) return { dir: dataDir };
  openForTraversal(parent);
  if (await canServerUserReach(parent)) return { dir: dataDir };

  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const standIn = path.join(PERSISTENT_TEMP, `file-orchestrator-pgdata-${digest}`);
  adoptEarlierStandIn(path.join(os.tmpdir(), path.basename(standIn)), standIn);
  if (!pathExists(dataDir)) symlinkSync(standIn, dataDir);
  return {
    dir: standIn,
    note:
      `PostgreSQL keeps its data in ${standIn} (linked from ${dataDir}): ` +
      `user nobody, who runs it, cannot reach ${parent}`,
  };
}

/** Adds search permission for others to this folder and its parents, as far up as .local. */
function openForTraversal(dir: string): void {
  for (let current = dir; isWithin(current, localDir); current = path.dirname(current)) {
    const mode = statSync(current).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
  }
}

function isWithin(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root + path.sep);
}

/** Earlier versions put the stand-in under os.tmpdir(): move such data over once. */
function adoptEarlierStandIn(earlier: string, standIn: string): void {
  if (pathExists(standIn) || !existsSync(path.join(earlier, 'PG_VERSION'))) return;
  renameSync(earlier, standIn);
}

function pathExists(target: string): boolean {
  try {
    lstatSync(target);
    return true;
  } catch {
    return false;
  }
}

/** Makes the server user the owner of this file or folder (when it is not us anyway). */
export function handToServerUser(target: string): void {
  if (runsAsRoot) chownSync(target, NOBODY.uid, NOBODY.gid);
}

export function ownDirForServer(dir: string): void {
  mkdirSync(dir, { recursive: true });
  handToServerUser(dir);
  chmodSync(dir, 0o700);
}
