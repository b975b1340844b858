import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a sibling module of the caller. Run from TypeScript sources (tests,
 * tsx) the thread loads it through tsx; from the compiled build, it is plain JavaScript. A
 * thread is a plain Node.js realm, which also frees native and ESM-only code from the test
 * runner's module sandbox.
 */
export function startThread(callerFile: string, moduleName: string, workerData: unknown): Worker {
  const extension = path.extname(callerFile);
  const entry = path.join(path.dirname(callerFile), `${moduleName}${extension}`);
  const execArgv = extension === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [];
  return new Worker(entry, { workerData, execArgv });
}
