import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';

/** Text found in an image, with Tesseract's mean word confidence (0..100). */
export interface OcrResult {
  text: string;
  confidence: number;
}

export interface OcrEngine {
  recognize(image: Buffer): Promise<OcrResult>;
  close(): Promise<void>;
}

/** Images are scaled to fit this box: more pixels only slow Tesseract down. */
const MAX_SIDE = 3000;

/**
 * The English model shipped by @tesseract.js-data/eng (the LSTM "best" weights as integers), read
 * from node_modules: nothing is downloaded at run time.
 */
function englishModelDir(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng')), '4.0.0_best_int');
}

/**
 * Tesseract compiled to WebAssembly, in a worker thread of its own (created on first use, one
 * per process). Every image goes through sharp first: Tesseract's own decoders lack some
 * formats (TIFF) and it cannot report a broken image as an error it can recover from.
 */
export function createOcrEngine(): OcrEngine {
  let worker: Promise<Worker> | undefined;

  const start = () =>
    createWorker('eng', OEM.LSTM_ONLY, {
      langPath: englishModelDir(),
      gzip: true,
      cacheMethod: 'none',
      // Without a handler a failed job also throws inside the worker's message handler,
      // which would end the process; with it, only the job's promise rejects.
      errorHandler: () => undefined,
    });

  return {
    async recognize(image) {
      const png = await sharp(image, { limitInputPixels: 100_000_000 })
        .rotate()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .greyscale()
        // Renders and scans often carry no resolution; Tesseract then guesses and complains.
        .withMetadata({ density: 300 })
        .png()
        .toBuffer();
      worker ??= start();
      const result = await (await worker).recognize(png);
      return { text: result.data.text.trim(), confidence: result.data.confidence };
    },
    async close() {
      const running = worker;
      worker = undefined;
      if (running) await (await running).terminate();
    },
  };
}
