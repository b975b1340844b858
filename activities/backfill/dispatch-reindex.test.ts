import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { connectTemporalClient } from '../../core/temporal';
import type { Runtime } from '../../core/runtime';
import { insertFileRow } from '../../test/support/file-rows';
import { testRuntime } from '../../test/support/runtime';
import {
  FILE_WORKFLOW_TYPE,
  fileWorkflowId,
  type FileWorkflowInput,
} from '../../workflows/file-lifecycle/definitions';
import { fileWorkflowSettings } from '../../workflows/file-lifecycle/settings';
import { dispatchFileReindex, type DispatchDeps } from './dispatch-reindex';

const CURRENT = 'pipeline-v2';
let runtime: Runtime;
let temporal: Client;
let deps: DispatchDeps;
const started: string[] = [];

beforeAll(async () => {
  runtime = testRuntime();
  temporal = await connectTemporalClient(runtime.config.temporal);
  // No worker polls this queue: the workflows stay as the dispatch left them, to be inspected.
  deps = {
    models: runtime.db.models,
    temporal,
    uploadsTaskQueue: `backfill-dispatch-${randomUUID()}`,
    fileSettings: fileWorkflowSettings(runtime.config),
    pipelineVersion: CURRENT,
    logger: runtime.logger,
  };
});

afterAll(async () => {
  for (const workflowId of started) {
    await temporal.workflow
      .getHandle(workflowId)
      .terminate('test finished')
      .catch(() => undefined);
  }
  await temporal.connection.close();
  await runtime.close();
});

async function startedWorkflow(workflowId: string) {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const startEvent = events[0]?.workflowExecutionStartedEventAttributes;
  const input = temporal.options.loadedDataConverter.payloadConverter.fromPayload(
    startEvent!.input!.payloads![0]!,
  ) as FileWorkflowInput;
  const signals = events
    .filter((e) => e.workflowExecutionSignaledEventAttributes)
    .map((e) => e.workflowExecutionSignaledEventAttributes!.signalName);
  return { type: startEvent!.workflowType!.name, input, signals };
}

describe('dispatching a reindex to one file', () => {
  it('adopts a legacy file: starts its workflow from the row and tells it to reindex', async () => {
    const workspaceId = `ws-${randomUUID()}`;
    const row = await insertFileRow(runtime.db.models, { workspaceId, filename: 'old.pdf' });
    const workflowId = fileWorkflowId(row.id);
    started.push(workflowId);

    const outcome = await dispatchFileReindex(deps)({
      workspaceId,
      fileId: row.id,
      reason: 'backfill',
    });

    expect(outcome).toBe('adopted');
    const workflow = await startedWorkflow(workflowId);
    expect(workflow.type).toBe(FILE_WORKFLOW_TYPE);
    expect(workflow.input).toMatchObject({
      fileId: row.id,
      workspaceId,
      storageKey: row.storageKey,
      filename: 'old.pdf',
      adopted: true,
      settings: { analysisTaskQueue: runtime.config.temporal.taskQueues.analysis },
    });
    expect(workflow.signals).toEqual(['reindex']);
    await row.reload();
    expect(row.workflowId).toBe(workflowId);
  });

  it('only signals a file whose workflow is running', async () => {
    const workspaceId = `ws-${randomUUID()}`;
    const row = await insertFileRow(runtime.db.models, { workspaceId });
    started.push(fileWorkflowId(row.id));
    const dispatch = dispatchFileReindex(deps);
    await dispatch({ workspaceId, fileId: row.id, reason: 'backfill' });

    const outcome = await dispatch({ workspaceId, fileId: row.id, reason: 'backfill' });

    expect(outcome).toBe('signalled');
    const workflow = await startedWorkflow(fileWorkflowId(row.id));
    expect(workflow.signals).toEqual(['reindex', 'reindex']);
  });

  it('skips a file deleted since it was listed, and starts nothing for it', async () => {
    const workspaceId = `ws-${randomUUID()}`;
    const row = await insertFileRow(runtime.db.models, { workspaceId, deletedAt: new Date() });

    const outcome = await dispatchFileReindex(deps)({
      workspaceId,
      fileId: row.id,
      reason: 'backfill',
    });

    expect(outcome).toBe('skipped');
    await expect(temporal.workflow.getHandle(fileWorkflowId(row.id)).describe()).rejects.toThrow(
      /not found/i,
    );
  });
});
