/**
 * The object key scheme: `<prefix><workspace_id>/<source_type>/<source_id>/<uuid>-<filename>`.
 * The service alone decides keys; a client's filename only ever reaches a key through
 * safeFilename(), so no upload can climb out of its folder or smuggle in control characters.
 */

/** Bytes a filename may take in a key; S3 keys stop at 1,024, and ids take their share. */
export const MAX_FILENAME_BYTES = 180;

/** An extension longer than this is treated as part of the name when shortening. */
const MAX_EXTENSION_BYTES = 16;

const FALLBACK_NAME = 'file';

/** Ids that become one key segment: no separators, no dot-only names, a bounded length. */
export const KEY_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Bidirectional overrides can make `evil\u202Efdp.exe` display as `evilexe.pdf`; they and other
 * invisible format marks are dropped, except the joiners that hold emoji and scripts together.
 */
const INVISIBLE = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}\u200B\u200E\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/gu;

/**
 * Anything but letters, marks and digits of any script, emoji, and `. - _ ( )` becomes `_`.
 * Spaces, `+`, `#`, `%`, `&`, `?` and quotes are legal in S3 keys but are mangled by enough
 * tools, proxies and stores along the way that keys avoid them; the original name stays in the
 * row and in the download's Content-Disposition.
 */
const UNSAFE = /[^\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200D._()-]/gu;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The name part of a key: readable (NFC, any script), flat, short and free of tricks. */
export function safeFilename(original: string, maxBytes = MAX_FILENAME_BYTES): string {
  const lastSegment = original.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(UNSAFE, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+/, '')
    .replace(/[._-]+$/, '');
  const name = cleaned === '' ? FALLBACK_NAME : cleaned;
  return shorten(name, maxBytes);
}

/** Cuts the stem (never inside a grapheme) so that the whole name fits, keeping the extension. */
function shorten(name: string, maxBytes: number): string {
  if (utf8Bytes(name) <= maxBytes) return name;

  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const keepExtension = extension !== '' && utf8Bytes(extension) <= MAX_EXTENSION_BYTES;
  const stem = keepExtension ? name.slice(0, dot) : name;
  const suffix = keepExtension ? extension : '';

  const budget = maxBytes - utf8Bytes(suffix);
  let kept = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(stem)) {
    const size = utf8Bytes(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  const trimmed = kept.replace(/[._-]+$/, '');
  return `${trimmed === '' ? FALLBACK_NAME : trimmed}${suffix}`;
}

export interface KeyParts {
  /** The configured per-purpose prefix (S3_RECORDINGS_PREFIX...), or '' for none. */
  prefix: string;
  workspaceId: string;
  sourceType: string;
  sourceId: string;
  fileId: string;
  filename: string;
}

/** The object key of a new upload; throws when an id could not stand as one key segment. */
export function buildStorageKey(parts: KeyParts): string {
  for (const [name, value] of [
    ['workspaceId', parts.workspaceId],
    ['sourceType', parts.sourceType],
    ['sourceId', parts.sourceId],
    ['fileId', parts.fileId],
  ] as const) {
    if (!KEY_SEGMENT.test(value)) throw new Error(`${name} cannot be used in an object key`);
  }
  const prefix =
    parts.prefix === '' || parts.prefix.endsWith('/') ? parts.prefix : `${parts.prefix}/`;
  const name = safeFilename(parts.filename);
  return `${prefix}${parts.workspaceId}/${parts.sourceType}/${parts.sourceId}/${parts.fileId}-${name}`;
}
