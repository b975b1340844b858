import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { refuse } from '../failures';
import type { OcrResult } from './ocr';
import type { Extractor } from './types';

/** Below this mean confidence a short result is noise (a photo's texture), not text. */
const MIN_CONFIDENCE = 40;

export function isReadableText(result: OcrResult): boolean {
  const letters = result.text.replace(/[^\p{L}\p{N}]/gu, '').length;
  return letters >= 3 && (result.confidence >= MIN_CONFIDENCE || letters > 40);
}

/** PNG, JPEG, WebP, GIF and TIFF (each page of a multi-page TIFF) read by OCR. */
export const imageExtractor: Extractor = {
  name: 'image-ocr',
  async extract({ source, budget, limits, progress, ocr }) {
    const bytes = await readFile((await source.spool()).path);
    const pages = await pageCount(bytes);

    for (let page = 0; page < Math.min(pages, limits.ocrMaxPages) && !budget.full; page++) {
      await progress('ocr');
      const image = pages > 1 ? await sharp(bytes, { page }).png().toBuffer() : bytes;
      const result = await ocr.recognize(image);
      if (isReadableText(result)) {
        budget.add({ text: result.text, page: pages > 1 ? page + 1 : undefined });
      }
    }

    if (budget.size === 0) {
      throw refuse('NO_TEXT_FOUND', 'No readable text was found in the image.');
    }
  },
};

async function pageCount(bytes: Buffer): Promise<number> {
  try {
    const meta = await sharp(bytes).metadata();
    // Only a TIFF's pages are pages; a GIF's are animation frames of one picture.
    return meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
  } catch {
    throw refuse('CORRUPT_FILE', 'The image could not be decoded.');
  }
}
