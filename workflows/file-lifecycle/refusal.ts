import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { ERROR_CODES } from '../../core/errors';
import type { Reason } from './file-run';

/**
 * The refusal an activity reported as final: a non-retryable failure typed with an error code
 * (an unknown type reads as INTERNAL). Anything else, cancellation included, is not a refusal.
 */
export function refusalOf(error: unknown): Reason | undefined {
  if (!(error instanceof ActivityFailure)) return undefined;
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.nonRetryable) return undefined;
  const code = cause.type && Object.hasOwn(ERROR_CODES, cause.type) ? cause.type : 'INTERNAL';
  return { code, message: cause.message };
}
