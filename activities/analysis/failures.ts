import type { ErrorCode } from '../../core/errors';

/** Reasons a file's AI metadata can never be made, whatever the number of attempts. */
export type RefusalCode = Extract<
  ErrorCode,
  | 'ENCRYPTED_DOCUMENT'
  | 'ARCHIVE_BOMB'
  | 'CORRUPT_FILE'
  | 'UNSUPPORTED_CONTENT'
  | 'NO_TEXT_FOUND'
  | 'ANALYSIS_INPUT_TOO_LARGE'
>;

/**
 * Thrown by extraction for a file that will never yield text. The activity turns it into the
 * `failed` outcome (a value, not an activity failure): the workflow records the reason without
 * a retry and without a failed event in its history.
 */
export class AnalysisRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'AnalysisRefusal';
  }
}

export const refuse = (code: RefusalCode, message: string) => new AnalysisRefusal(code, message);

/** Thrown when the file was soft-deleted while the run was going on. */
export class FileDeletedDuringRun extends Error {
  constructor() {
    super('the file was deleted during its analysis');
    this.name = 'FileDeletedDuringRun';
  }
}
