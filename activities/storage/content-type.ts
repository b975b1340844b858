import { fromBuffer } from 'file-type';
import { isUtf8 } from 'node:buffer';

/** file-type needs at most this many leading bytes to recognise any format it knows. */
export const SNIFF_BYTES = 4100;

/** Declared types whose files are plain text: they have no magic bytes to recognise. */
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/csv']);

/** Formats file-type recognises that are text all the same, so a text declaration fits them. */
const TEXT_LIKE_DETECTIONS = new Set(['application/xml', 'application/rtf', 'image/svg+xml']);

const ZIP_CONTAINERS = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/epub+zip',
  'application/java-archive',
]);

/** Legacy Office formats share the Compound File container, which is all file-type can see. */
const CFB_CONTAINERS = new Set([
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
]);

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/wav': 'audio/vnd.wave',
  'audio/x-wav': 'audio/vnd.wave',
  'application/x-zip-compressed': 'application/zip',
};

export type ContentVerdict =
  { ok: true; detectedContentType: string } | { ok: false; message: string };

/** The bare, lower-case MIME type: parameters such as `; charset=utf-8` dropped. */
export function bareType(mimeType: string): string {
  const bare = mimeType.split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

export function isTextType(mimeType: string): boolean {
  const bare = bareType(mimeType);
  return bare.startsWith('text/') || TEXT_TYPES.has(bare);
}

/**
 * Decides whether the first bytes of an object fit the type its uploader declared. Binary
 * formats are recognised by their magic bytes; text has none, so a text declaration is accepted
 * when the bytes decode as text. `truncated` says the sample stops before the object does.
 */
export async function judgeContent(
  declared: string,
  sample: Buffer,
  truncated: boolean,
): Promise<ContentVerdict> {
  const declaredType = bareType(declared);
  const detected = (await fromBuffer(sample))?.mime;

  if (isTextType(declaredType)) {
    const textual = detected === undefined || TEXT_LIKE_DETECTIONS.has(detected);
    if (textual && looksLikeText(sample, truncated)) {
      return { ok: true, detectedContentType: declaredType };
    }
    return mismatch(declaredType, detected ?? 'binary data');
  }

  if (detected === undefined) return mismatch(declaredType, 'no format this service recognises');
  if (fits(declaredType, bareType(detected))) return { ok: true, detectedContentType: detected };
  return mismatch(declaredType, detected);
}

function fits(declared: string, detected: string): boolean {
  if (declared === detected) return true;
  // Audio and video containers (MP4, WebM, Ogg) hold either, so their families are one.
  const media = (t: string) => t.startsWith('audio/') || t.startsWith('video/');
  if (media(declared) && media(detected)) return true;
  if (detected === 'application/zip') return ZIP_CONTAINERS.has(declared);
  if (declared === 'application/zip') return ZIP_CONTAINERS.has(detected);
  if (detected === 'application/x-cfb') return CFB_CONTAINERS.has(declared);
  return false;
}

function mismatch(declared: string, found: string): ContentVerdict {
  return { ok: false, message: `The file was declared as ${declared} but its bytes are ${found}.` };
}

/**
 * True when the bytes read as text: UTF-16 with its byte-order mark, or UTF-8 (ASCII included),
 * or a single-byte encoding such as Windows-1252, without the control bytes (NUL first among
 * them) that only binary data contains.
 */
export function looksLikeText(sample: Buffer, truncated: boolean): boolean {
  if (sample.length === 0) return true;
  const bom16 =
    (sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff);
  if (bom16) return true;
  if (hasBinaryControlBytes(sample)) return false;
  // A sample cut from a longer object may end inside a multi-byte character.
  const cuts = truncated ? [0, 1, 2, 3] : [0];
  const utf8 = cuts.some((cut) => isUtf8(sample.subarray(0, sample.length - cut)));
  return utf8 || !hasUndefinedWindows1252Bytes(sample);
}

function hasBinaryControlBytes(sample: Buffer): boolean {
  for (const byte of sample) {
    // Tab, line feed, vertical tab, form feed, carriage return and escape appear in real text.
    const allowed = (byte >= 0x09 && byte <= 0x0d) || byte === 0x1b;
    if (byte < 0x20 && !allowed) return true;
    if (byte === 0x7f) return true;
  }
  return false;
}

function hasUndefinedWindows1252Bytes(sample: Buffer): boolean {
  return sample.some((b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d);
}
