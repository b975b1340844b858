import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ServiceError } from '../core/errors';
import type { Logger } from '../core/logger';

/** Every error leaves the API in one shape: { error: { code, message, details? } }. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    if (err instanceof ServiceError) {
      if (err.status >= 500) logger.error({ err, requestId, code: err.code }, 'request failed');
      res.status(err.status).json({
        error: {
          code: err.code,
          message: err.message,
          ...(err.details && { details: err.details }),
        },
      });
      return;
    }

    const bodyError = asBodyParserError(err);
    if (bodyError) {
      res.status(bodyError.status).json({ error: bodyError.body });
      return;
    }

    logger.error({ err, requestId, method: req.method, path: req.path }, 'unexpected error');
    res.status(500).json({
      error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' },
    });
  };
}

/** express.json() errors: malformed JSON and bodies over the limit. */
function asBodyParserError(err: unknown) {
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') {
    return {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON.' },
    };
  }
  if (e?.type === 'entity.too.large') {
    return {
      status: 413,
      body: { code: 'VALIDATION_FAILED', message: 'The request body is larger than allowed.' },
    };
  }
  return undefined;
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'There is no such route.' } });
};
