import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { ExtractFileAiMetadataResult } from '../../activities/analysis/contract';
import type { FileRun, Reason } from './file-run';

/**
 * The seam to the AI metadata pipeline: one call of `extractFileAiMetadata` on the analysis
 * queue. The pipeline writes the row's AI status and results itself; the workflow mirrors its
 * outcome in the status it answers, and marks the row failed only when the pipeline could not
 * (its attempts ran out, or its worker died).
 */
export async function extractAiMetadata(run: FileRun, trigger: 'upload' | 'reindex') {
  // Requests that arrived before this extraction are answered by it.
  run.inbox.reindex = undefined;
  run.setAiStatus('running');

  try {
    const result = await run.acts.analysis.extractFileAiMetadata({
      ...run.ids,
      storageKey: run.input.storageKey,
      contentType: run.status.detectedContentType ?? run.input.contentType,
      filename: run.input.filename,
      trigger,
    });
    applyOutcome(run, result);
  } catch (error) {
    if (isCancellation(error)) throw error;
    const reason = failureReason(error);
    run.setAiStatus('failed', reason);
    await run.acts.uploads.markAiFailed({ ...run.ids, ...reason });
  }
}

function applyOutcome(run: FileRun, result: ExtractFileAiMetadataResult): void {
  switch (result.outcome) {
    case 'done':
    case 'skipped':
      return run.setAiStatus('done');
    case 'failed':
      return run.setAiStatus('failed', { code: result.code, message: result.message });
    case 'deleted':
      return run.setAiStatus('failed', {
        code: 'NOT_FOUND',
        message: 'The file was deleted before its AI metadata was stored.',
      });
  }
}

function failureReason(error: unknown): Reason {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof TimeoutFailure) {
    return {
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'The analysis worker did not finish in time.',
    };
  }
  if (cause instanceof ApplicationFailure && cause.type) {
    return { code: cause.type, message: cause.message };
  }
  return { code: 'INTERNAL', message: 'The AI metadata could not be made.' };
}
