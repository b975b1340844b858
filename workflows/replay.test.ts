import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HISTORIES_DIR } from '../test/support/histories';
import { installQuietTemporalRuntime } from '../test/support/time-skipping';

/**
 * Replays every recorded history under test/histories against the current workflow code. A
 * change that would make a running workflow take another path than its history recorded fails
 * here, before it is deployed. Refresh the recordings with RECORD_HISTORIES=1 only for changes
 * that are versioned (patched) or meant for new workflows alone.
 */
const recordings = readdirSync(HISTORIES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

let bundle: WorkflowBundle;

beforeAll(async () => {
  installQuietTemporalRuntime();
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('.'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
});

it('has recorded histories to replay', () => {
  expect(recordings.length).toBeGreaterThanOrEqual(3);
});

it.each(recordings)('replays %s against the current workflow code', async (name) => {
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, name), 'utf8')));

  await expect(
    Worker.runReplayHistory({ workflowBundle: bundle }, history, name.replace(/\.json$/, '')),
  ).resolves.toBeUndefined();
});
