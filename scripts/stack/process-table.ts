import { readdirSync, readFileSync } from 'node:fs';

/** One running process as the kernel lists it under /proc. */
export interface ProcessEntry {
  pid: number;
  parentPid: number;
  groupId: number;
}

/**
 * The processes that are running now, zombies left out: a process that has exited but was not
 * yet reaped by its parent holds no port, no file and no CPU. Linux only (it reads /proc).
 */
export function runningProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readStat(name);
    if (entry) entries.push(entry);
  }
  return entries;
}

function readStat(pid: string): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const [state, parent, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') return undefined;
    return { pid: Number(pid), parentPid: Number(parent), groupId: Number(group) };
  } catch {
    return undefined;
  }
}

/** Whether any process of this group is still running. */
export function groupRunning(groupId: number): boolean {
  return runningProcesses().some((p) => p.groupId === groupId);
}

/** Every running process below this one: its children, theirs, and so on. */
export function descendantsOf(pid: number): number[] {
  const all = runningProcesses();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const p of all) {
      if (p.parentPid === parent) {
        found.push(p.pid);
        queue.push(p.pid);
      }
    }
  }
  return found;
}
