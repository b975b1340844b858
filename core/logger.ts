import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Fields that must never reach a log line: credentials, bearer tokens and the signature parts of
 * presigned URLs (anyone holding them can read or write the object until they expire).
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'secretAccessKey',
  'password',
  '*.secretAccessKey',
  '*.password',
  '*.token',
];

const SIGNATURE_PARAMS =
  /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\s"]*/gi;

/** Strips the signing parts of a presigned URL so that it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(SIGNATURE_PARAMS, '$1[redacted]');
}

export interface LoggerOptions {
  level: string;
  name: string;
  /** Where the JSON lines go; standard output unless a test captures them. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactUrl(arg) : arg));
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
