import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../../../core/storage';
import { refuse } from '../failures';

/** A limit as people read it: 512 MiB, 64 KiB. */
function readableSize(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return mib >= 1 ? `${Math.round(mib)} MiB` : `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

export interface SpooledFile {
  path: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * The stored object being analysed. Parsers that need random access read a local copy, which
 * is streamed to a temporary file (never held in memory) and hashed on the way; media metadata
 * can be read straight from the stream instead, so a 10 GB recording is never copied.
 */
export class SourceObject {
  private spooled?: Promise<SpooledFile>;
  private dir?: string;

  constructor(
    private readonly store: ObjectStore,
    readonly key: string,
    readonly sizeBytes: number,
    private readonly maxSpoolBytes: number,
  ) {}

  /** The content hash when a local copy was made (undefined when only streamed). */
  sha256?: string;

  get spoolable(): boolean {
    return this.sizeBytes <= this.maxSpoolBytes;
  }

  stream(): Promise<Readable> {
    return this.store.openRead(this.key);
  }

  spool(): Promise<SpooledFile> {
    if (!this.spoolable) {
      const limit = readableSize(this.maxSpoolBytes);
      return Promise.reject(
        refuse('ANALYSIS_INPUT_TOO_LARGE', `Files over ${limit} of this type are not analysed.`),
      );
    }
    this.spooled ??= this.download();
    return this.spooled;
  }

  /** Removes the local copy; safe to call more than once. */
  async dispose(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private async download(): Promise<SpooledFile> {
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'fo-analysis-'));
    const target = path.join(this.dir, 'object');
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const limit = this.maxSpoolBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (sizeBytes > limit) {
          callback(refuse('ANALYSIS_INPUT_TOO_LARGE', 'The file is larger than it was declared.'));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(await this.stream(), meter, createWriteStream(target));
    this.sha256 = hash.digest('hex');
    return { path: target, sizeBytes, sha256: this.sha256 };
  }
}
