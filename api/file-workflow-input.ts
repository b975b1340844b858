import type { Config } from '../core/config';
import type { FileMetadata } from '../core/db/models/file-metadata';
import { fileWorkflowSettings } from '../workflows/file-lifecycle/settings';
import {
  adoptedFileInput,
  fileStartOptions,
  fileWorkflowInput,
  type FileToStart,
} from '../workflows/file-lifecycle/start-options';

/** What the API knows about an upload when it asks for one; the rest comes from settings. */
export type NewFile = FileToStart & { uploadedById: string };

/** Start options of a new upload's workflow, on the uploads queue with the configured settings. */
export function fileWorkflowStartOptions(config: Config, file: NewFile) {
  const input = fileWorkflowInput(file, fileWorkflowSettings(config));
  return fileStartOptions(input, config.temporal.taskQueues.uploads, 'awaiting_upload');
}

/**
 * Start options of a workflow for a file that has a row already (its own workflow has ended):
 * the new run starts from the row, as the backfill's adopted runs do.
 */
export function adoptedFileStartOptions(config: Config, row: FileMetadata) {
  const input = adoptedFileInput(row, fileWorkflowSettings(config));
  return fileStartOptions(input, config.temporal.taskQueues.uploads, row.status);
}
