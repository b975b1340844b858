import path from 'node:path';
import { docxExtractor } from './docx';
import { htmlExtractor } from './html';
import { imageExtractor } from './image';
import { mediaExtractor } from './media';
import { officeExtractor } from './office';
import { pdfExtractor } from './pdf';
import { plainTextExtractor } from './plain-text';
import type { Extractor } from './types';

/** Picks the extractor of a file; undefined means the type is not analysed. */
export interface ExtractorRegistry {
  find(contentType: string, filename: string): Extractor | undefined;
}

const OOXML = 'application/vnd.openxmlformats-officedocument';
const ODF = 'application/vnd.oasis.opendocument';

const BY_TYPE: Record<string, Extractor> = {
  'application/pdf': pdfExtractor,
  [`${OOXML}.wordprocessingml.document`]: docxExtractor,
  [`${OOXML}.presentationml.presentation`]: officeExtractor('pptx'),
  [`${OOXML}.spreadsheetml.sheet`]: officeExtractor('xlsx'),
  [`${ODF}.text`]: officeExtractor('odt'),
  [`${ODF}.presentation`]: officeExtractor('odp'),
  [`${ODF}.spreadsheet`]: officeExtractor('ods'),
  'application/rtf': officeExtractor('rtf'),
  'text/rtf': officeExtractor('rtf'),
  'text/html': htmlExtractor,
  'application/xhtml+xml': htmlExtractor,
  'text/plain': plainTextExtractor,
  'text/csv': plainTextExtractor,
  'text/markdown': plainTextExtractor,
  'text/x-markdown': plainTextExtractor,
  'application/json': plainTextExtractor,
  'image/png': imageExtractor,
  'image/jpeg': imageExtractor,
  'image/webp': imageExtractor,
  'image/gif': imageExtractor,
  'image/tiff': imageExtractor,
};

/**
 * Sniffers see an Office package as a zip and a text file as nothing at all: for those generic
 * answers the file name's extension decides.
 */
const GENERIC_TYPES = new Set(['application/zip', 'application/octet-stream', 'text/plain']);

const BY_EXTENSION: Record<string, string> = {
  '.docx': `${OOXML}.wordprocessingml.document`,
  '.pptx': `${OOXML}.presentationml.presentation`,
  '.xlsx': `${OOXML}.spreadsheetml.sheet`,
  '.odt': `${ODF}.text`,
  '.odp': `${ODF}.presentation`,
  '.ods': `${ODF}.spreadsheet`,
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
};

/** The bare, lower-case MIME type, refined by the extension when the type says little. */
export function effectiveContentType(contentType: string, filename: string): string {
  const bare = contentType.split(';')[0]!.trim().toLowerCase();
  if (!GENERIC_TYPES.has(bare)) return bare;
  return BY_EXTENSION[path.extname(filename).toLowerCase()] ?? bare;
}

export function createExtractorRegistry(): ExtractorRegistry {
  return {
    find(contentType, filename) {
      const type = effectiveContentType(contentType, filename);
      if (BY_TYPE[type]) return BY_TYPE[type];
      if (type.startsWith('audio/') || type.startsWith('video/')) return mediaExtractor;
      if (type.startsWith('text/')) return plainTextExtractor;
      return undefined;
    },
  };
}
