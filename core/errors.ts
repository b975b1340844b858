/**
 * The catalogue of error codes. Each code maps to one HTTP status in the API's error handler,
 * and the same strings are the `type` of ApplicationFailures thrown by activities, so that a
 * workflow can branch on them. Codes are part of the public contract: never rename one.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  /** The request body is larger than the API reads (HTTP_BODY_LIMIT_BYTES). */
  BODY_TOO_LARGE: 413,
  /** The request body is not in a format or encoding the route reads (JSON, or a form). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** The path exists, but not for this method; the Allow header lists the ones that work. */
  METHOD_NOT_ALLOWED: 405,
  UNKNOWN_SOURCE_TYPE: 400,
  MIME_TYPE_NOT_ALLOWED: 415,
  FILE_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  FILE_NOT_READY: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPLOAD_MISSING: 422,
  UPLOAD_SIZE_MISMATCH: 422,
  CONTENT_TYPE_MISMATCH: 422,
  /** A multipart upload whose listed parts do not match what reached the store. */
  UPLOAD_INCOMPLETE: 422,
  /** No completion arrived before the upload URL's lifetime and its grace period ran out. */
  UPLOAD_EXPIRED: 410,
  /** The object changed after it was verified, through an upload URL that still worked. */
  UPLOAD_CHANGED: 409,
  DEPENDENCY_UNAVAILABLE: 503,
  // Why the AI metadata of a file could not be made; shown as its AI status reason.
  ENCRYPTED_DOCUMENT: 422,
  ARCHIVE_BOMB: 422,
  CORRUPT_FILE: 422,
  UNSUPPORTED_CONTENT: 415,
  NO_TEXT_FOUND: 422,
  ANALYSIS_INPUT_TOO_LARGE: 413,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure with a stable code and a sentence a person can act on. */
export class ServiceError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ServiceError';
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (what: string) => new ServiceError('NOT_FOUND', `${what} was not found.`);

export const forbidden = (message = 'You do not have access to this workspace.') =>
  new ServiceError('FORBIDDEN', message);

export const unauthenticated = (message = 'A valid bearer token is required.') =>
  new ServiceError('UNAUTHENTICATED', message);

export const validationFailed = (message: string, details?: Record<string, unknown>) =>
  new ServiceError('VALIDATION_FAILED', message, details);
