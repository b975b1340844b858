import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { ServiceError, validationFailed } from '../core/errors';

/** The first file of a multipart/form-data request, with the fields that came before it. */
export interface FormFile {
  fields: Record<string, string>;
  filename: string;
  mimeType: string;
  /** The file's bytes as they arrive; nothing is read until someone consumes it. */
  stream: Readable;
  /** Settles when the whole request has been parsed. */
  finished: Promise<void>;
  /** Stops parsing and throws the rest of the request away (after a refusal). */
  discard(): void;
}

/**
 * Starts parsing a form and resolves at its first file part, before any of the file's bytes
 * are read: the caller decides where the bytes go (or that they go nowhere). Fields must come
 * before the file, as browsers send them when the file input is last in the form.
 */
export function receiveFormFile(req: Request): Promise<FormFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 20, fieldSize: 4096, parts: 21 },
      });
    } catch {
      reject(
        new ServiceError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the upload as multipart/form-data: the fields sourceType, sourceId and ' +
            'sizeBytes first, then the file.',
        ),
      );
      return;
    }

    const fields: Record<string, string> = {};
    let fileSeen = false;
    const discard = () => {
      req.unpipe(parser);
      req.resume();
    };
    const finished = new Promise<void>((done, fail) => {
      parser.once('close', () => done());
      parser.once('error', fail);
    });
    // A refusal after the file was handed over is reported by the caller; keep this quiet.
    finished.catch(() => undefined);

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      if (fileSeen) {
        stream.resume();
        return;
      }
      fileSeen = true;
      resolve({
        fields: { ...fields },
        filename: info.filename,
        mimeType: info.mimeType,
        stream,
        finished,
        discard,
      });
    });
    parser.once('close', () => {
      if (!fileSeen) reject(validationFailed('The form has no file part.'));
    });
    parser.once('error', (error: Error) => {
      if (!fileSeen) reject(validationFailed(`The form could not be read: ${error.message}`));
    });

    req.pipe(parser);
  });
}
