import type { Worker } from 'node:worker_threads';
import { refuse } from '../failures';
import { startThread } from '../thread';
import { isReadableText } from './image';
import type { PdfThreadInit, PdfThreadMessage } from './pdf-thread';
import type { Extractor } from './types';

/** A page with fewer characters than this in its text layer is taken to be a scan. */
const SCANNED_PAGE_CHARS = 20;

/** Renders at twice the PDF's 72 dpi: enough for Tesseract, small enough to stay quick. */
const RENDER_SCALE = 2;

function refusalFor(name: string, message: string): Error {
  if (name === 'PasswordException') {
    return refuse('ENCRYPTED_DOCUMENT', 'The PDF is protected by a password.');
  }
  if (name === 'InvalidPDFException' || name === 'FormatError') {
    return refuse('CORRUPT_FILE', 'The PDF is damaged and cannot be read.');
  }
  return new Error(`the PDF could not be parsed: ${message}`);
}

/** The thread's messages as an async sequence, ending with `done` or throwing on failure. */
async function* messagesOf(thread: Worker): AsyncGenerator<PdfThreadMessage> {
  const queue: PdfThreadMessage[] = [];
  let wake: (() => void) | undefined;
  let exited = false;
  thread.on('message', (message: PdfThreadMessage) => {
    queue.push(message);
    wake?.();
  });
  thread.on('error', (error) => {
    queue.push({ kind: 'failed', name: error.name, message: error.message });
    wake?.();
  });
  thread.on('exit', () => {
    exited = true;
    wake?.();
  });
  for (;;) {
    const message = queue.shift();
    if (message) {
      if (message.kind === 'failed') throw refusalFor(message.name, message.message);
      yield message;
      if (message.kind === 'done') return;
      continue;
    }
    if (exited) throw new Error('the PDF thread ended before the document did');
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/**
 * The text layer page by page, parsed in a thread of its own; a page without one (a scan) is
 * rendered and read by OCR, up to a number of pages per file, since OCR costs seconds a page.
 */
export const pdfExtractor: Extractor = {
  name: 'pdf',
  async extract({ source, budget, limits, progress, ocr }) {
    const init: PdfThreadInit = {
      filePath: (await source.spool()).path,
      scannedPageChars: SCANNED_PAGE_CHARS,
      maxRenderedPages: limits.ocrMaxPages,
      renderScale: RENDER_SCALE,
    };
    const thread = startThread(__filename, 'pdf-thread', init);
    try {
      for await (const message of messagesOf(thread)) {
        if (message.kind === 'done' || budget.full) break;
        if (message.kind === 'page') {
          let text = message.text;
          if (message.scan && message.scan.length > 0) {
            await progress('ocr');
            const result = await ocr.recognize(Buffer.from(message.scan));
            if (isReadableText(result)) text = `${text}\n${result.text}`;
          }
          budget.add({ text, page: message.page });
        }
        await progress('pdf');
        thread.postMessage('next');
      }
    } finally {
      await thread.terminate();
    }
  },
};
