import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { createUploadActivities } from '../../activities';
import { createAnalysisActivities, pipelineVersionFor } from '../../activities/analysis';
import { createBackfillActivities } from '../../activities/backfill';
import type { Runtime } from '../../core/runtime';
import { connectTemporalClient } from '../../core/temporal';
import { binaries } from '../../scripts/stack/paths';
import { applySchedules } from '../../temporal-config/apply-schedules';
import { declaredSchedules } from '../../temporal-config/schedules';
import { insertFileRow } from '../../test/support/file-rows';
import { testRuntime } from '../../test/support/runtime';
import { createScratchDatabase, type ScratchDatabase } from '../../test/support/scratch-database';
import { installQuietTemporalRuntime } from '../../test/support/time-skipping';
import { buildAnalysisDeps } from '../../workers/analysis-deps';
import { fileWorkflowId, statusQuery } from '../file-lifecycle/definitions';
import { fileWorkflowSettings } from '../file-lifecycle/settings';
import type { BackfillAllResult } from './definitions';

/**
 * The whole path on the real dev server: the declared schedule, applied and triggered by the
 * operator's CLI command, starts the backfill of every workspace; it adopts legacy files (rows
 * and objects without a workflow), whose new workflows run the real AI pipeline (local model)
 * on the analysis queue, until every file is indexed by the current pipeline version.
 */
const run = promisify(execFile);
const suffix = randomUUID().slice(0, 8);
let scratch: ScratchDatabase;
let runtime: Runtime;
let client: Client;
let connection: NativeConnection;
let closeAnalysis: () => Promise<void>;
const workers: { worker: Worker; running: Promise<void> }[] = [];
const fileIds: string[] = [];

beforeAll(async () => {
  installQuietTemporalRuntime();
  scratch = await createScratchDatabase(`backfill_e2e_${suffix}`);
  runtime = testRuntime({
    DATABASE_URL: scratch.url,
    TASK_QUEUE_UPLOADS: `e2e-uploads-${suffix}`,
    TASK_QUEUE_ANALYSIS: `e2e-analysis-${suffix}`,
    BACKFILL_FILES_PER_MINUTE: '120',
  });
  const { config } = runtime;
  client = await connectTemporalClient(config.temporal);
  connection = await NativeConnection.connect({ address: config.temporal.address });
  const analysis = await buildAnalysisDeps(runtime);
  closeAnalysis = analysis.close;

  const uploads = await Worker.create({
    connection,
    taskQueue: config.temporal.taskQueues.uploads,
    workflowsPath: require.resolve('../index'),
    activities: {
      ...createUploadActivities({ ...runtime, limits: config.limits }),
      ...createBackfillActivities({
        models: runtime.db.models,
        temporal: client,
        uploadsTaskQueue: config.temporal.taskQueues.uploads,
        fileSettings: fileWorkflowSettings(config),
        pipelineVersion: pipelineVersionFor(config.ai),
        logger: runtime.logger,
      }),
    },
  });
  const analyser = await Worker.create({
    connection,
    taskQueue: config.temporal.taskQueues.analysis,
    activities: createAnalysisActivities(analysis.deps),
  });
  for (const worker of [uploads, analyser]) workers.push({ worker, running: worker.run() });
}, 120_000);

afterAll(async () => {
  for (const id of fileIds) {
    await client.workflow
      .getHandle(fileWorkflowId(id))
      .terminate('test finished')
      .catch(() => undefined);
  }
  for (const { worker } of workers) worker.shutdown();
  await Promise.all(workers.map((w) => w.running));
  await connection?.close();
  await client?.connection.close();
  await closeAnalysis?.();
  await runtime?.close();
  await scratch?.drop();
}, 60_000);

async function legacyTextFile(workspaceId: string, filename: string, text: string) {
  const body = Buffer.from(text);
  const key = `${workspaceId}/drive_file/src-1/${randomUUID()}-${filename}`;
  await runtime.store.putStream(key, body, 'text/plain', body.length);
  const row = await insertFileRow(runtime.db.models, {
    workspaceId,
    filename,
    contentType: 'text/plain',
    storageKey: key,
    sizeBytes: body.length,
  });
  fileIds.push(row.id);
  return row;
}

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a backfill started by triggering its schedule', () => {
  it('adopts legacy files and leaves every one indexed by the current pipeline', async () => {
    const { config } = runtime;
    const current = pipelineVersionFor(config.ai);
    const files = [
      await legacyTextFile('ws-e2e-a', 'minutes.txt', 'The board approved the budget for 2025.'),
      await legacyTextFile('ws-e2e-a', 'recipe.txt', 'Whisk eggs with sugar, then fold in flour.'),
      await legacyTextFile('ws-e2e-b', 'notes.txt', 'Quarterly sales grew in the northern region.'),
    ];
    await insertFileRow(runtime.db.models, {
      workspaceId: 'ws-e2e-b',
      aiStatus: 'done',
      aiPipelineVersion: current,
    });
    const declarations = declaredSchedules(config).map((d) => ({
      ...d,
      scheduleId: `${d.scheduleId}-${suffix}`,
    }));
    const scheduleId = declarations[0]!.scheduleId;
    await applySchedules(client, config, runtime.logger, declarations);

    try {
      await run(binaries.temporal, [
        ...['schedule', 'trigger', '--schedule-id', scheduleId],
        ...['--address', config.temporal.address, '--namespace', config.temporal.namespace],
      ]);
      const schedule = client.schedule.getHandle(scheduleId);
      const described = await eventually(
        () => schedule.describe(),
        (d) => d.info.recentActions.length > 0,
        20_000,
      );
      const started = described.info.recentActions[0]!.action.workflow.workflowId;
      const result: BackfillAllResult = await client.workflow.getHandle(started).result();

      expect(result).toMatchObject({ workspaces: 2, total: 3, done: 3, adopted: 3, failed: 0 });
      const rows = await eventually(
        () => Promise.all(files.map((f) => f.reload())),
        (all) => all.every((r) => r.aiStatus === 'done'),
      );
      for (const row of rows) {
        expect(row).toMatchObject({
          aiStatus: 'done',
          aiPipelineVersion: current,
          workflowId: fileWorkflowId(row.id),
        });
        expect(row.aiMetadata?.summary).toEqual(expect.any(String));
        const embeddings = await runtime.db.models.FileEmbedding.count({
          where: { fileId: row.id },
        });
        expect(embeddings).toBeGreaterThan(0);
        const status = await client.workflow.getHandle(fileWorkflowId(row.id)).query(statusQuery);
        expect(status).toMatchObject({ state: 'ready', aiStatus: 'done' });
      }
    } finally {
      await client.schedule.getHandle(scheduleId).delete();
    }
  }, 180_000);
});
