import { runOffThread } from '../off-thread';
import type { Extractor } from './types';

/** The visible text of a page, decoded and converted in a thread of its own. */
export const htmlExtractor: Extractor = {
  name: 'html',
  async extract({ source, budget, progress, during }) {
    const file = await source.spool();
    // Markup weighs more than the text it wraps: read a generous multiple of the budget.
    const maxChars = (budget.maxChars - budget.size) * 4;
    await progress('html');
    const sections = await during((signal) =>
      runOffThread({ kind: 'html', filePath: file.path, maxChars }, signal),
    );
    for (const section of sections) budget.add(section);
  },
};
