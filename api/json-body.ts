import express, { type RequestHandler } from 'express';
import { ServiceError } from '../core/errors';

/**
 * The body parsing of a route that takes JSON. A body sent without `Content-Type:
 * application/json` is refused with 415 and a sentence saying so, instead of being skipped by
 * the parser and then reported as missing fields. A request with no body at all passes: some
 * JSON routes take an optional one.
 */
export function jsonBody<P = Record<string, string>>(limitBytes: number): RequestHandler<P> {
  const parse = express.json({ limit: limitBytes });
  return (req, res, next) => {
    if (hasBody(req.headers) && !req.is('application/json')) {
      const sent = req.get('content-type');
      next(
        new ServiceError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the request body as JSON, with the header Content-Type: application/json' +
            (sent ? ` (this one came as ${sent}).` : ' (this one came without a Content-Type).'),
        ),
      );
      return;
    }
    parse(req as Parameters<typeof parse>[0], res, next);
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length']) > 0;
}
