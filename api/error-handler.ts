import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ServiceError, type ErrorCode } from '../core/errors';
import type { Logger } from '../core/logger';

/**
 * Every error leaves the API in one shape, { error: { code, message, details? } }, with the
 * status the catalogue gives its code. What the handlers throw is already a ServiceError; the
 * body parser's errors are mapped here by their status; anything else is a bug of ours (500).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof ServiceError ? err : fromBodyParserError(err);
    if (known) {
      res.locals.errorCode = known.code;
      if (known.status >= 500)
        logOf(req, logger).error({ err, code: known.code }, 'request failed');
      // RFC 6750: a refused bearer token says which scheme the API wants.
      if (known.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(known.status).json({
        error: {
          code: known.code,
          message: known.message,
          ...(known.details && { details: known.details }),
        },
      });
      return;
    }

    res.locals.errorCode = 'INTERNAL';
    logOf(req, logger).error({ err, method: req.method, path: req.path }, 'unexpected error');
    res.status(500).json({
      error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' },
    });
  };
}

/** The request's own logger (its lines carry the requestId) once pino-http has set it. */
function logOf(req: Request, fallback: Logger): Logger {
  return (req as Partial<Pick<Request, 'log'>>).log ?? fallback;
}

/** The code each status of a body-parser error stands for; they are all the client's doing. */
const BODY_ERROR_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Sentences for the body parser's error types; its own messages are terse and lower-case. */
const BODY_ERROR_MESSAGES: Record<string, (e: BodyParserError) => string> = {
  'entity.parse.failed': () => 'The request body is not valid JSON.',
  'entity.too.large': (e) =>
    `The request body is larger than the ${e.limit ?? 'allowed'} bytes this API reads.`,
  'charset.unsupported': (e) =>
    `The request body's charset ${e.charset ?? ''} is not supported: send JSON in UTF-8.`,
  'encoding.unsupported': (e) =>
    `The Content-Encoding ${e.encoding ?? ''} is not supported: send the body ` +
    'uncompressed, or with gzip, deflate or br.',
  'request.aborted': () => 'The request body ended before it was complete.',
  'request.size.invalid': () => 'The request body is not as long as its Content-Length says.',
};

interface BodyParserError {
  type?: string;
  expose?: boolean;
  status?: number;
  statusCode?: number;
  limit?: number;
  charset?: string;
  encoding?: string;
}

/**
 * express.json()'s errors, as the catalogue's codes. They are http-errors: a `type` names most
 * of them, and a 4xx status with `expose` marks the rest (a body that does not decompress). A
 * status the table does not name is still the client's, and reads as VALIDATION_FAILED.
 */
function fromBodyParserError(err: unknown): ServiceError | undefined {
  const e = err as BodyParserError | undefined;
  if (typeof e?.type !== 'string' && e?.expose !== true) return undefined;
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;

  const code = BODY_ERROR_CODES[status] ?? 'VALIDATION_FAILED';
  const describe = e.type === undefined ? undefined : BODY_ERROR_MESSAGES[e.type];
  const message = describe
    ? describe(e)
    : 'The request body cannot be read: check its Content-Encoding and Content-Length.';
  return new ServiceError(code, message.replace(/ {2,}/g, ' '));
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'There is no such route.' } });
};
