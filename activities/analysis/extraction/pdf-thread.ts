import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';

/**
 * The body of the thread that parses one PDF. pdf.js parses on the thread that calls it, for
 * as long as a page takes; here that is this thread, so the activity keeps heartbeating. Pages
 * are sent one at a time and the thread waits for `next` before the following one, so that
 * the activity can stop (terminate the thread) once its text budget is full.
 */

export interface PdfThreadInit {
  filePath: string;
  /** Pages with fewer text characters than this are rendered for OCR. */
  scannedPageChars: number;
  maxRenderedPages: number;
  renderScale: number;
}

export type PdfThreadMessage =
  | { kind: 'opened'; pages: number }
  | { kind: 'page'; page: number; text: string; scan?: Uint8Array }
  | { kind: 'done' }
  | { kind: 'failed'; name: string; message: string };

async function parse(port: NonNullable<typeof parentPort>, init: PdfThreadInit): Promise<void> {
  const next = () => new Promise<void>((resolve) => port.once('message', () => resolve()));
  const parser = new PDFParse({ data: await readFile(init.filePath) });
  try {
    const { total } = await parser.getInfo();
    port.postMessage({ kind: 'opened', pages: total } satisfies PdfThreadMessage);
    let rendered = 0;
    for (let page = 1; page <= total; page++) {
      await next();
      const text = (await parser.getText({ partial: [page] })).pages[0]?.text ?? '';
      let scan: Uint8Array | undefined;
      const scanned = text.replace(/\s/g, '').length < init.scannedPageChars;
      if (scanned && rendered < init.maxRenderedPages) {
        rendered += 1;
        const shot = await parser.getScreenshot({
          partial: [page],
          scale: init.renderScale,
          imageBuffer: true,
          imageDataUrl: false,
        });
        scan = shot.pages[0]?.data;
      }
      port.postMessage({ kind: 'page', page, text, scan } satisfies PdfThreadMessage);
    }
    port.postMessage({ kind: 'done' } satisfies PdfThreadMessage);
  } finally {
    await parser.destroy();
  }
}

if (parentPort) {
  const port = parentPort;
  parse(port, workerData as PdfThreadInit).catch((error: unknown) => {
    const { name, message } = error as Error;
    port.postMessage({ kind: 'failed', name, message } satisfies PdfThreadMessage);
  });
}
