import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { randomUUID } from 'node:crypto';
import { SEARCH_ATTRIBUTES } from '../../temporal-config/search-attributes';
import {
  FILE_WORKFLOW_TYPE,
  fileWorkflowId,
  registerUpdate,
  statusQuery,
  type FileWorkflowInput,
  type FileWorkflowSettings,
  type FileWorkflowStatus,
  type RegisterResult,
} from '../../workflows/file-lifecycle/definitions';
import { DEFAULT_FILE_WORKFLOW_SETTINGS } from '../../workflows/file-lifecycle/settings';
import type { fileLifecycleWorkflow } from '../../workflows/file-lifecycle/workflow';
import type { FakeFileServices } from './fake-file-services';
import { createTimeSkippingEnv } from './time-skipping';

export interface Queues {
  uploads: string;
  analysis: string;
  /** Workflows started on these queues; those still running are terminated at the end. */
  started: FileHandle[];
}

export type FileHandle = WorkflowHandle<typeof fileLifecycleWorkflow>;

/**
 * A time-skipping server that knows the service's search attributes (the dev server is told
 * them at launch; this one learns them through the operator API), and the workflow code bundled
 * once for the whole test file.
 */
export async function createFileWorkflowEnv(): Promise<{
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundle;
}> {
  const env = await createTimeSkippingEnv();
  const keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.keys(SEARCH_ATTRIBUTES).map((n) => [n, keyword])),
  });
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  return { env, bundle };
}

/**
 * Runs `fn` while an uploads worker and an analysis worker serve fresh queues with fakes, then
 * terminates the workflows it left running: a timer of theirs firing later, with no worker left
 * to handle it, would hold the time-skipping clock still for every later test.
 */
export async function withFileWorkers<T>(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  fake: FakeFileServices,
  fn: (queues: Queues) => Promise<T>,
): Promise<T> {
  const queues: Queues = {
    uploads: `uploads-${randomUUID()}`,
    analysis: `analysis-${randomUUID()}`,
    started: [],
  };
  const uploads = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: queues.uploads,
    workflowBundle: bundle,
    activities: fake.uploadActivities(),
  });
  const analysis = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: queues.analysis,
    activities: fake.analysisActivities(),
  });
  try {
    return await uploads.runUntil(analysis.runUntil(fn(queues)));
  } finally {
    await Promise.all(queues.started.map((handle) => handle.terminate().catch(() => undefined)));
  }
}

/** A file's input as the API builds it, with settings that send analysis to the test queue. */
export function fileInput(
  nowMs: number,
  queues: Queues,
  overrides: Partial<FileWorkflowInput> = {},
  settings: Partial<FileWorkflowSettings> = {},
): FileWorkflowInput {
  const fileId = randomUUID();
  return {
    fileId,
    workspaceId: 'ws-1',
    sourceType: 'drive_file',
    sourceId: 'folder-1',
    storageKey: `ws-1/drive_file/folder-1/${fileId}-report.pdf`,
    filename: 'report.pdf',
    contentType: 'application/pdf',
    declaredSizeBytes: 1234,
    uploadedById: 'user-1',
    uploadExpiresAt: new Date(nowMs + 15 * 60_000).toISOString(),
    uploadMethod: 'PUT',
    settings: {
      ...DEFAULT_FILE_WORKFLOW_SETTINGS,
      analysisTaskQueue: queues.analysis,
      ...settings,
    },
    ...overrides,
  };
}

/** Starts the file's workflow with its `register` update in one call, as the API does. */
export async function registerFile(
  env: TestWorkflowEnvironment,
  queues: Queues,
  input: FileWorkflowInput,
): Promise<{ handle: FileHandle; registration: RegisterResult }> {
  const start = new WithStartWorkflowOperation<typeof fileLifecycleWorkflow>(FILE_WORKFLOW_TYPE, {
    workflowId: fileWorkflowId(input.fileId),
    taskQueue: queues.uploads,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  const registration = await env.client.workflow.executeUpdateWithStart(registerUpdate, {
    updateId: `register-${input.fileId}`,
    startWorkflowOperation: start,
  });
  const handle = await start.workflowHandle();
  queues.started.push(handle);
  return { handle, registration };
}

/** Polls the status query (in real time: queries do not move the clock) until `done` holds. */
export async function waitForStatus(
  handle: FileHandle,
  done: (status: FileWorkflowStatus) => boolean,
  timeoutMs = 20_000,
): Promise<FileWorkflowStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await handle.query(statusQuery);
    if (done(status)) return status;
    if (Date.now() > until)
      throw new Error(`status never matched; last: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Workflow time from the start of the run to its last event. The test server's clock runs on
 * after a workflow ends (up to the next timer of any workflow), so the history is the measure.
 */
export async function elapsedInHistory(handle: FileHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  const first = optionalTsToMs(events[0]?.eventTime) ?? 0;
  const last = optionalTsToMs(events[events.length - 1]?.eventTime) ?? 0;
  return last - first;
}
