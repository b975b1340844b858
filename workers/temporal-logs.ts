import { ApplicationFailure } from '@temporalio/common';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';
import { ERROR_CODES } from '../core/errors';
import type { Logger } from '../core/logger';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * Notices the SDK gives at every start about how a worker is set up, not about anything wrong:
 * the analysis worker hosts no workflows, no worker serves Nexus operations, and a worker may
 * host workflows alone (as tests do).
 */
const SETUP_NOTICES = new Set([
  'No workflows registered, not polling for workflow tasks',
  'No activities registered, not polling for activity tasks',
  'No Nexus services registered, not polling for Nexus tasks',
]);

/**
 * The Temporal SDK's logs, written through the service's logger. Two of them change level:
 * the set-up notices above go to debug, and an activity that refused its input for good (a
 * non-retryable failure with a 4xx code of the catalogue: too large, wrong type...) is an
 * expected outcome, logged at info as "activity refused" with its code, where the SDK warns.
 * Every other failure stays a warning. The task token never reaches a line: anyone holding it
 * can complete the activity, and a person can do nothing with it.
 */
export function temporalLogger(logger: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    const { error, ...fields } = meta;
    delete fields.taskToken;

    if (SETUP_NOTICES.has(message)) return logger.debug(fields, message);
    if (message === 'Activity failed' && isRefusal(error)) {
      return logger.info({ ...fields, code: error.type }, 'activity refused');
    }
    const withError = error === undefined ? fields : { ...fields, err: error };
    logger[levelOf(level)](withError, message);
  };
  return loggerFrom(write);
}

/**
 * The workflow bundler's logs. Its webpack build report is one info line of several KB at every
 * start of the uploads worker: it goes to debug, with the rest of what the bundler says; its
 * warnings and errors keep their level.
 */
export function bundlerLogger(logger: Logger): TemporalLogger {
  return loggerFrom((level, message, meta = {}) => {
    const quiet = level === 'WARN' || level === 'ERROR' ? levelOf(level) : 'debug';
    logger[quiet](meta, message);
  });
}

function isRefusal(
  error: unknown,
): error is ApplicationFailure & { type: keyof typeof ERROR_CODES } {
  if (!(error instanceof ApplicationFailure) || !error.nonRetryable || !error.type) return false;
  const status = (ERROR_CODES as Record<string, number>)[error.type];
  return status !== undefined && status < 500;
}

function levelOf(level: LogLevel): Level {
  return level.toLowerCase() as Level;
}

function loggerFrom(
  write: (level: LogLevel, message: string, meta?: LogMetadata) => void,
): TemporalLogger {
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
