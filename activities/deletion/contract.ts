import type {
  SourceDeletionInput,
  SourceHidden,
} from '../../workflows/source-deletion/definitions';

/**
 * What a parent's deletion asks of its activities. Workflow code imports these types only; the
 * shapes travel through workflow histories, so fields are added, never renamed.
 */

export interface SignalSourceDeletesInput extends SourceDeletionInput {
  /** The deleted_at that softDeleteSourceFiles gave the parent's rows (exact text). */
  deletedAt: string;
}

export interface DeletionActivities {
  /** Hides every live file of the parent in one transaction. */
  softDeleteSourceFiles(input: SourceDeletionInput): Promise<SourceHidden>;
  /** Sends a delete to the workflow of every file that softDeleteSourceFiles hid. */
  signalSourceFileDeletes(input: SignalSourceDeletesInput): Promise<number>;
}
