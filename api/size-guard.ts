import { Transform, type TransformCallback } from 'node:stream';
import { ServiceError } from '../core/errors';

/**
 * Passes a body through while counting it, and fails the stream the moment it grows past the
 * size that was declared, or when it ends short of it. The store is told the length up front,
 * so a body of any other length must never reach it.
 */
export class SizeGuard extends Transform {
  private bytes = 0;

  constructor(private readonly expectedBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.expectedBytes) {
      callback(
        new ServiceError(
          'FILE_TOO_LARGE',
          `The file is larger than the ${this.expectedBytes} bytes that were declared.`,
          { declaredSizeBytes: this.expectedBytes },
        ),
      );
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback) {
    if (this.bytes !== this.expectedBytes) {
      callback(
        new ServiceError(
          'UPLOAD_SIZE_MISMATCH',
          `The file has ${this.bytes} bytes, not the ${this.expectedBytes} that were declared.`,
          { declaredSizeBytes: this.expectedBytes, sizeBytes: this.bytes },
        ),
      );
      return;
    }
    callback();
  }
}
