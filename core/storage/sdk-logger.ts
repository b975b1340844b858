import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Logger } from '../logger';

type SdkLogger = NonNullable<S3ClientConfig['logger']>;

/**
 * The logger handed to the AWS SDK's S3 clients. Without one, the SDK writes some notices
 * straight to the console: a streamed upload that fails (the API's 413 on an oversized form
 * upload) printed a bare "An error was encountered in a non-retryable streaming request." among
 * the JSON lines. With one, it also reports every command it sends (at info) and every command
 * that failed (at error). The service reports its own outcomes, so what the SDK says is kept
 * for debugging: notices and failures at debug, the per-command reports at trace, each as one
 * constant message with a summary of what the SDK said (never request bodies or headers).
 */
export function storageSdkLogger(logger: Logger): SdkLogger {
  const at =
    (level: 'trace' | 'debug') =>
    (...said: unknown[]) => {
      if (logger.isLevelEnabled(level)) {
        logger[level]({ sdk: said.map(summary) }, 'storage client said');
      }
    };
  return {
    trace: at('trace'),
    debug: at('trace'),
    info: at('trace'),
    warn: at('debug'),
    error: at('debug'),
  };
}

/** What is worth keeping of one thing the SDK logged: its text, or its command and outcome. */
function summary(said: unknown): unknown {
  if (typeof said === 'string') return said;
  if (!said || typeof said !== 'object') return String(said);
  const entry = said as {
    commandName?: string;
    error?: { name?: string; message?: string };
    metadata?: { httpStatusCode?: number; attempts?: number };
  };
  return {
    command: entry.commandName,
    status: entry.metadata?.httpStatusCode,
    attempts: entry.metadata?.attempts,
    error: entry.error ? `${entry.error.name}: ${entry.error.message}` : undefined,
  };
}
