import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';
import {
  FILE_WORKFLOW_TYPE,
  type FileWorkflowSettings,
} from '../workflows/file-lifecycle/definitions';
import {
  adoptedFileInput,
  fileStartOptions,
  type FileRow,
} from '../workflows/file-lifecycle/start-options';

/** What an activity needs to reach the workflow of any file that has a row. */
export interface FileWorkflowClient {
  temporal: Client;
  /** The queue the file workflows run on. */
  uploadsTaskQueue: string;
  /** Settings an adopted file's workflow starts with (fileWorkflowSettings of the config). */
  fileSettings: FileWorkflowSettings;
}

/**
 * Sends a signal to a file's workflow in one atomic step whatever became of it: a running
 * workflow just gets the signal; a file without one (a legacy upload, or one whose workflow has
 * ended) gets a run started for it, adopted from its row, with the signal as its first event.
 */
export async function signalFileWorkflow<Arg>(
  deps: FileWorkflowClient,
  row: FileRow,
  signal: SignalDefinition<[Arg]>,
  arg: Arg,
): Promise<void> {
  const input = adoptedFileInput(row, deps.fileSettings);
  await deps.temporal.workflow.signalWithStart(FILE_WORKFLOW_TYPE, {
    ...fileStartOptions(input, deps.uploadsTaskQueue, row.status),
    signal,
    signalArgs: [arg] as [Arg],
  });
}
