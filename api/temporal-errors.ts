import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  ServiceError as TemporalServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_CODES, ServiceError, type ErrorCode } from '../core/errors';

export const isErrorCode = (code: string | undefined | null): code is ErrorCode =>
  typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);

/**
 * Turns what the Temporal client throws into the API's errors: a refusal by the workflow keeps
 * its code; an unreachable or slow Temporal becomes a 503 the caller may retry. Anything else is
 * returned unchanged for the error handler to log as unexpected.
 */
export function fromTemporalError(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
      return new ServiceError(cause.type, cause.message);
    }
    return error;
  }
  if (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    error instanceof TemporalServiceError ||
    isGrpcServiceError(error) ||
    isGrpcDeadlineError(error)
  ) {
    return new ServiceError(
      'DEPENDENCY_UNAVAILABLE',
      'The workflow service did not answer in time; please try again.',
    );
  }
  return error;
}
