import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Recorded histories that workflows/replay.test.ts replays against the current code. */
export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

/**
 * Writes a workflow's history under test/histories when RECORD_HISTORIES=1, so that a test run
 * can refresh the recordings on purpose; otherwise does nothing. Record only after a change that
 * is meant to be incompatible, and keep the old recordings that running workflows still match.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  const pretty = JSON.stringify(JSON.parse(historyToJSON(history)), null, 2);
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), `${pretty}\n`);
}
