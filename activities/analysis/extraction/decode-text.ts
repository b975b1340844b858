import chardet from 'chardet';
import iconv from 'iconv-lite';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Transform } from 'node:stream';

const SAMPLE_BYTES = 64 * 1024;

/**
 * Names the encoding of a text file from its first bytes: a byte-order mark if there is one,
 * UTF-8 when the sample is valid UTF-8 (statistical guessers misjudge short UTF-8 text), or
 * chardet's statistical guess for legacy encodings (Latin-1, Windows-125x, Shift_JIS...).
 */
export function detectEncoding(sample: Buffer): string {
  if (sample.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return 'utf-8';
  if (sample.subarray(0, 2).equals(Buffer.from([0xff, 0xfe]))) return 'utf-16le';
  if (sample.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) return 'utf-16be';
  if (isUtf8(sample)) return 'utf-8';
  const guess = chardet.detect(sample);
  return guess && iconv.encodingExists(guess) ? guess : 'windows-1252';
}

function isUtf8(sample: Buffer): boolean {
  try {
    // `stream` tolerates a character cut in two at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

async function readSample(filePath: string): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Decodes a text file as a stream and stops reading once `maxChars` are decoded, so a 2 GB log
 * costs no more than its first few megabytes.
 */
export async function readTextFile(
  filePath: string,
  maxChars: number,
  progress: () => Promise<void>,
): Promise<{ text: string; encoding: string }> {
  const encoding = detectEncoding(await readSample(filePath));
  const file = createReadStream(filePath);
  const decoder = file.pipe(iconv.decodeStream(encoding)) as Transform;
  const pieces: string[] = [];
  let length = 0;
  try {
    for await (const piece of decoder as AsyncIterable<string>) {
      pieces.push(piece);
      length += piece.length;
      if (length >= maxChars) break;
      await progress();
    }
  } finally {
    file.destroy();
    decoder.destroy();
  }
  const text = pieces.join('').replace(/^\uFEFF/, '');
  return { text: text.slice(0, maxChars), encoding };
}
